package org.gotham.keycloak.legacy.migration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * The counts of one import run (or dry run) as it goes, safe to read from other threads: what the status endpoint, the
 * progress log and the console's answer show. Per row it keeps nothing but, for each refusal reason, the first few
 * row ids (never a hash), so memory stays flat however large the table.
 */
final class ImportProgress {

    enum State {
        RUNNING,
        DONE,
        FAILED,
        /** Another node of the cluster holds the import's lock: this run did nothing. */
        ALREADY_RUNNING
    }

    /** Row ids kept per refusal reason, for the report and the WARN lines. */
    static final int SAMPLES_PER_REASON = 20;

    private final boolean dryRun;
    private final long startedAt = System.currentTimeMillis();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Map<ImportPlan.Refusal, Long> refused = new EnumMap<>(ImportPlan.Refusal.class);
    private final Map<ImportPlan.Refusal, List<String>> samples = new EnumMap<>(ImportPlan.Refusal.class);
    private volatile State state = State.RUNNING;
    private volatile long total = -1;
    private volatile long processed;
    private volatile long added;
    private volatile long updated;
    private volatile long unchanged;
    private volatile long failed;
    private volatile long finishedAt;
    private volatile String problem;

    ImportProgress(boolean dryRun) {
        this.dryRun = dryRun;
    }

    boolean dryRun() {
        return dryRun;
    }

    void total(long rows) {
        this.total = rows;
    }

    /**
     * Counts one page's steps once they are done (or, in a dry run, once they are planned).
     *
     * @return the refusals among them that are among the first of their reason (worth a WARN line of their own)
     */
    synchronized List<ImportPlan.Step> count(List<ImportPlan.Step> steps) {
        List<ImportPlan.Step> first = new ArrayList<>();
        for (ImportPlan.Step step : steps) {
            switch (step.action()) {
                case CREATE, CREATE_FROM_FEDERATED -> added++;
                case UPDATE_HASH, ADOPT -> updated++;
                case UNCHANGED -> unchanged++;
                case REFUSE -> {
                    if (refuse(step)) {
                        first.add(step);
                    }
                }
                default -> throw new IllegalStateException("unknown action " + step.action());
            }
        }
        processed += steps.size();
        return first;
    }

    private boolean refuse(ImportPlan.Step step) {
        failed++;
        long count = refused.merge(step.refusal(), 1L, Long::sum);
        List<String> ids = samples.computeIfAbsent(step.refusal(), reason -> new ArrayList<>());
        if (ids.size() < SAMPLES_PER_REASON) {
            ids.add(
                    step.user() == null || step.user().legacyId() == null
                            ? Long.toString(step.row().id())
                            : step.row().id() + " (Keycloak user '"
                                    + step.user().username() + "' came from row "
                                    + step.user().legacyId() + ")");
        }
        return count <= SAMPLES_PER_REASON;
    }

    void done() {
        finish(State.DONE, null);
    }

    void failed(String why) {
        finish(State.FAILED, why);
    }

    void alreadyRunning() {
        finish(State.ALREADY_RUNNING, null);
    }

    private void finish(State end, String why) {
        this.problem = why;
        this.finishedAt = System.currentTimeMillis();
        this.state = end;
        finished.countDown();
    }

    /** Waits up to {@code millis} for the run to end; true if it has. */
    boolean await(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    State state() {
        return state;
    }

    long processed() {
        return processed;
    }

    long total() {
        return total;
    }

    long added() {
        return added;
    }

    /** Why the run failed, or null. */
    String problem() {
        return problem;
    }

    long startedAt() {
        return startedAt;
    }

    /** Rows per second since the start. */
    double rate() {
        long end = finishedAt > 0 ? finishedAt : System.currentTimeMillis();
        return processed * 1000.0 / Math.max(1, end - startedAt);
    }

    /** What Keycloak's console shows when the run has ended. */
    SynchronizationResult result() {
        SynchronizationResult result = new SynchronizationResult();
        result.setAdded((int) Math.min(Integer.MAX_VALUE, added));
        result.setUpdated((int) Math.min(Integer.MAX_VALUE, updated));
        result.setFailed((int) Math.min(Integer.MAX_VALUE, failed));
        return result;
    }

    /** The status as JSON-ready values. */
    synchronized Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", state.name());
        map.put("dryRun", dryRun);
        map.put("total", total);
        map.put("processed", processed);
        map.put("added", added);
        map.put("updated", updated);
        map.put("unchanged", unchanged);
        map.put("failed", failed);
        Map<String, Object> reasons = new LinkedHashMap<>();
        refused.forEach((reason, count) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("reason", reason.reason());
            entry.put("count", count);
            entry.put("rows", List.copyOf(samples.getOrDefault(reason, List.of())));
            reasons.put(reason.name(), entry);
        });
        map.put("refused", reasons);
        map.put("rowsPerSecond", Math.round(rate()));
        map.put("startedAt", startedAt);
        map.put("finishedAt", finishedAt > 0 ? finishedAt : null);
        map.put("problem", problem);
        return map;
    }
}
