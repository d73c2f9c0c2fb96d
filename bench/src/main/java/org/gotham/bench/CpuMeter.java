package org.gotham.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many cores the whole machine kept busy between start and now, from {@code /proc/stat}. */
final class CpuMeter {

    private final long[] start;
    private final long startNanos;

    private CpuMeter(long[] start) {
        this.start = start;
        this.startNanos = System.nanoTime();
    }

    static CpuMeter start() {
        return new CpuMeter(read());
    }

    /** Busy cores on average: (total - idle - iowait) jiffies over the elapsed jiffies of one core. */
    double busyCores() {
        long[] now = read();
        long total = now[0] - start[0];
        long idle = now[1] - start[1];
        if (total <= 0) {
            return 0;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return cores * (total - idle) / (double) total;
    }

    private static long[] read() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
