package org.gotham.systemtest.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.KeycloakDistribution;
import org.gotham.testsupport.KeycloakProcess;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * A Keycloak of the test's own, for tests that stop and restart it: the run's one (see {@link KeycloakExtension})
 * keeps other test classes' realms in memory, so it must never go down. This one runs from its own copy of the
 * distribution (two Keycloaks must never rebuild one directory at once) with the gotham realm imported, and with
 * Keycloak's database in a file, so realms and signing keys survive a restart as they do in production.
 * Always a process, whatever {@link KeycloakRuntime} the run chose: tests that use it say so with
 * {@link KeycloakRuntime#assumeProcess}.
 */
public final class PrivateKeycloak implements AutoCloseable {

    private static final AtomicInteger COPIES = new AtomicInteger();

    private final Path home;
    private final ProcessKeycloak server;

    private PrivateKeycloak(Path home, ProcessKeycloak server) {
        this.home = home;
        this.server = server;
    }

    /**
     * Copies the distribution and starts it.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, e.g. {@code LEGACY_DB_URL}
     */
    public static PrivateKeycloak start(Map<String, String> realmEnvironment) {
        Path home = copy();
        return start(home, ProcessKeycloak.configured(home, realmEnvironment).database("dev-file"));
    }

    /**
     * Like {@link #start}, with Keycloak's own database in PostgreSQL as in production: the database {@code name} on
     * 127.0.0.1:5432 (made anew), reached as the {@code postgres} user.
     */
    public static PrivateKeycloak startOnPostgres(String name, Map<String, String> realmEnvironment) {
        String url = DatabaseServers.recreate(Vendor.POSTGRESQL, name, DatabaseServers.Collation.BINARY);
        Path home = copy();
        return start(
                home,
                ProcessKeycloak.configured(home, realmEnvironment)
                        .database("postgres", url, DatabaseServers.user(Vendor.POSTGRESQL), "postgres"));
    }

    private static Path copy() {
        return KeycloakDistribution.copy(
                Environment.pathProperty("keycloak.dist.dir"),
                Environment.pathProperty("work.dir").resolve("keycloak-private-" + COPIES.incrementAndGet()));
    }

    private static PrivateKeycloak start(Path home, KeycloakProcess.Builder builder) {
        try {
            return new PrivateKeycloak(home, ProcessKeycloak.start(builder));
        } catch (RuntimeException | Error e) {
            KeycloakDistribution.delete(home);
            throw e;
        }
    }

    /** The JDBC URL of a Keycloak database made by {@link #startOnPostgres}. */
    public static String postgresUrl(String name) {
        return DatabaseServers.jdbcUrl(Vendor.POSTGRESQL, name);
    }

    /** Kills Keycloak's JVM at once (SIGKILL), as a crash or an OOM killer would, without a shutdown. */
    public void kill() {
        server.kill();
    }

    public ProcessKeycloak server() {
        return server;
    }

    /** Stops Keycloak and deletes the copy (its log stays in {@code work.dir/logs}). */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            KeycloakDistribution.delete(home);
        }
    }
}
