package org.gotham.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** crime-api's executable jar run as its own process, on a free port, with the settings given. */
final class CrimeApiServer implements AutoCloseable {

    private final int port;
    private final Process process;

    private CrimeApiServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static CrimeApiServer start(Settings settings, Path jar, String name, Map<String, String> settingsEnv) {
        int port = KeycloakServer.freePort();
        Map<String, String> env = new HashMap<>(settingsEnv);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        Path log = settings.work.resolve("logs/crime-api-" + name + "-" + System.currentTimeMillis() + ".log");
        Bench.say("Starting crime-api (" + name + ") on port " + port + " (log: " + log + ")");
        long started = System.nanoTime();
        Process process = Processes.start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin/java").toString(),
                        "-Xms256m",
                        "-Xmx512m",
                        "-jar",
                        jar.toString()),
                settings.work,
                env,
                log);
        CrimeApiServer server = new CrimeApiServer(port, process);
        Http http = new Http();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!http.isUp(server.url("/actuator/health/readiness"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("crime-api (" + name + ") did not start; see " + log);
            }
            Processes.sleep(300);
        }
        Bench.say(String.format("  crime-api (%s) ready in %.1f s", name, (System.nanoTime() - started) / 1e9));
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Starts a JFR recording (profile settings) of the next {@code seconds} into {@code file}. */
    void record(java.nio.file.Path file, double seconds) {
        Processes.output(
                List.of(
                        "jcmd",
                        Long.toString(Processes.javaPid(process)),
                        "JFR.start",
                        "name=bench",
                        "settings=profile",
                        "duration=" + Math.round(seconds) + "s",
                        "filename=" + file),
                null);
    }

    double cpuSeconds() {
        return Processes.cpuSeconds(process.toHandle());
    }

    @Override
    public void close() {
        Processes.stop(process, 30);
    }
}
