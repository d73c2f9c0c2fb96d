package org.gotham.systemtest.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Running many generated requests a few at a time, and reporting what they found wrong readably. */
final class FuzzChecks {

    /** The one seed of every generated input: the same inputs on every run. */
    static final long SEED = 20_240_007L;

    private static final int PARALLEL = 4;

    private FuzzChecks() {}

    /** Runs the checks {@value #PARALLEL} at a time and returns what they found wrong (the first 20, and a count). */
    static List<String> runAll(List<Callable<String>> checks) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<String> problems = new ArrayList<>();
            for (Future<String> result : pool.invokeAll(checks, 10, TimeUnit.MINUTES)) {
                String problem;
                try {
                    problem = result.get();
                } catch (Exception e) {
                    problem = "an exception: " + e;
                }
                if (problem != null) {
                    problems.add(problem);
                }
            }
            if (problems.size() > 20) {
                List<String> first = new ArrayList<>(problems.subList(0, 20));
                first.add("... " + problems.size() + " problems in all, of " + checks.size() + " requests");
                return first;
            }
            return problems;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static String show(String s) {
        String visible = s.replace("\u0000", "\\0");
        return visible.length() > 120 ? visible.substring(0, 120) + "... (" + s.length() + " chars)" : visible;
    }
}
