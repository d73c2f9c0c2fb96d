package org.gotham.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.KeycloakDistribution;
import org.gotham.testsupport.KeycloakProcess;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Versions;

/**
 * Keycloak as the benchmarks run it, started by test-support's {@link KeycloakProcess} ({@code start-dev}, in-memory
 * Keycloak database, realms created through the admin API; PostgreSQL where a benchmark asks for it, as
 * {@code import} does; the provider jar in {@code providers/}, metrics on the management port, a fixed 1 GiB heap
 * ceiling), with what the benchmarks measure of it: CPU, heap after a full GC, requests served.
 */
final class MeasuredKeycloak implements AutoCloseable {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "bench-admin-password";

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final KeycloakProcess keycloak;

    private MeasuredKeycloak(KeycloakProcess keycloak) {
        this.keycloak = keycloak;
    }

    /** Keycloak from {@code bench/work/keycloak-<version>} (unpacked once), Keycloak's database in memory. */
    static MeasuredKeycloak start(Settings settings, Path providerJar) {
        return start(settings, providerJar, new String[0]);
    }

    /** As {@link #start(Settings, Path)}, with more {@code kc.sh} options, such as the user event metrics. */
    static MeasuredKeycloak start(Settings settings, Path providerJar, String... arguments) {
        return start(
                settings,
                KeycloakProcess.builder(home(settings, "keycloak-" + Versions.keycloak()))
                        .arguments(arguments),
                providerJar);
    }

    /**
     * Keycloak from its own unpacked copy {@code bench/work/<homeName>} (so that a benchmark with other build options
     * never rebuilds the copy another Keycloak of the run is using), Keycloak's own database in PostgreSQL
     * {@code database}, as in production.
     */
    static MeasuredKeycloak startOnPostgres(Settings settings, Path providerJar, String homeName, String database) {
        KeycloakProcess.Builder builder = KeycloakProcess.builder(home(settings, homeName))
                .database(
                        "postgres",
                        DatabaseServers.jdbcUrl(Vendor.POSTGRESQL, database),
                        DatabaseServers.user(Vendor.POSTGRESQL),
                        "");
        return start(settings, builder, providerJar);
    }

    private static MeasuredKeycloak start(Settings settings, KeycloakProcess.Builder builder, Path providerJar) {
        Path log = settings.work.resolve("logs/keycloak-" + System.currentTimeMillis() + ".log");
        Bench.say("Starting Keycloak " + Versions.keycloak() + " (log: " + log + ")");
        long started = System.nanoTime();
        KeycloakProcess keycloak = builder.provider(providerJar)
                .environment(environment())
                .arguments("--metrics-enabled=true", "--log-level=INFO")
                .log(log)
                .start();
        Bench.say(String.format(
                "  Keycloak ready on port %d in %.1f s", keycloak.httpPort(), (System.nanoTime() - started) / 1e9));
        return new MeasuredKeycloak(keycloak);
    }

    /** The unpacked distribution {@code bench/work/<homeName>} with {@code providerJar} as its only provider. */
    static Path install(Settings settings, Path providerJar, String homeName) {
        Path home = home(settings, homeName);
        KeycloakDistribution.installProvider(home, providerJar);
        return home;
    }

    private static Path home(Settings settings, String homeName) {
        return KeycloakDistribution.unpacked(settings.repo, settings.work.resolve(homeName));
    }

    /** The environment every Keycloak of the benchmarks gets: the bootstrap admin and a fixed 1 GiB heap ceiling. */
    static Map<String, String> environment() {
        return Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
    }

    /** The front-end URL: the issuer of every token is {@code baseUrl()/realms/<realm>}. */
    String baseUrl() {
        return keycloak.baseUrl();
    }

    String issuer(String realm) {
        return keycloak.issuer(realm);
    }

    String tokenUrl(String realm) {
        return keycloak.tokenUrl(realm);
    }

    String jwksUrl(String realm) {
        return keycloak.jwksUrl(realm);
    }

    Path log() {
        return keycloak.logFile();
    }

    /** A URL on the management port ({@code /metrics}, {@code /health/ready}). */
    URI managementUri(String path) {
        return keycloak.managementUri(path);
    }

    int httpPort() {
        return keycloak.httpPort();
    }

    long javaPid() {
        return keycloak.jvm().pid();
    }

    /** CPU seconds of Keycloak's JVM so far by thread kind (see {@link Processes#cpuSecondsByThreadKind}). */
    Map<String, Double> cpuSecondsByThreadKind() {
        return Processes.cpuSecondsByThreadKind(javaPid());
    }

    double cpuSeconds() {
        return Processes.cpuSeconds(keycloak.process());
    }

    /** Heap after a full GC (what stays live) and the heap reserved, in MiB, read with jcmd. */
    Json.Obj heapAfterGc() {
        long pid = javaPid();
        Processes.output(List.of("jcmd", Long.toString(pid), "GC.run"), null);
        String info = Processes.output(List.of("jcmd", Long.toString(pid), "GC.heap_info"), null);
        Matcher m = HEAP_USED.matcher(info);
        Json.Obj heap = Json.obj();
        if (m.find()) {
            heap.with("usedAfterFullGcMiB", Math.round(Long.parseLong(m.group(2)) / 102.4) / 10.0)
                    .with("committedMiB", Math.round(Long.parseLong(m.group(1)) / 102.4) / 10.0);
        } else {
            heap.with("error", "jcmd GC.heap_info gave no heap line: " + Json.abbreviate(info));
        }
        return heap.with("rssMiB", rssMiB(pid));
    }

    private static double rssMiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 102.4) / 10.0)
                    .orElse(0.0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * HTTP requests Keycloak has served on its public port so far, by its own metrics
     * ({@code http_server_requests_seconds_count}, management-port requests excluded).
     */
    long servedRequests(Http http) {
        Http.Answer answer = http.get(keycloak.managementUri("/metrics").toString(), null);
        if (!answer.ok()) {
            return -1;
        }
        long total = 0;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{")
                    && !line.contains("uri=\"/metrics\"")
                    && !line.contains("uri=\"/health")) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
