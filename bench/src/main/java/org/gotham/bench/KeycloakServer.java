package org.gotham.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip in the Maven cache, started as the system tests start it
 * ({@code start-dev}, in-memory Keycloak database, realm created through the admin API; PostgreSQL where a
 * benchmark asks for it, as {@code import} does), on free ports, with the
 * provider jar in {@code providers/}, metrics on the management port and a fixed 1 GiB heap ceiling.
 */
final class KeycloakServer implements AutoCloseable {

    static final String VERSION = "26.7.3";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "bench-admin-password";

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private Process process;

    private KeycloakServer(Path home, Path log) {
        this.home = home;
        this.log = log;
        this.httpPort = freePort();
        this.managementPort = freePort();
    }

    /** Unpacks the distribution once (bench/work/keycloak-VERSION), installs the provider and starts Keycloak. */
    static KeycloakServer start(Settings settings, Path providerJar) {
        return start(settings, providerJar, "keycloak-" + VERSION, List.of("--db=dev-mem"));
    }

    /**
     * Keycloak from its own unpacked copy {@code bench/work/<homeName>} (so that a benchmark with other build options
     * never rebuilds the copy another Keycloak of the run is using), with these database options.
     */
    static KeycloakServer start(Settings settings, Path providerJar, String homeName, List<String> databaseOptions) {
        Path home = install(settings, providerJar, homeName);
        Path log = settings.work.resolve("logs/keycloak-" + System.currentTimeMillis() + ".log");
        KeycloakServer server = new KeycloakServer(home, log);
        server.startProcess(databaseOptions);
        return server;
    }

    /** The unpacked distribution {@code bench/work/<homeName>} with {@code providerJar} as its only provider. */
    static Path install(Settings settings, Path providerJar, String homeName) {
        Path home = distribution(settings, homeName);
        try {
            Path providers = home.resolve("providers");
            Files.createDirectories(providers);
            try (Stream<Path> old = Files.list(providers)) {
                for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(jar);
                }
            }
            Files.copy(
                    providerJar, providers.resolve("keycloak-user-provider.jar"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** Keycloak's own database in PostgreSQL here, as in production ({@code --db=postgres}). */
    static List<String> postgresOptions(String database) {
        return List.of("--db=postgres", "--db-url=" + Postgres.url(database), "--db-username=" + Postgres.USER);
    }

    /** The environment every Keycloak of the benchmarks gets: the bootstrap admin and a fixed 1 GiB heap ceiling. */
    static Map<String, String> environment() {
        return Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
    }

    private void startProcess(List<String> databaseOptions) {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--http-host=127.0.0.1",
                "--hostname=" + baseUrl()));
        command.addAll(databaseOptions);
        command.addAll(List.of("--health-enabled=true", "--metrics-enabled=true", "--log-level=INFO"));
        Map<String, String> env = environment();
        Bench.say("Starting Keycloak " + VERSION + " on port " + httpPort + " (log: " + log + ")");
        long started = System.nanoTime();
        process = Processes.start(command, home, env, log);
        Http http = new Http();
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!http.isUp("http://127.0.0.1:" + managementPort + "/health/ready")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Keycloak not ready after 300 s; see " + log);
            }
            Processes.sleep(500);
        }
        Bench.say(String.format("  Keycloak ready in %.1f s", (System.nanoTime() - started) / 1e9));
    }

    private static Path distribution(Settings settings, String homeName) {
        Path home = settings.work.resolve(homeName);
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = Path.of(
                System.getProperty("user.home"),
                ".m2/repository/org/keycloak/keycloak-quarkus-dist",
                VERSION,
                "keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            Processes.output(
                    List.of(
                            settings.repo.resolve("mvnw").toString(),
                            "-q",
                            "-B",
                            "-N",
                            "dependency:get",
                            "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip"),
                    settings.repo);
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak " + VERSION + " is not in the Maven cache (" + zip + ")");
        }
        Path unpack = settings.work.resolve(".keycloak-unpack");
        Processes.output(List.of("rm", "-rf", unpack.toString()), null);
        Processes.output(List.of("mkdir", "-p", unpack.toString()), null);
        String out = Processes.output(List.of("unzip", "-q", zip.toString(), "-d", unpack.toString()), null);
        if (!Files.isDirectory(unpack.resolve("keycloak-" + VERSION))) {
            throw new IllegalStateException("cannot unzip " + zip + ": " + out);
        }
        try {
            Files.move(unpack.resolve("keycloak-" + VERSION), home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** The front-end URL: the issuer of every token is {@code baseUrl()/realms/<realm>}. */
    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    String tokenUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    String jwksUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    Path log() {
        return log;
    }

    int httpPort() {
        return httpPort;
    }

    long javaPid() {
        return Processes.javaPid(process);
    }

    /** CPU seconds of Keycloak's JVM so far by thread kind (see {@link Processes#cpuSecondsByThreadKind}). */
    Map<String, Double> cpuSecondsByThreadKind() {
        return Processes.cpuSecondsByThreadKind(javaPid());
    }

    double cpuSeconds() {
        return Processes.cpuSeconds(process.toHandle());
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
        Http.Answer answer = http.get("http://127.0.0.1:" + managementPort + "/metrics", null);
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

    static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port != 8080 && port != 8081 && port != 9000) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        Processes.stop(process, 30);
    }
}
