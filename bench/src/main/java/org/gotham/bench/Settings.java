package org.gotham.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a run measures and how long, from {@code -Dbench.name=value} or the environment ({@code BENCH_NAME}),
 * with one default for the full run and one for the smoke run ({@code bench.smoke=true}: small tables, short
 * windows, reports under {@code bench/work/} so that the committed ones stay untouched).
 */
final class Settings {

    final boolean smoke;
    final Path repo;
    final Path work;
    final Path reports;

    Settings(Path repo) {
        this.smoke = Boolean.parseBoolean(raw("smoke", "false"));
        this.repo = repo;
        this.work = repo.resolve("bench/work");
        this.reports = smoke ? work.resolve("smoke-reports") : repo.resolve("bench/reports");
    }

    /** A whole number: the value set, else the smoke or full default. */
    int integer(String name, int smokeDefault, int fullDefault) {
        String value = raw(name, null);
        return value == null ? (smoke ? smokeDefault : fullDefault) : Integer.parseInt(value.trim());
    }

    List<Integer> integers(String name, String smokeDefault, String fullDefault) {
        String value = raw(name, smoke ? smokeDefault : fullDefault);
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .toList();
    }

    String text(String name, String fallback) {
        return raw(name, fallback);
    }

    private static String raw(String name, String fallback) {
        String value = System.getProperty("bench." + name);
        if (value == null) {
            value = System.getenv(
                    "BENCH_" + name.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
