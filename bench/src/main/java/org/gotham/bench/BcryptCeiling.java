package org.gotham.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The bcrypt ceiling, measured with JMH: BouncyCastle's {@code OpenBSDBCrypt.checkPassword} as the provider calls it
 * (the password's UTF-8 bytes), one hash at one cost, on N threads (one per core) doing only that check, in a JVM of
 * its own. The figure is checks per second over all threads (JMH's throughput), and the CPU milliseconds one check
 * takes (the threads' CPU time over their checks), as SignInBench reports them.
 */
@State(Scope.Benchmark)
public class BcryptCeiling {

    /** What one run of the ceiling gave. */
    record Figure(double perSecond, double cpuMillisPerCheck) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The hash to check (its cost is the cost measured); set by {@link #measure}. */
    @Param("")
    public String hash;

    @Param("")
    public String password;

    private byte[] utf8;

    /** Per thread: CPU time and checks of one iteration, summed by JMH over threads. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public long cpuNanos;
        public long checks;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            checks = 0;
        }
    }

    @Setup
    public void encode() {
        utf8 = password.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void checkPassword(Cpu cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        if (!OpenBSDBCrypt.checkPassword(hash, utf8)) {
            throw new IllegalStateException("bcrypt check did not match");
        }
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.checks++;
    }

    /**
     * Checks per second of {@code hash} on {@code threads} threads: one fork, one warm-up iteration, then
     * {@code seconds} of measurement in iterations of 2 s ({@code smoke}: one iteration, a 1 s warm-up).
     */
    static Figure measure(int threads, double seconds, boolean smoke, String hash, String password) {
        int iterations = smoke ? 1 : Math.max(1, (int) Math.round(seconds / 2));
        TimeValue iteration = TimeValue.milliseconds(Math.round(seconds * 1000 / iterations));
        Options options = new OptionsBuilder()
                .include(Pattern.quote(BcryptCeiling.class.getName()) + "\\.checkPassword$")
                .param("hash", hash)
                .param("password", password)
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .threads(threads)
                .forks(1)
                .jvmArgs("-Xms128m", "-Xmx256m")
                .warmupIterations(1)
                .warmupTime(TimeValue.seconds(smoke ? 1 : 2))
                .measurementIterations(iterations)
                .measurementTime(iteration)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result;
        try {
            result = new Runner(options).runSingle();
        } catch (RunnerException e) {
            throw new IllegalStateException("the JMH bcrypt ceiling failed: " + e.getMessage(), e);
        }
        Result<?> cpuNanos = result.getSecondaryResults().get("cpuNanos");
        Result<?> checks = result.getSecondaryResults().get("checks");
        double cpuMillis = cpuNanos == null || checks == null || checks.getScore() == 0
                ? Double.NaN
                : cpuNanos.getScore() / checks.getScore() / 1e6;
        return new Figure(result.getPrimaryResult().getScore(), cpuMillis);
    }
}
