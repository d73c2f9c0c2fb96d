package org.gotham.systemtest.cluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.ProcessKeycloak;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.FreePort;
import org.gotham.testsupport.KeycloakDistribution;
import org.gotham.testsupport.KeycloakProcess;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh start}) on 127.0.0.1 forming one cluster, as operating.md
 * describes it: Keycloak's own database in PostgreSQL (a fresh database, which also carries JGroups' {@code jdbc-ping}
 * discovery), the embedded Infinispan caches ({@code --cache=ispn}) on loopback with a JGroups port per node, own
 * HTTP and management ports, ONE {@code --hostname} for both (node 1's URL, as a load balancer's would be), the
 * freshly built provider and the realm file as shipped, on a PostgreSQL legacy database made here with the committed
 * legacy users.
 *
 * <p>The distribution is built once ({@code kc.sh build}) and copied, and both nodes start {@code --optimized}. Node 1
 * starts first and imports the realm; the cluster has formed when both nodes log a view of two ({@code ISPN000094 ...
 * (2)}). {@link #close()} stops both nodes (or what started of them), deletes the copies and drops both databases.
 */
final class KeycloakCluster implements AutoCloseable {

    /** Keycloak's build options ({@code --cache} is a runtime option): {@code start --optimized} is given the same. */
    private static final List<String> BUILD_OPTIONS = List.of(
            "--db=postgres", "--health-enabled=true", "--metrics-enabled=true", "--event-metrics-user-enabled=true");

    static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);
    private static final String LOOPBACK = "127.0.0.1";

    private final String name;
    private final LegacyDatabase legacy;
    private final String crimeWebUrl = "http://localhost:" + FreePort.next();
    private final List<Path> homes = new ArrayList<>();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private String keycloakDb;

    private KeycloakCluster(String name, LegacyDatabase legacy) {
        this.name = name;
        this.legacy = legacy;
    }

    /**
     * Makes the databases, builds the distribution and starts both nodes; returns once they are one cluster. Skips
     * (fails under CI) where PostgreSQL is not on 127.0.0.1:5432.
     */
    static KeycloakCluster start() {
        LegacyDatabase.requireAvailable(Vendor.POSTGRESQL);
        // unique per test JVM: other checkouts on this machine may run the same tests on the same server
        String name = "st_cluster_" + ProcessHandle.current().pid();
        LegacyDatabase legacy = LegacyDatabase.create(
                Vendor.POSTGRESQL, name + "_legacy", Environment.pathProperty("work.dir"), LegacyUser.all());
        KeycloakCluster cluster = new KeycloakCluster(name, legacy);
        try {
            cluster.startNodes();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes() {
        keycloakDb = DatabaseServers.recreate(Vendor.POSTGRESQL, name + "_keycloak", Collation.BINARY);
        Path work = Environment.pathProperty("work.dir");
        Path first =
                KeycloakDistribution.copy(Environment.pathProperty("keycloak.dist.dir"), work.resolve(name + "-1"));
        homes.add(first);
        KeycloakDistribution.installProvider(first, Environment.pathProperty("provider.jar"));
        KeycloakDistribution.build(first, BUILD_OPTIONS, log(1), Duration.ofMinutes(5));
        Path second = KeycloakDistribution.copy(first, work.resolve(name + "-2"));
        homes.add(second);

        ClusterNode one = new ClusterNode("node 1", node(first, 1, LOOPBACK).start());
        nodes.add(one);
        ClusterNode two = new ClusterNode(
                "node 2", node(second, 2, LOOPBACK).hostname(one.hostname()).start());
        nodes.add(two);
        one.awaitView(2, 0, VIEW_TIMEOUT);
        two.awaitView(2, 0, VIEW_TIMEOUT);
    }

    /**
     * Starts a third node on the cluster's database whose cluster traffic is to bind to {@code bindAddress}, and
     * waits at most {@code timeout} for it.
     *
     * @return how its start failed, or {@code null} if it started (it then belongs to the cluster and stops with it)
     */
    RuntimeException tryToAddNode(String bindAddress, Duration timeout) {
        Path third = KeycloakDistribution.copy(
                homes.get(0), Environment.pathProperty("work.dir").resolve(name + "-3"));
        homes.add(third);
        try {
            KeycloakProcess started = node(third, 3, bindAddress)
                    .hostname(hostname())
                    .startupTimeout(timeout)
                    .start();
            nodes.add(new ClusterNode("node 3", started));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The log of node {@code number}, also of one that never started. */
    Path log(int number) {
        return Environment.pathProperty("work.dir").resolve("logs/" + name + "-node-" + number + ".log");
    }

    private KeycloakProcess.Builder node(Path home, int number, String bindAddress) {
        return ProcessKeycloak.configured(
                        home,
                        Map.of(
                                "LEGACY_DB_URL", legacy.jdbcUrl(),
                                "LEGACY_DB_USERNAME", legacy.username(),
                                "LEGACY_DB_PASSWORD", legacy.password(),
                                "CRIME_WEB_URL", crimeWebUrl))
                // the provider is in the built distribution already: copying it again would make it newer than the
                // build, and start --optimized refuses that
                .provider(null)
                .command("start")
                .database("postgres", keycloakDb, DatabaseServers.user(Vendor.POSTGRESQL), "")
                .arguments(
                        "--optimized",
                        "--http-enabled=true",
                        "--cache=ispn",
                        "--cache-embedded-network-bind-address=" + bindAddress,
                        "--cache-embedded-network-bind-port=" + FreePort.next())
                .log(log(number));
    }

    /** Node 1 (whose URL is the cluster's hostname, and which imported the realm) or node 2. */
    ClusterNode node(int number) {
        return nodes.get(number - 1);
    }

    List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The one front-end URL both nodes name in tokens and pages. */
    String hostname() {
        return node(1).hostname();
    }

    String issuer(String realm) {
        return hostname() + "/realms/" + realm;
    }

    /**
     * Holds a lock on one of Keycloak's tables in its database until closed, in a mode that lets readers through and
     * holds writers ({@code EXCLUSIVE}): whatever writes there waits meanwhile, as a long task would be running.
     */
    AutoCloseable holdWritesTo(String keycloakTable) {
        try {
            Connection connection = DatabaseServers.connect(Vendor.POSTGRESQL, name + "_keycloak");
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + keycloakTable + " IN EXCLUSIVE MODE");
            }
            return () -> {
                try (connection) {
                    connection.rollback();
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock " + keycloakTable + " in Keycloak's database", e);
        }
    }

    /** The legacy database the realm's federation reads and writes. */
    LegacyDatabase legacy() {
        return legacy;
    }

    /** What the realm's crime-web client redirects to (nothing listens there: the tests read the redirect). */
    String crimeWebUrl() {
        return crimeWebUrl;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ClusterNode node : nodes) {
            attempt(node::stop, failures);
        }
        for (Path home : homes) {
            attempt(() -> KeycloakDistribution.delete(home), failures);
        }
        attempt(() -> DatabaseServers.drop(Vendor.POSTGRESQL, name + "_keycloak"), failures);
        attempt(legacy::drop, failures);
        if (!failures.isEmpty()) {
            RuntimeException failure = failures.get(0);
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void attempt(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
