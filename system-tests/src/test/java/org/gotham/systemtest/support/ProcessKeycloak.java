package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gotham.testsupport.KeycloakProcess;

/**
 * Keycloak as a process (the default {@link KeycloakRuntime}; this machine has no Docker engine): test-support's
 * {@link KeycloakProcess} from the {@code keycloak-quarkus-dist} zip that the build unpacked, with the freshly built
 * provider, the gotham realm imported, the master admin and client secrets of {@link KeycloakServer}, and the HTTP
 * limits that run.sh and Compose set. Its log goes to {@code work.dir/logs}. It reaches the legacy databases as this
 * JVM does.
 */
public final class ProcessKeycloak implements KeycloakServer {

    private static final AtomicInteger STARTS = new AtomicInteger();
    /** {@code KEYCLOAK_HTTP_LIMITS=(...)} in run.sh. */
    private static final Pattern HTTP_LIMITS = Pattern.compile("KEYCLOAK_HTTP_LIMITS=\\(([^)]*)\\)");

    private final KeycloakProcess process;

    private ProcessKeycloak(KeycloakProcess process) {
        this.process = process;
    }

    /**
     * Starts the distribution the build unpacked, with an in-memory Keycloak database.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, e.g. {@code LEGACY_DB_URL}
     */
    public static ProcessKeycloak start(Map<String, String> realmEnvironment) {
        return start(configured(Environment.pathProperty("keycloak.dist.dir"), realmEnvironment));
    }

    /** Starts what {@code builder} describes (one from {@link #configured}, changed by the caller). */
    static ProcessKeycloak start(KeycloakProcess.Builder builder) {
        return new ProcessKeycloak(builder.start());
    }

    /**
     * The launcher set up as the system tests run Keycloak from the distribution in {@code home}, not started: a
     * caller may still choose Keycloak's own database, or make it a cluster's node.
     */
    public static KeycloakProcess.Builder configured(Path home, Map<String, String> realmEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CRIME_IMPORTER_SECRET", IMPORTER_SECRET);
        environment.put("CRIME_API_CLIENT_SECRET", CRIME_API_SECRET);
        environment.putAll(realmEnvironment);
        return KeycloakProcess.builder(home)
                .provider(Environment.pathProperty("provider.jar"))
                .realmImport(Environment.pathProperty("realm.file"))
                .admin(ADMIN_USER, ADMIN_PASSWORD)
                .heap("-Xms128m -Xmx1g")
                .environment(environment)
                // the HTTP limits run.sh and Compose set (docs/security.md), so the flood tests see what users get
                // the HTTP limits as run.sh sets them (Compose's are checked against run.sh's), so the flood tests
                // see what users get
                .arguments(httpLimits())
                // metrics on the management port, Keycloak's user events among them, as run.sh and Compose
                .arguments("--metrics-enabled=true", "--event-metrics-user-enabled=true")
                .log(Environment.pathProperty("work.dir")
                        .resolve("logs/keycloak-" + STARTS.incrementAndGet() + ".log"));
    }

    /** run.sh's {@code KEYCLOAK_HTTP_LIMITS}: the one place the limits are written. */
    static String[] httpLimits() {
        Path runSh = Path.of(System.getProperty("project.root", "..")).resolve("run.sh");
        try {
            Matcher limits = HTTP_LIMITS.matcher(Files.readString(runSh));
            if (!limits.find()) {
                throw new IllegalStateException(runSh + " sets no KEYCLOAK_HTTP_LIMITS");
            }
            return limits.group(1).trim().split("\\s+");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process again, on the same ports, and waits until Keycloak is ready. */
    public void startProcess() {
        process.startProcess();
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 30 s) and its child processes. */
    public void stopProcess() {
        process.stopProcess();
    }

    /** Kills Keycloak's JVM at once (SIGKILL), as a crash or an OOM killer would, without a shutdown. */
    public void kill() {
        process.kill();
    }

    /** The process started last ({@code kc.sh}; Keycloak's JVM is its child), e.g. to measure its memory. */
    public ProcessHandle process() {
        return process.process();
    }

    @Override
    public String baseUrl() {
        return process.baseUrl();
    }

    /** The same URL: Keycloak runs on this machine, beside the databases. */
    @Override
    public String legacyDbUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    @Override
    public String log() {
        return process.log();
    }

    @Override
    public URI managementUri(String path) {
        return process.managementUri(path);
    }

    @Override
    public void close() {
        process.close();
    }
}
