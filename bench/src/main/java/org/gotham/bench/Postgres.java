package org.gotham.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the benchmarks put their legacy databases on ({@code 127.0.0.1:5432}, user
 * {@code postgres}, trust authentication, as on the developers' machines and CI). Every database made here is
 * named {@code bench_*} and is dropped and made anew by each run.
 */
final class Postgres {

    static final String HOST_PORT = "127.0.0.1:5432";
    static final String USER = "postgres";
    private static final Pattern BENCH_NAME = Pattern.compile("bench_[a-z0-9_]+");

    private Postgres() {}

    static String url(String database) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + database;
    }

    /** What the realm file's placeholders read, for a legacy database here (trust auth: no password). */
    static Map<String, String> realmVariables(String database) {
        return Map.of("LEGACY_DB_URL", url(database), "LEGACY_DB_USERNAME", USER, "LEGACY_DB_PASSWORD", "");
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, "");
    }

    /**
     * Drops and creates database {@code name} with the legacy app's schema (SQLAlchemy's DDL, from the legacy-schema
     * module): the indexes the legacy tables already have, and no others.
     */
    static void recreateLegacyDatabase(String name) {
        recreateDatabase(name);
        execute(name, resource("org/gotham/legacy/schema/postgresql.sql"));
    }

    /** Drops and creates the empty database {@code name} (for Keycloak's own database, say). */
    static void recreateDatabase(String name) {
        if (!BENCH_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("benchmark databases are named bench_*: " + name);
        }
        try (Connection admin = connect("postgres");
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create PostgreSQL database " + name + " on " + HOST_PORT
                            + " (is PostgreSQL running, with trust for user postgres?)",
                    e);
        }
    }

    static void drop(String name) {
        try (Connection admin = connect("postgres");
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }

    /** Runs a script of {@code ;}-separated statements ({@code --} comment lines skipped), each on its own. */
    static void execute(String database, String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    static String queryString(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    static long queryLong(String database, String sql, Object... parameters) {
        try (Connection c = connect(database);
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Postgres.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
