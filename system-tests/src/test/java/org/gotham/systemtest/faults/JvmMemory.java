package org.gotham.systemtest.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The memory of another JVM on this machine, read with the JDK's own tools: the heap in use right after a full
 * collection ({@code jcmd GC.run}, then {@code jstat -gc}), which is what a leak makes grow, and the resident set
 * size from {@code /proc}, which a JVM rarely gives back and so only shows growth.
 */
record JvmMemory(long heapAfterGcKb, long rssKb) {

    private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    static boolean toolsAvailable() {
        return Files.isExecutable(JDK_BIN.resolve("jcmd")) && Files.isExecutable(JDK_BIN.resolve("jstat"));
    }

    static JvmMemory of(ProcessHandle jvm) {
        run("jcmd", Long.toString(jvm.pid()), "GC.run");
        List<String> lines = run("jstat", "-gc", Long.toString(jvm.pid()))
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length; i++) {
            // survivor, eden and old space in use; metaspace is not heap
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return new JvmMemory(Math.round(used), rss(jvm));
    }

    /** The JVM among a process and its descendants ({@code kc.sh} runs Keycloak's JVM as a child). */
    static ProcessHandle jvmOf(ProcessHandle process) {
        if (process.info().command().orElse("").endsWith("/java")) {
            return process;
        }
        return process.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JVM under process " + process.pid()));
    }

    private static long rss(ProcessHandle jvm) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(String tool, String... arguments) {
        List<String> command = new ArrayList<>(List.of(JDK_BIN.resolve(tool).toString()));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
