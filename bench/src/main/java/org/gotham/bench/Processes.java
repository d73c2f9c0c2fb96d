package org.gotham.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gotham.testsupport.ServerProcess;

/**
 * What the benchmarks read of the processes they measure ({@code /proc}: CPU by process and by thread kind) and short
 * commands they run. Starting and stopping servers is test-support's {@link org.gotham.testsupport.ServerProcess}.
 */
final class Processes {

    private static final long CLOCK_TICKS = clockTicks();

    private Processes() {}

    /** CPU seconds (user + system) used so far by the process and its live descendants. */
    static double cpuSeconds(ProcessHandle root) {
        return ServerProcess.tree(root).stream()
                .mapToDouble(h -> cpuSeconds(h.pid()))
                .sum();
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds used so far by the live threads of one JVM, by kind: {@code jit} (C1/C2 compiler threads),
     * {@code gc} (garbage collector and VM threads) and {@code work} (every other thread: requests, event
     * loops, timers). Threads that ended are not counted.
     */
    static Map<String, Double> cpuSecondsByThreadKind(long pid) {
        Map<String, Double> kinds = new java.util.TreeMap<>(Map.of("jit", 0.0, "gc", 0.0, "work", 0.0));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                    kinds.merge(threadKind(name), seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return kinds;
    }

    /** The kind of a JVM thread by its (15-character) Linux name. */
    static String threadKind(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.equals("VM Thread")
                || name.startsWith("VM Periodic")) {
            return "gc";
        }
        return "work";
    }

    /** Runs a short command and returns its output, or "" if it failed. */
    static String output(List<String> command, Path dir) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir == null ? null : dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(120, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(output(List.of("getconf", "CLK_TCK"), null).trim());
        } catch (RuntimeException e) {
            return 100;
        }
    }
}
