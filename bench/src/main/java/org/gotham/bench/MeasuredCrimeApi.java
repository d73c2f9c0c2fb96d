package org.gotham.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gotham.testsupport.CrimeApiProcess;

/**
 * crime-api's executable jar started by test-support's {@link CrimeApiProcess} on a free port bound to 127.0.0.1,
 * with the settings given, and what the benchmarks measure of it: its CPU, a JFR recording.
 */
final class MeasuredCrimeApi implements AutoCloseable {

    private final CrimeApiProcess crimeApi;

    private MeasuredCrimeApi(CrimeApiProcess crimeApi) {
        this.crimeApi = crimeApi;
    }

    static MeasuredCrimeApi start(Settings settings, Path jar, String name, Map<String, String> settingsEnv) {
        Path log = settings.work.resolve("logs/crime-api-" + name + "-" + System.currentTimeMillis() + ".log");
        Bench.say("Starting crime-api (" + name + ") (log: " + log + ")");
        long started = System.nanoTime();
        Map<String, String> env = new HashMap<>(settingsEnv);
        env.put("SERVER_ADDRESS", "127.0.0.1");
        CrimeApiProcess crimeApi = CrimeApiProcess.builder(jar)
                .environment(env)
                .jvmOptions("-Xms256m", "-Xmx512m")
                .log(log)
                .start();
        Bench.say(String.format(
                "  crime-api (%s) ready on port %d in %.1f s",
                name, crimeApi.port(), (System.nanoTime() - started) / 1e9));
        return new MeasuredCrimeApi(crimeApi);
    }

    String url(String path) {
        return "http://127.0.0.1:" + crimeApi.port() + path;
    }

    /** Starts a JFR recording (profile settings) of the next {@code seconds} into {@code file}. */
    void record(Path file, double seconds) {
        Processes.output(
                List.of(
                        "jcmd",
                        Long.toString(crimeApi.process().pid()),
                        "JFR.start",
                        "name=bench",
                        "settings=profile",
                        "duration=" + Math.round(seconds) + "s",
                        "filename=" + file),
                null);
    }

    double cpuSeconds() {
        return Processes.cpuSeconds(crimeApi.process());
    }

    @Override
    public void close() {
        crimeApi.close();
    }
}
