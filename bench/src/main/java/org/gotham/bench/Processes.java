package org.gotham.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starting and stopping the processes a benchmark measures. Each runs in its own session ({@code setsid}), so
 * stopping it stops everything it started (kc.sh and its JVM, run.sh and both services), and nothing else.
 */
final class Processes {

    private static final long CLOCK_TICKS = clockTicks();

    private Processes() {}

    /** Starts {@code command} in a new session in {@code dir}, output appended to {@code log}. */
    static Process start(List<String> command, Path dir, Map<String, String> environment, Path log) {
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, 5)));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** SIGTERM to the process's whole session group, SIGKILL after {@code graceSeconds}. */
    static void stop(Process process, int graceSeconds) {
        if (process == null
                || !process.isAlive() && process.descendants().findAny().isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = tree(process.toHandle());
        signalGroup(process.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(200);
        }
        if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
            signalGroup(process.pid(), "KILL");
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the group is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process and all its descendants. */
    static List<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    /** The first JVM in the tree (kc.sh's java), or the root itself. */
    static long javaPid(Process process) {
        return tree(process.toHandle()).stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(process.pid());
    }

    /** CPU seconds (user + system) used so far by the process and its live descendants. */
    static double cpuSeconds(ProcessHandle root) {
        return tree(root).stream().mapToDouble(h -> cpuSeconds(h.pid())).sum();
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
