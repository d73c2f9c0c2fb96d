package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.systemtest.support.LegacyDatabase.Vendor;

/**
 * crime-api's executable jar (the one the build made, {@code crime-api.jar}) run as a process beside
 * the run's Keycloak: on the port the gotham realm's {@code crime-web} client redirects to, on the
 * gotham realm's SQLite legacy database, trusting that realm's tokens. Its log goes to
 * {@code work.dir/logs}.
 */
public final class CrimeApiServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final AtomicInteger OTHERS = new AtomicInteger();
    /** Settings the developer's shell may hold for a local crime-api; this one gets only ours. */
    private static final List<String> INHERITED_SETTINGS =
            List.of("SERVER_", "SPRING_", "LEGACY_DB_", "KEYCLOAK_", "GOTHAM_", "API_DOCS_");

    private final int port;
    private final LegacyDatabase database;
    private final Path log;
    private Process process;

    private CrimeApiServer(int port, LegacyDatabase database, Path log) {
        this.port = port;
        this.database = database;
        this.log = log;
    }

    /** Starts crime-api for the gotham realm of {@code keycloak} and waits until it is ready. */
    static CrimeApiServer start(GothamKeycloak keycloak) {
        LegacyDatabase database = keycloak.realm(Vendor.SQLITE).database();
        Path workDir = Environment.pathProperty("work.dir");
        try {
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CrimeApiServer server =
                new CrimeApiServer(keycloak.crimeApiPort(), database, workDir.resolve("logs/crime-api.log"));
        server.startProcess(Map.of(
                "SERVER_PORT", String.valueOf(keycloak.crimeApiPort()),
                "LEGACY_DB_URL", database.jdbcUrl(),
                "LEGACY_DB_USERNAME", database.username(),
                "LEGACY_DB_PASSWORD", database.password(),
                "KEYCLOAK_ISSUER_URI", keycloak.server().issuer("gotham"),
                "KEYCLOAK_PUBLIC_URL", keycloak.server().baseUrl(),
                // the page's registered address, as run.sh and Compose give it
                "CRIME_WEB_URL", keycloak.crimeWebUrl(),
                "CRIME_API_CLIENT_SECRET", KeycloakServer.CRIME_API_SECRET,
                // the run's tests register and sign in dozens of times from 127.0.0.1; the shipped limits
                // are crime-api's own tests' concern (LegacyRouteRateLimitAppTest)
                "GOTHAM_RATE_LIMIT_LOGIN_CAPACITY", "10000",
                "GOTHAM_RATE_LIMIT_REGISTER_CAPACITY", "10000"));
        return server;
    }

    /**
     * Starts another crime-api, beside the run's one: on a free port, trusting the tokens of {@code issuer}
     * (any Keycloak, any realm), on {@code database}, with extra {@code settings} as environment variables
     * (e.g. {@code GOTHAM_SECURITY_JWKS_CACHETTL=20s}). Its log is {@code work.dir/logs/crime-api-<n>.log}.
     */
    public static CrimeApiServer start(String issuer, LegacyDatabase database, Map<String, String> settings) {
        Path workDir = Environment.pathProperty("work.dir");
        try {
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = FreePort.next();
        CrimeApiServer server = new CrimeApiServer(
                port, database, workDir.resolve("logs/crime-api-" + OTHERS.incrementAndGet() + ".log"));
        Map<String, String> environment = new HashMap<>(settings);
        environment.putIfAbsent("CRIME_API_CLIENT_SECRET", KeycloakServer.CRIME_API_SECRET);
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("LEGACY_DB_URL", database.jdbcUrl());
        environment.put("LEGACY_DB_USERNAME", database.username());
        environment.put("LEGACY_DB_PASSWORD", database.password());
        environment.put("KEYCLOAK_ISSUER_URI", issuer);
        server.startProcess(environment);
        return server;
    }

    /** The crime-api JVM, e.g. to measure its memory. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    private void startProcess(Map<String, String> environment) {
        Path jar = Environment.pathProperty("crime-api.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build crime-api first (mvn verify builds it)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xms64m", "-Xmx384m", "-jar", jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(log.getParent().toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> INHERITED_SETTINGS.stream().anyMatch(name::startsWith));
        builder.environment().putAll(environment);
        process = ServerProcess.start(
                "crime-api",
                builder,
                log,
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"),
                STARTUP_TIMEOUT);
    }

    public void stopProcess() {
        ServerProcess.stop(process);
    }

    /** The page and API address as browsers use it: the crime-web client's redirect URIs name it. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** The legacy database crime-api reads and writes (and Keycloak's provider reads users from). */
    public LegacyDatabase database() {
        return database;
    }

    /** Everything crime-api has logged so far. */
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
