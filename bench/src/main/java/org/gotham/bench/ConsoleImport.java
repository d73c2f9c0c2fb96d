package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One "Sync all users" of a user storage component as the admin console asks for it
 * ({@code POST /admin/realms/{realm}/user-storage/{id}/sync?action=triggerFullSync}), watched once a second until it
 * has finished.
 *
 * <p>A provider with the import status resource ({@code GET /admin/realms/{realm}/legacy-migration/{id}/import})
 * may answer the sync at once and import in the background: the status tells its progress and its end. Without it
 * (that resource answers 404: the provider before the import ran in the background) the sync request is the whole import, and the progress is
 * the number of the realm's users in Keycloak's database, counted once a second.
 */
final class ConsoleImport {

    /** Progress at a time: seconds since the sync request was sent, rows processed (or users in Keycloak) by then. */
    record Point(double seconds, long processed) {}

    /** What one sync did and how long it took. */
    record Result(
            String mode,
            int syncStatus,
            String syncAnswer,
            double syncAnsweredSeconds,
            String state,
            double seconds,
            double serverSeconds,
            long processed,
            long added,
            long updated,
            long failed,
            boolean timedOut,
            int pollErrors,
            List<Point> points) {

        boolean succeeded() {
            return !timedOut && state.startsWith("DONE");
        }

        double usersPerSecond() {
            return seconds > 0 ? added / seconds : Double.NaN;
        }

        /** The figures, with at most about {@code maxPoints} evenly chosen points of the progress. */
        Json.Obj json(int maxPoints) {
            List<Double> times = new ArrayList<>();
            List<Long> processedThen = new ArrayList<>();
            int step = Math.max(1, (points.size() + maxPoints - 1) / maxPoints);
            for (int i = 0; i < points.size(); i++) {
                if (i % step == 0 || i == points.size() - 1) {
                    times.add(ClosedLoop.round(points.get(i).seconds(), 1));
                    processedThen.add(points.get(i).processed());
                }
            }
            return Json.obj()
                    .with("mode", mode)
                    .with("syncHttpStatus", syncStatus)
                    .with("syncAnswer", Json.abbreviate(syncAnswer))
                    .with("syncAnsweredSeconds", number(syncAnsweredSeconds))
                    .with("state", state)
                    .with("seconds", number(seconds))
                    .with("serverSeconds", number(serverSeconds))
                    .with("usersPerSecond", number(usersPerSecond()))
                    .with("processed", processed)
                    .with("added", added)
                    .with("updated", updated)
                    .with("failed", failed)
                    .with("timedOut", timedOut)
                    .with("pollErrors", pollErrors)
                    .with("progressPoints", points.size())
                    .with("progressSeconds", times)
                    .with("progressProcessed", processedThen);
        }
    }

