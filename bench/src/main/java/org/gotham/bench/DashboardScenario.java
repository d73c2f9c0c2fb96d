package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * The scripted few minutes behind the dashboard's picture, so that every panel has something to show. Throughout:
 * legacy users sign in (password grants of client {@code crime-cli}, some through crime-api's old
 * {@code POST /users/login}): right passwords, wrong ones and names nobody has; their tokens are refreshed and sent
 * to crime-api. On a timeline of fractions of the run, with the component first as the realm file has it (WRITABLE,
 * no lazy migration): registrations through crime-api's old {@code POST /users/register} and password resets through
 * the admin API (rows written); the legacy database cut off for a while (a {@link DatabaseProxy}); then the admin
 * switches the component to READ_ONLY with lazy migration (users migrate as they sign in), starts "Sync all users"
 * for the rest, and once it is done switches lazy migration off again.
 */
final class DashboardScenario {

    /** A moment of the run named on the picture. */
    record Mark(Instant at, String what) {}

    /** Where the scenario's requests go. */
    record Target(
            MeasuredKeycloak keycloak,
            KeycloakAdmin admin,
            String realm,
            String componentId,
            String crimeApiUrl,
            DatabaseProxy databaseProxy,
            int legacyUsers,
            IntFunction<String> username,
            IntFunction<String> password,
            int crimes) {}

    static final double WRITES_FROM = 0.07;
    static final double WRITES_UNTIL = 0.40;
    static final double OUTAGE_AT = 0.22;
    static final double LAZY_MIGRATION_AT = 0.45;
    static final double IMPORT_AT = 0.58;

    /** After the last edit of the component, time for the users left to be recounted and scraped. */
    private static final long MIN_TAIL_MILLIS = 20_000;

    private static final int SIGN_IN_CLIENTS = 2;
    private static final long SIGN_IN_PAUSE_MILLIS = 250;
    private static final long API_PAUSE_MILLIS = 120;
    private static final long REFRESH_PAUSE_MILLIS = 1000;
    private static final long WRITE_PAUSE_MILLIS = 2000;

    private final Target target;
    private final Duration length;
    private final Duration outage;
    private final Duration importTimeout;
    private final Http http = new Http();
    private final List<Mark> marks = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Recent sign-ins' tokens: access token and refresh token. */
    private final List<String[]> tokens = Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger registered = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean writing;
    private Instant start;
    private ConsoleImport.Result importResult;

    DashboardScenario(Target target, Duration length, Duration outage, Duration importTimeout) {
        this.target = target;
        this.length = length;
        this.outage = outage;
        this.importTimeout = importTimeout;
    }

