package org.gotham.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * crime-api's executable jar run as a process with this JVM's Java, on a free port (or one given), on a legacy
 * database, trusting one issuer's tokens, its log appended to a file. Built with {@link #builder}; {@link
 * Builder#start()} returns once {@code /actuator/health/readiness} answers. Settings the developer's shell may hold
 * for a local crime-api ({@code SERVER_*}, {@code SPRING_*}, {@code LEGACY_DB_*}, ...) are not passed on: it gets
 * only the ones given here.
 */
public final class CrimeApiProcess implements AutoCloseable {

    private static final List<String> INHERITED_SETTINGS =
            List.of("SERVER_", "SPRING_", "LEGACY_DB_", "KEYCLOAK_", "GOTHAM_", "API_DOCS_", "CRIME_");

    private final int port;
    private final Path log;
    private final Process process;

    private CrimeApiProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** crime-api from {@code jar} (crime-api's {@code target/crime-api.jar}). */
    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    public static final class Builder {

        private final Path jar;
        private int port;
        private Path log;
        private List<String> jvmOptions = List.of("-Xms64m", "-Xmx384m");
        private Duration startupTimeout = Duration.ofMinutes(3);
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(Path jar) {
            this.jar = jar;
        }

        /** The port to listen on (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The legacy database crime-api reads and writes ({@code LEGACY_DB_*}). */
        public Builder legacyDatabase(LegacyDatabase database) {
            environment.putAll(database.realmVariables());
            return this;
        }

        /** The issuer whose tokens crime-api trusts ({@code KEYCLOAK_ISSUER_URI}). */
        public Builder issuer(String issuer) {
            environment.put("KEYCLOAK_ISSUER_URI", issuer);
            return this;
        }

        /** More settings as environment variables (e.g. {@code GOTHAM_SECURITY_JWKS_CACHETTL=20s}). */
        public Builder environment(Map<String, String> settings) {
            environment.putAll(settings);
            return this;
        }

        public Builder jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /** The file crime-api's output is appended to (required). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Starts crime-api and waits until it is ready. */
        public CrimeApiProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build crime-api first (mvn verify builds it)");
            }
            if (log == null) {
                throw new IllegalStateException("crime-api needs a log file");
            }
            int listen = port > 0 ? port : FreePort.next();
            List<String> command = new java.util.ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(log.toAbsolutePath().getParent().toFile());
            builder.environment()
                    .keySet()
                    .removeIf(name -> INHERITED_SETTINGS.stream().anyMatch(name::startsWith));
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(listen));
            Process process = ServerProcess.start(builder, log);
            ServerProcess.awaitReady(
                    "crime-api",
                    process,
                    URI.create("http://127.0.0.1:" + listen + "/actuator/health/readiness"),
                    startupTimeout,
                    log);
            return new CrimeApiProcess(listen, log, process);
        }
    }

    public int port() {
        return port;
    }

    /** The page and API address as browsers use it (the crime-web client's redirect URIs name localhost). */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The crime-api JVM, e.g. to measure its memory or CPU. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public Path logFile() {
        return log;
    }

    /** Everything crime-api has logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops crime-api (SIGTERM, then SIGKILL after 30 s). */
    public void stop() {
        ServerProcess.stop(process, ServerProcess.GRACE);
    }

    @Override
    public void close() {
        stop();
    }
}