    /** Two decimals, or null (JSON null) for what was not measured. */
    static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : ClosedLoop.round(value, 2);
    }

    private ConsoleImport() {}

    /**
     * Runs one sync and waits for its end, at most {@code timeout}.
     *
     * @param keycloakUsers the realm's users in Keycloak's database, for a provider without the status resource
     */
    static Result run(
            KeycloakAdmin admin, String realm, String componentId, Duration timeout, LongSupplier keycloakUsers) {
        String statusPath = "/" + realm + "/legacy-migration/" + componentId + "/import";
        Http.Answer probe = admin.get(statusPath);
        boolean background = probe.ok();
        if (!background && probe.status() != 404) {
            Bench.say("  import status resource answered " + probe.status() + ": watching the user count instead");
        }
        long usersBefore = background ? 0 : keycloakUsers.getAsLong();
        String syncPath = "/" + realm + "/user-storage/" + componentId + "/sync?action=triggerFullSync";
        admin.token(); // a fresh token outside the measured time
        long postMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        AtomicLong syncAnsweredNanos = new AtomicLong();
        CompletableFuture<Http.Answer> sync = CompletableFuture.supplyAsync(() -> {
            Http.Answer answer = admin.send("POST", syncPath, null, timeout);
            syncAnsweredNanos.set(System.nanoTime());
            return answer;
        });
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, 0));
        JsonNode status = null;
        int pollErrors = 0;
        int pollsSinceSyncFailed = 0;
        boolean timedOut = false;
        for (int tick = 1; ; tick++) {
            // once a second; a synchronous import is over as soon as its request answers
            boolean syncDone = waitFor(sync, (t0 + tick * 1_000_000_000L - System.nanoTime()) / 1_000_000L);
            if (syncDone && !background) {
                break;
            }
            Processes.sleep(Math.max(0, (t0 + tick * 1_000_000_000L - System.nanoTime()) / 1_000_000L));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (background) {
                Http.Answer answer = admin.get(statusPath);
                if (answer.ok()) {
                    status = Json.parse(answer.body());
                    if (startedAfter(status, postMillis)) {
                        points.add(new Point(seconds, status.path("processed").asLong()));
                    }
                } else {
                    pollErrors++;
                }
                boolean ours = status != null && startedAfter(status, postMillis);
                boolean finished = ours && isFinished(status.path("state").asText());
                if (finished && syncDone) {
                    break;
                }
                if (syncDone && !sync.join().ok() && !ours && ++pollsSinceSyncFailed >= 3) {
                    break; // refused, and no import of ours started
                }
            } else {
                points.add(new Point(seconds, keycloakUsers.getAsLong() - usersBefore));
            }
            if (seconds > timeout.toSeconds()) {
                timedOut = true;
                break;
            }
        }
        Http.Answer answer = sync.isDone() ? sync.join() : new Http.Answer(0, "no answer yet");
        double answeredSeconds = sync.isDone() ? (syncAnsweredNanos.get() - t0) / 1e9 : Double.NaN;
        if (background) {
            boolean ours = status != null && startedAfter(status, postMillis);
            long finishedAt = ours ? status.path("finishedAt").asLong(0) : 0;
            long startedAt = ours ? status.path("startedAt").asLong(0) : 0;
            double seconds = finishedAt > 0 ? (finishedAt - postMillis) / 1000.0 : (System.nanoTime() - t0) / 1e9;
            long processed = ours ? status.path("processed").asLong() : 0;
            points.add(new Point(seconds, processed));
            return new Result(
                    "background",
                    answer.status(),
                    answer.body(),
                    answeredSeconds,
                    ours ? status.path("state").asText() : "NOT STARTED",
                    seconds,
                    finishedAt > 0 && startedAt > 0 ? (finishedAt - startedAt) / 1000.0 : Double.NaN,
                    processed,
                    ours ? status.path("added").asLong() : 0,
                    ours ? status.path("updated").asLong() : 0,
                    ours ? status.path("failed").asLong() : 0,
                    timedOut,
                    pollErrors,
                    points);
        }
        double seconds = sync.isDone() ? answeredSeconds : (System.nanoTime() - t0) / 1e9;
        long users = keycloakUsers.getAsLong() - usersBefore;
        if (!answer.ok() && !timedOut) {
            // Keycloak's transaction timeout (300 s) makes the sync answer 400 while the import goes on: watch the
            // users until their number stops growing for 10 s, and take the time of the last growth
            int still = 0;
            for (int tick = (int) Math.ceil(seconds) + 1; still < 10 && tick < timeout.toSeconds(); tick++) {
                Processes.sleep(Math.max(0, (t0 + tick * 1_000_000_000L - System.nanoTime()) / 1_000_000L));
                long now = keycloakUsers.getAsLong() - usersBefore;
                double at = (System.nanoTime() - t0) / 1e9;
                if (now > users) {
                    users = now;
                    seconds = at;
                    still = 0;
                    points.add(new Point(at, now));
                } else {
                    still++;
                }
            }
        }
        JsonNode result = answer.ok() ? Json.parse(answer.body()) : Json.MAPPER.createObjectNode();
        long added = answer.ok() ? result.path("added").asLong() : users;
        points.add(new Point(seconds, users));
        return new Result(
                "synchronous",
                answer.status(),
                answer.body(),
                answeredSeconds,
                answer.ok() ? "DONE" : users > 0 ? "DONE (the sync answered " + answer.status() + ")" : "FAILED",
                seconds,
                Double.NaN,
                added + result.path("updated").asLong() + result.path("failed").asLong(),
                added,
                result.path("updated").asLong(),
                result.path("failed").asLong(),
                timedOut,
                pollErrors,
                points);
    }

    /** Waits up to {@code millis} for the sync to answer; true if it did. */
    private static boolean waitFor(CompletableFuture<Http.Answer> sync, long millis) {
        if (millis <= 0) {
            return sync.isDone();
        }
        try {
            sync.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** The status describes an import started by this sync (not the one before it). */
    private static boolean startedAfter(JsonNode status, long postMillis) {
        return status.path("startedAt").asLong(0) >= postMillis - 1000;
    }

    private static boolean isFinished(String state) {
        return state.equals("DONE") || state.equals("FAILED");
    }
}