    /** Runs the whole scenario (returns after {@code length}, or once the import is done if that is later). */
    void run() {
        start = Instant.now();
        mark("scenario starts: sign-ins, refreshes and crime-api requests throughout");
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < SIGN_IN_CLIENTS; i++) {
            long seed = 17L * (i + 1);
            workers.add(worker("dashboard-sign-in-" + i, () -> signIns(new Random(seed))));
        }
        workers.add(worker("dashboard-refresh", () -> refreshes(new Random(29))));
        workers.add(worker("dashboard-crime-api", () -> crimeApiRequests(new Random(31))));
        workers.add(worker("dashboard-writes", () -> writes(new Random(37))));
        workers.forEach(Thread::start);
        try {
            at(WRITES_FROM);
            writing = true;
            mark("write-back starts: registrations (crime-api POST /users/register), admin password resets");
            at(OUTAGE_AT);
            target.databaseProxy().cut();
            mark("legacy database cut off");
            Processes.sleep(outage.toMillis());
            target.databaseProxy().restore();
            mark("legacy database back");
            at(WRITES_UNTIL);
            writing = false;
            mark("write-back ends");
            at(LAZY_MIGRATION_AT);
            updateComponent("READ_ONLY", true);
            mark("component switched to READ_ONLY with lazy migration");
            at(IMPORT_AT);
            mark("Sync all users starts");
            importResult =
                    ConsoleImport.run(target.admin(), target.realm(), target.componentId(), importTimeout, () -> -1);
            mark(String.format(
                    "Sync all users %s: %,d added in %.0f s",
                    importResult.state().toLowerCase(java.util.Locale.ROOT),
                    importResult.added(),
                    importResult.seconds()));
            Processes.sleep(5_000);
            updateComponent("READ_ONLY", false);
            mark("lazy migration switched off again");
            long lazyOff = System.currentTimeMillis();
            at(1.0);
            Processes.sleep(Math.max(0, lazyOff + MIN_TAIL_MILLIS - System.currentTimeMillis()));
            mark("scenario ends");
        } finally {
            running = false;
            writing = false;
            target.databaseProxy().restore();
            for (Thread worker : workers) {
                try {
                    worker.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    Instant start() {
        return start;
    }

    List<Mark> marks() {
        return List.copyOf(marks);
    }

    ConsoleImport.Result importResult() {
        return importResult;
    }

    /** What was sent and how it was answered, by kind: {@code sign-in right password: 200}, ... */
    Map<String, Long> counts() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    // ---- the timeline ----

    private void at(double fraction) {
        long due = start.toEpochMilli() + Math.round(length.toMillis() * fraction);
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
            Processes.sleep(wait);
        }
    }

    private void mark(String what) {
        Mark mark = new Mark(Instant.now(), what);
        marks.add(mark);
        long seconds = start == null ? 0 : Duration.between(start, mark.at()).toSeconds();
        Bench.say(String.format("  [+%3d s] %s", seconds, what));
    }

    /** What an admin does in the console's settings of the federation: edit mode and lazy migration. */
    private void updateComponent(String editMode, boolean lazyMigration) {
        String path = "/" + target.realm() + "/components/" + target.componentId();
        ObjectNode component = (ObjectNode) target.admin().getJson(path);
        ObjectNode config = (ObjectNode) component.path("config");
        config.set("editMode", Json.MAPPER.createArrayNode().add(editMode));
        config.set("lazyMigration", Json.MAPPER.createArrayNode().add(Boolean.toString(lazyMigration)));
        target.admin().require(target.admin().send("PUT", path, component), "updating the federation component");
    }

    // ---- the traffic ----

    private static Thread worker(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Right passwords (a quarter of them through crime-api's old login route), wrong ones, unknown names. */
    private void signIns(Random random) {
        while (running) {
            double p = random.nextDouble();
            int g = 1 + random.nextInt(target.legacyUsers());
            String username = target.username().apply(g);
            if (p < 0.12) {
                grant("sign-in unknown name", "nobody." + random.nextInt(1_000_000), "not-a-password-1");
            } else if (p < 0.30) {
                grant("sign-in wrong password", username, "wrong-password-" + random.nextInt(1000));
            } else if (p < 0.47) {
                Http.Answer answer = http.sendJson(
                        "POST",
                        target.crimeApiUrl() + "/users/login",
                        null,
                        Json.write(Map.of(
                                "username",
                                username,
                                "password",
                                target.password().apply(g))));
                count("crime-api POST /users/login", answer);
                keepTokens(answer);
            } else {
                keepTokens(grant(
                        "sign-in right password", username, target.password().apply(g)));
            }
            Processes.sleep(SIGN_IN_PAUSE_MILLIS);
        }
    }

    private Http.Answer grant(String kind, String username, String password) {
        Http.Answer answer = http.postForm(
                target.keycloak().tokenUrl(target.realm()),
                Map.of("grant_type", "password", "client_id", "crime-cli", "username", username, "password", password));
        count(kind, answer);
        return answer;
    }

    private void keepTokens(Http.Answer answer) {
        if (!answer.ok()) {
            return;
        }
        JsonNode body = Json.parse(answer.body());
        String[] pair = {
            body.path("access_token").asText(), body.path("refresh_token").asText(null)
        };
        synchronized (tokens) {
            if (tokens.size() >= 50) {
                tokens.remove(0);
            }
            tokens.add(pair);
        }
    }

    private String[] someTokens(Random random) {
        synchronized (tokens) {
            return tokens.isEmpty() ? null : tokens.get(random.nextInt(tokens.size()));
        }
    }

    private void refreshes(Random random) {
        while (running) {
            String[] pair = someTokens(random);
            if (pair != null && pair[1] != null) {
                Http.Answer answer = http.postForm(
                        target.keycloak().tokenUrl(target.realm()),
                        Map.of("grant_type", "refresh_token", "client_id", "crime-cli", "refresh_token", pair[1]));
                count("refresh", answer);
                if (answer.ok()) {
                    synchronized (tokens) {
                        tokens.remove(pair);
                    }
                    keepTokens(answer);
                }
            }
            Processes.sleep(REFRESH_PAUSE_MILLIS);
        }
    }

    /** Crimes by id and by page with a user's token; a few without a token, a few ids that do not exist. */
    private void crimeApiRequests(Random random) {
        while (running) {
            String[] pair = someTokens(random);
            if (pair != null) {
                double p = random.nextDouble();
                String bearer = p < 0.06 ? null : pair[0];
                String path = p < 0.10
                        ? "/crimes/" + (target.crimes() + 1 + random.nextInt(1000))
                        : p < 0.35
                                ? "/crimes?skip=" + random.nextInt(target.crimes()) + "&limit=20"
                                : "/crimes/" + (1 + random.nextInt(target.crimes()));
                Http.Answer answer = http.get(target.crimeApiUrl() + path, bearer);
                count("crime-api GET " + (path.startsWith("/crimes?") ? "/crimes" : "/crimes/{id}"), answer);
            }
            Processes.sleep(API_PAUSE_MILLIS);
        }
    }

    /** While writing: a registration, then a password reset (to the same password, so sign-ins still match). */
    private void writes(Random random) {
        boolean register = true;
        while (running) {
            if (writing) {
                if (register) {
                    int n = registered.incrementAndGet();
                    Http.Answer answer = http.sendJson(
                            "POST",
                            target.crimeApiUrl() + "/users/register",
                            null,
                            Json.write(Map.of("username", "new.officer." + n, "password", "new-officer-pw-" + n)));
                    count("crime-api POST /users/register", answer);
                } else {
                    int g = 1 + random.nextInt(target.legacyUsers());
                    resetPassword(target.username().apply(g), target.password().apply(g));
                }
                register = !register;
            }
            Processes.sleep(WRITE_PAUSE_MILLIS);
        }
    }

    /** The admin finds the user (by exact name, as the console does), then sets its password. */
    private void resetPassword(String username, String password) {
        Http.Answer found = target.admin()
                .get("/" + target.realm() + "/users?exact=true&username="
                        + URLEncoder.encode(username, StandardCharsets.UTF_8));
        JsonNode users = found.ok() ? Json.parse(found.body()) : Json.MAPPER.createArrayNode();
        if (users.isEmpty()) {
            count(found.ok() ? "admin user search, nobody found" : "admin user search", found);
            return;
        }
        count(
                "admin password reset",
                target.admin()
                        .send(
                                "PUT",
                                "/" + target.realm() + "/users/"
                                        + users.get(0).path("id").asText() + "/reset-password",
                                Map.of("type", "password", "value", password, "temporary", false)));
    }

    private void count(String kind, Http.Answer answer) {
        counts.computeIfAbsent(
                        kind + ": " + (answer.status() == 0 ? "no answer" : answer.status()), k -> new LongAdder())
                .increment();
    }
}
