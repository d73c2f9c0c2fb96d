package org.gotham.systemtest.support;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * Keycloak in a container ({@code -Dkeycloak.runtime=container}, see {@link KeycloakRuntime}): the
 * {@code keycloak.image} image, the same Keycloak version as the distribution zip, started in {@code start-dev} by
 * testcontainers-keycloak's {@link KeycloakContainer}, given what {@link ProcessKeycloak} gives its process:
 * <ul>
 *   <li>the freshly built provider jar copied into {@code /opt/keycloak/providers}, the realm file into
 *       {@code /opt/keycloak/data/import} (imported at start, its placeholders filled from the container's
 *       environment), Keycloak's own database in memory, the master admin of {@link KeycloakServer};
 *   <li>{@code work.dir} bound at the same path, read-write, so a SQLite legacy database's {@code jdbc:sqlite:}
 *       URL names the same file inside; the container runs as the owner of {@code work.dir} (in group 0, which the
 *       image's files allow) so that it can write that file and its journal;
 *   <li>a legacy database on this machine's loopback reached as {@value #HOST}, its port forwarded with
 *       {@link Testcontainers#exposeHostPorts}: see {@link #legacyDbUrl};
 *   <li>nothing for crime-api: Keycloak never calls it, and the browser on this machine follows the
 *       {@code crime-web} client's redirect URIs ({@code http://localhost:<port>}) itself.
 * </ul>
 * Unlike the process, no {@code --hostname}: the mapped port is known only once the container runs, so the issuer
 * follows the host name of each request, and every client here uses {@link #baseUrl()}. The log also goes to
 * {@code work.dir/logs/keycloak-container-<n>.log}, which outlives a container that failed to start.
 *
 * <p>Needs a Docker engine on this machine: the bind mount and the port forwarding do not reach a remote one.
 */
public final class ContainerKeycloak implements KeycloakServer {

    static final String PROVIDER_IN_CONTAINER = "/opt/keycloak/providers/keycloak-user-provider.jar";
    static final String REALM_IN_CONTAINER = "/opt/keycloak/data/import/gotham-realm.json";
    /** The name Testcontainers gives this machine inside a container with access to the host. */
    static final String HOST = "host.testcontainers.internal";

    private static final int MANAGEMENT_PORT = 9000;
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
    private static final String SQLITE = "jdbc:sqlite:";
    private static final Pattern LOOPBACK =
            Pattern.compile("(jdbc:[a-z]+://)(?:127\\.0\\.0\\.1|localhost)(?::(\\d+))?(/.*)?");
    private static final Map<String, Integer> DEFAULT_PORTS =
            Map.of("jdbc:postgresql://", 5432, "jdbc:mariadb://", 3306, "jdbc:mysql://", 3306);
    private static final AtomicInteger STARTS = new AtomicInteger();

    /**
     * What the container is made of, decided without Docker so that a unit test can read it.
     *
     * @param environment the container's environment: the realm file's variables as Keycloak inside sees them
     * @param files host files to copy in, by their path in the container
     * @param sharedDir the directory bound at the same path inside
     * @param user the container's {@code uid:gid}
     * @param hostPorts ports of this machine's loopback to forward into the container before it starts
     */
    record Plan(
            String image,
            Map<String, String> environment,
            Map<String, Path> files,
            Path sharedDir,
            String user,
            Set<Integer> hostPorts) {

        static Plan of(
                String image,
                Path providerJar,
                Path realmFile,
                Path workDir,
                String user,
                Map<String, String> realmEnvironment) {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("KC_DB", "dev-mem");
            environment.put("CRIME_IMPORTER_SECRET", IMPORTER_SECRET);
            environment.put("CRIME_API_CLIENT_SECRET", CRIME_API_SECRET);
            environment.putAll(realmEnvironment);
            Set<Integer> hostPorts = new HashSet<>();
            String legacyUrl = realmEnvironment.get("LEGACY_DB_URL");
            if (legacyUrl != null) {
                environment.put("LEGACY_DB_URL", jdbcUrlInContainer(legacyUrl, workDir));
                loopbackPort(legacyUrl).ifPresent(hostPorts::add);
            }
            Map<String, Path> files = Map.of(PROVIDER_IN_CONTAINER, providerJar, REALM_IN_CONTAINER, realmFile);
            return new Plan(image, Map.copyOf(environment), files, workDir, user, Set.copyOf(hostPorts));
        }
    }

    private final KeycloakContainer container;
    private final Path sharedDir;

    private ContainerKeycloak(KeycloakContainer container, Path sharedDir) {
        this.container = container;
        this.sharedDir = sharedDir;
    }

    /**
     * Starts the container and waits until Keycloak reports itself ready.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, as this JVM sees them
     */
    static ContainerKeycloak start(Map<String, String> realmEnvironment) {
        Path workDir = Environment.pathProperty("work.dir");
        Path log = workDir.resolve("logs/keycloak-container-" + STARTS.incrementAndGet() + ".log");
        try {
            Files.createDirectories(log.getParent());
            String user = Files.getAttribute(workDir, "unix:uid") + ":0";
            Plan plan = Plan.of(
                    image(),
                    Environment.pathProperty("provider.jar"),
                    Environment.pathProperty("realm.file"),
                    workDir,
                    user,
                    realmEnvironment);
            plan.hostPorts().forEach(Testcontainers::exposeHostPorts);
            KeycloakContainer container = container(plan, log);
            try {
                container.start();
            } catch (RuntimeException e) {
                container.stop();
                throw new IllegalStateException("Keycloak's container did not become ready; its log: " + log, e);
            }
            return new ContainerKeycloak(container, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image named by {@code keycloak.image} (the root pom sets it beside {@code keycloak.version}). */
    static String image() {
        return Objects.requireNonNull(
                System.getProperty("keycloak.image"), "system property keycloak.image is not set");
    }

    /** The container the plan describes, not started. Building it already needs Docker (it resolves the image). */
    static KeycloakContainer container(Plan plan, Path log) {
        KeycloakContainer container = new KeycloakContainer(plan.image())
                .withAdminUsername(ADMIN_USER)
                .withAdminPassword(ADMIN_PASSWORD)
                .withEnv(plan.environment())
                .withAccessToHost(true)
                .withFileSystemBind(
                        plan.sharedDir().toString(), plan.sharedDir().toString(), BindMode.READ_WRITE)
                .withCreateContainerCmdModifier(cmd -> cmd.withUser(plan.user()))
                .withLogConsumer(frame -> append(log, frame.getUtf8String()))
                // what the process waits for, rather than testcontainers-keycloak's /health/started
                .waitingFor(
                        Wait.forHttp("/health/ready").forPort(MANAGEMENT_PORT).withStartupTimeout(STARTUP_TIMEOUT));
        plan.files()
                .forEach((inContainer, onHost) ->
                        container.withCopyFileToContainer(MountableFile.forHostPath(onHost, 0644), inContainer));
        return container;
    }

    private static synchronized void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://<docker host>:<mapped port>}. */
    @Override
    public String baseUrl() {
        return container.getAuthServerUrl();
    }

    /** {@link #jdbcUrlInContainer}, with the database's port forwarded into the container first. */
    @Override
    public String legacyDbUrl(String jdbcUrl) {
        loopbackPort(jdbcUrl).ifPresent(Testcontainers::exposeHostPorts);
        return jdbcUrlInContainer(jdbcUrl, sharedDir);
    }

    /**
     * How Keycloak in the container names a database that this JVM reaches at {@code jdbcUrl}: a SQLite file by the
     * same path (it must lie in {@code sharedDir}), a server on this machine's loopback by {@value #HOST}, anything
     * else as it is.
     */
    static String jdbcUrlInContainer(String jdbcUrl, Path sharedDir) {
        if (jdbcUrl.startsWith(SQLITE)) {
            Path file =
                    Path.of(jdbcUrl.substring(SQLITE.length())).toAbsolutePath().normalize();
            if (!file.startsWith(sharedDir)) {
                throw new IllegalArgumentException("Keycloak's container sees only " + sharedDir
                        + " of this machine, not the SQLite file " + file);
            }
            return SQLITE + file;
        }
        Matcher m = LOOPBACK.matcher(jdbcUrl);
        if (!m.matches()) {
            return jdbcUrl;
        }
        return m.group(1) + HOST + ":" + port(m) + Objects.toString(m.group(3), "");
    }

    /** The port of a database on this machine's loopback, which must be forwarded into the container. */
    static OptionalInt loopbackPort(String jdbcUrl) {
        Matcher m = LOOPBACK.matcher(jdbcUrl);
        return m.matches() ? OptionalInt.of(port(m)) : OptionalInt.empty();
    }

    private static int port(Matcher loopback) {
        if (loopback.group(2) != null) {
            return Integer.parseInt(loopback.group(2));
        }
        Integer port = DEFAULT_PORTS.get(loopback.group(1));
        if (port == null) {
            throw new IllegalArgumentException("no port in " + loopback.group() + ", and no default port known for it");
        }
        return port;
    }

    /** Everything Keycloak has logged so far, as Docker holds it (a line may arrive a moment after its request). */
    @Override
    public String log() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}
