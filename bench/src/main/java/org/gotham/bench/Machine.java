package org.gotham.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the figures were measured on: cores, memory, CPU, JDK, OS, and how busy the machine was. */
final class Machine {

    private Machine() {}

    static Json.Obj describe() {
        return Json.obj()
                .with("cores", Runtime.getRuntime().availableProcessors())
                .with("cpu", cpuModel())
                .with("memoryGiB", Math.round(memTotalKib() / 1024.0 / 1024.0 * 10) / 10.0)
                .with("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"))
                .with("os", osName() + " (Linux " + System.getProperty("os.version") + ")")
                .with("loadAverageAtStart", loadAverage());
    }

    /** The 1-, 5- and 15-minute load averages. */
    static List<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String cpuModel() {
        return lines("/proc/cpuinfo").stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("unknown");
    }

    private static long memTotalKib() {
        return lines("/proc/meminfo").stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .orElse(0L);
    }

    private static String osName() {
        Optional<String> pretty = lines("/etc/os-release").stream()
                .filter(l -> l.startsWith("PRETTY_NAME="))
                .findFirst()
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""));
        return pretty.orElse(System.getProperty("os.name"));
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
