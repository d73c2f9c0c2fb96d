package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip on Maven Central, run as a process (the default
 * {@link KeycloakRuntime}; this machine has no Docker engine) with the freshly built provider in
 * {@code providers/} and the gotham realm imported, on free ports, with an in-memory Keycloak database.
 * Its log goes to {@code work.dir/logs}. It reaches the legacy databases as this JVM does.
 */
public final class KeycloakProcess implements KeycloakServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Path home;
    private final String database;
    private final Map<String, String> environment;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private Process process;

    private KeycloakProcess(Path home, String database, Map<String, String> environment, Path log) {
        this.home = home;
        this.database = database;
        this.environment = environment;
        this.httpPort = FreePort.next();
        this.managementPort = FreePort.next();
        this.log = log;
    }

    /**
     * Prepares the distribution (provider jar and realm file in place) and starts Keycloak.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, e.g. {@code LEGACY_DB_URL}
     */
    public static KeycloakProcess start(Map<String, String> realmEnvironment) {
        return start(Environment.pathProperty("keycloak.dist.dir"), "dev-mem", realmEnvironment);
    }

    /**
     * Like {@link #start(Map)}, from the distribution in {@code home} (a copy, so that two Keycloaks never
     * rebuild one directory at once) with Keycloak's own database {@code database}: {@code dev-mem}, or
     * {@code dev-file} to keep realms and keys across {@link #stopProcess()} and {@link #startProcess()}.
     */
    public static KeycloakProcess start(Path home, String database, Map<String, String> realmEnvironment) {
        Path workDir = Environment.pathProperty("work.dir");
        try {
            installProvider(home, Environment.pathProperty("provider.jar"));
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            Files.copy(
                    Environment.pathProperty("realm.file"),
                    importDir.resolve("gotham-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CRIME_IMPORTER_SECRET", IMPORTER_SECRET);
        env.put("CRIME_API_CLIENT_SECRET", CRIME_API_SECRET);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1g");
        env.putAll(realmEnvironment);
        Path log = workDir.resolve("logs/keycloak-" + STARTS.incrementAndGet() + ".log");
        KeycloakProcess server = new KeycloakProcess(home, database, env, log);
        server.startProcess();
        return server;
    }

    private static void installProvider(Path home, Path providerJar) throws IOException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(providerJar, providers.resolve(providerJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts the process and waits until Keycloak reports itself ready. */
    public void startProcess() {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--http-host=127.0.0.1",
                // one issuer whatever host name a client uses, so crime-api and browsers agree on it
                "--hostname=" + baseUrl(),
                "--db=" + database,
                "--health-enabled=true",
                // the HTTP limits run.sh and Compose set (docs/security.md), so the flood tests see what users get
                "--http-pool-max-threads=50",
                "--http-max-queued-requests=500",
                "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().putAll(environment);
        process = ServerProcess.start(
                "Keycloak",
                builder,
                log,
                URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                STARTUP_TIMEOUT);
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 30 s) and its child processes. */
    public void stopProcess() {
        ServerProcess.stop(process);
    }

    /** The process started last ({@code kc.sh}; Keycloak's JVM is its child), e.g. to measure its memory. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Fixed with {@code --hostname}, so the issuer is the same whatever host name a client uses. */
    @Override
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The same URL: Keycloak runs on this machine, beside the databases. */
    @Override
    public String legacyDbUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /** Everything Keycloak has logged so far (the log is appended, so it spans restarts). */
    @Override
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
