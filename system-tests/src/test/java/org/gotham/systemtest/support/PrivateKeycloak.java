package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
    private final KeycloakProcess server;

    private PrivateKeycloak(Path home, KeycloakProcess server) {
        this.home = home;
        this.server = server;
    }

    /**
     * Copies the distribution and starts it.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, e.g. {@code LEGACY_DB_URL}
     */
    public static PrivateKeycloak start(Map<String, String> realmEnvironment) {
        Path home = Environment.pathProperty("work.dir").resolve("keycloak-private-" + COPIES.incrementAndGet());
        copyDistribution(Environment.pathProperty("keycloak.dist.dir"), home);
        try {
            return new PrivateKeycloak(home, KeycloakProcess.start(home, "dev-file", realmEnvironment));
        } catch (RuntimeException | Error e) {
            delete(home);
            throw e;
        }
    }

    /**
     * Like {@link #start}, with Keycloak's own database in PostgreSQL as in production: the database {@code name} on
     * 127.0.0.1:5432 (made anew), reached as the {@code postgres} user.
     */
    public static PrivateKeycloak startOnPostgres(String name, Map<String, String> realmEnvironment) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make Keycloak's database " + name, e);
        }
        Map<String, String> environment = new LinkedHashMap<>(realmEnvironment);
        environment.put("KC_DB_URL", postgresUrl(name));
        environment.put("KC_DB_USERNAME", "postgres");
        environment.put("KC_DB_PASSWORD", "postgres");
        Path home = Environment.pathProperty("work.dir").resolve("keycloak-private-" + COPIES.incrementAndGet());
        copyDistribution(Environment.pathProperty("keycloak.dist.dir"), home);
        try {
            return new PrivateKeycloak(home, KeycloakProcess.start(home, "postgres", environment));
        } catch (RuntimeException | Error e) {
            delete(home);
            throw e;
        }
    }

    /** The JDBC URL of a Keycloak database made by {@link #startOnPostgres}. */
    public static String postgresUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** Kills Keycloak's JVM at once (SIGKILL), as a crash or an OOM killer would, without a shutdown. */
    public void kill() {
        ProcessHandle launcher = server.process();
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        launcher.onExit().join();
    }

    public KeycloakProcess server() {
        return server;
    }

    /** Stops Keycloak and deletes the copy (its log stays in {@code work.dir/logs}). */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            delete(home);
        }
    }

    /** Everything but {@code data/} (another Keycloak's database and import folder). */
    private static void copyDistribution(Path from, Path to) {
        delete(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
