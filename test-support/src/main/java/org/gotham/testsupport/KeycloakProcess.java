package org.gotham.testsupport;

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
import java.util.Objects;

/**
 * Keycloak from an unpacked {@link KeycloakDistribution}, run as a process ({@code kc.sh}) on free ports: the HTTP
 * port on 127.0.0.1 with the issuer fixed to {@code http://localhost:<port>} ({@code --hostname}) unless a
 * {@link Builder#hostname hostname} is given, health on the management port, the provider jar in {@code providers/},
 * a realm file imported at start, the log appended to one file across restarts. Built with {@link #builder};
 * {@link Builder#start()} returns once {@code /health/ready} answers.
 *
 * <p>Each process needs a distribution directory of its own. A second node of a cluster is a second builder on its
 * own {@link KeycloakDistribution#copy copy}, on the same {@link Builder#database database}, with the first node's
 * {@link #baseUrl()} as its {@link Builder#hostname hostname} (one front-end URL, as behind a load balancer), the
 * cache options as {@link Builder#arguments arguments} and {@link Builder#command(String) start} rather than
 * {@code start-dev}; {@link KeycloakDistribution#build} builds a copy once for {@code start --optimized}.
 */
public final class KeycloakProcess implements AutoCloseable {

    private final Path home;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int httpPort;
    private final int managementPort;
    private final String hostname;
    private final Path log;
    private final Duration startupTimeout;
    private Process process;

    KeycloakProcess(Builder builder, int httpPort, int managementPort) {
        this.home = builder.home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.hostname = builder.hostname != null ? builder.hostname : nodeUrl();
        this.log = builder.log;
        this.startupTimeout = builder.startupTimeout;
        this.environment = Map.copyOf(builder.environment);
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                builder.command,
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--http-host=127.0.0.1",
                // one issuer whatever host name a client uses, so crime-api and browsers agree on it
                "--hostname=" + baseUrl(),
                "--db=" + builder.database,
                "--health-enabled=true"));
        if (builder.databaseUrl != null) {
            command.add("--db-url=" + builder.databaseUrl);
            command.add("--db-username=" + builder.databaseUser);
        }
        if (builder.realmFile != null) {
            command.add("--import-realm");
        }
        command.addAll(builder.arguments);
        this.command = List.copyOf(command);
    }

    /** A Keycloak to run from the unpacked distribution in {@code home}. */
    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** What to start; {@link #start()} puts the files in place, picks the ports and starts Keycloak. */
    public static final class Builder {

        private final Path home;
        private String command = "start-dev";
        private String database = "dev-mem";
        private String databaseUrl;
        private String databaseUser;
        private String hostname;
        private Path providerJar;
        private Path realmFile;
        private Path log;
        private Duration startupTimeout = Duration.ofMinutes(5);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> arguments = new ArrayList<>();

        private Builder(Path home) {
            this.home = home;
            this.log = home.resolveSibling(home.getFileName() + ".log");
        }

        /** {@code kc.sh}'s command: {@code start-dev} (the default), or {@code start} for a cluster's nodes. */
        public Builder command(String command) {
            this.command = command;
            return this;
        }

        /**
         * Keycloak's own database ({@code --db}): {@code dev-mem} (the default), {@code dev-file} to keep realms and
         * keys across {@link #stopProcess()} and {@link #startProcess()}, or a server such as {@code postgres}.
         */
        public Builder database(String kind) {
            this.database = kind;
            return this;
        }

        /** Keycloak's own database on a server: {@code kind} ({@code postgres}, say) at {@code url}. */
        public Builder database(String kind, String url, String user, String password) {
            this.database = kind;
            this.databaseUrl = url;
            this.databaseUser = user;
            // in the environment, not the command line, where every process of the machine could read it
            environment.put("KC_DB_PASSWORD", password);
            return this;
        }

        /**
         * The front-end URL ({@code --hostname}) tokens name and pages link to, when it is not this node's own
         * {@code http://localhost:<port>}: the one URL of a cluster's load balancer, say. Requests may still reach the
         * node on its own port ({@link #nodeUrl()}).
         */
        public Builder hostname(String url) {
            this.hostname = url;
            return this;
        }

        /** The provider jar, the only jar in {@code providers/}. */
        public Builder provider(Path jar) {
            this.providerJar = jar;
            return this;
        }

        /** A realm file imported at start ({@code --import-realm}); its placeholders read the environment. */
        public Builder realmImport(Path file) {
            this.realmFile = file;
            return this;
        }

        /** The master realm's bootstrap admin. */
        public Builder admin(String user, String password) {
            environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", user);
            environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
            return this;
        }

        /** The JVM's heap options ({@code JAVA_OPTS_KC_HEAP}), e.g. {@code -Xms128m -Xmx1g}. */
        public Builder heap(String options) {
            environment.put("JAVA_OPTS_KC_HEAP", options);
            return this;
        }

        /** Environment variables for {@code kc.sh}: the realm file's placeholders, {@code KC_*} options. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** More {@code kc.sh} options, after the ones this class sets (a later option wins). */
        public Builder arguments(String... options) {
            arguments.addAll(List.of(options));
            return this;
        }

        /** The file Keycloak's output is appended to (default: beside {@code home}, {@code <home>.log}). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Puts provider and realm file in place, starts Keycloak on free ports and waits until it is ready. */
        public KeycloakProcess start() {
            try {
                if (providerJar != null) {
                    KeycloakDistribution.installProvider(home, providerJar);
                }
                if (realmFile != null) {
                    Path importDir = home.resolve("data/import");
                    Files.createDirectories(importDir);
                    Files.copy(
                            realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.createDirectories(log.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KeycloakProcess keycloak = new KeycloakProcess(this, FreePort.next(), FreePort.next());
            keycloak.startProcess();
            return keycloak;
        }
    }

    /** Starts the process (again, on the same ports) and waits until Keycloak reports itself ready. */
    public void startProcess() {
        process = ServerProcess.start(command, home, environment, log);
        ServerProcess.awaitReady("Keycloak", process, managementUri("/health/ready"), startupTimeout, log);
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 30 s) and everything it started. */
    public void stopProcess() {
        ServerProcess.stop(process, ServerProcess.GRACE);
    }

    /** Kills Keycloak's JVM at once (SIGKILL), as a crash or an OOM killer would, without a shutdown. */
    public void kill() {
        ServerProcess.kill(process);
    }

    /** The process started last ({@code kc.sh}; Keycloak's JVM is its child, see {@link #jvm()}). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Keycloak's JVM, e.g. to measure its memory or CPU. */
    public ProcessHandle jvm() {
        return ServerProcess.jvm(process());
    }

    /**
     * The front-end URL, fixed with {@code --hostname}: tokens name {@code baseUrl()/realms/<realm>}. This node's own
     * {@link #nodeUrl()} unless the builder was given another {@link Builder#hostname hostname}.
     */
    public String baseUrl() {
        return hostname;
    }

    /** Where this node itself answers: {@code http://localhost:<its HTTP port>}. */
    public String nodeUrl() {
        return "http://localhost:" + httpPort;
    }

    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public String tokenUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    public String jwksUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** A URL on the management port ({@code /health/ready}, {@code /metrics}). */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    /** Everything Keycloak has logged so far (the log is appended, so it spans restarts). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code kc.sh} command line, without the environment. */
    public List<String> command() {
        return command;
    }

    @Override
    public void close() {
        stopProcess();
    }

    @Override
    public String toString() {
        return "Keycloak on " + baseUrl() + " (" + Objects.toString(log) + ")";
    }
}
