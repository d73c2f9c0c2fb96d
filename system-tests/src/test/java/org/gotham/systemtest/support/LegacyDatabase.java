package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Locale;

/**
 * A legacy database as the old app left it: its schema (the DDL SQLAlchemy emitted, from the legacy-schema
 * module) and users with the hashes passlib wrote. One per test scope, dropped and made anew each time. MariaDB
 * databases are utf8mb4_bin, the collation crime-api's migration gives the legacy tables: usernames compare
 * case-sensitively there, as on SQLite and PostgreSQL.
 */
public final class LegacyDatabase {

    public enum Vendor {
        SQLITE,
        POSTGRESQL,
        MARIADB;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private final Vendor vendor;
    private final String jdbcUrl;
    private final String username;
    private final String password;

    private LegacyDatabase(Vendor vendor, String jdbcUrl, String username, String password) {
        this.vendor = vendor;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /** Skips (or under CI fails) when the vendor's server is not reachable on this machine. */
    public static void requireAvailable(Vendor vendor) {
        Environment.require(reachable(vendor), vendor.label() + " on 127.0.0.1");
    }

    public static boolean reachable(Vendor vendor) {
        return switch (vendor) {
            case SQLITE -> true;
            // connectTimeout is in seconds for PostgreSQL's driver, in milliseconds for MariaDB's
            case POSTGRESQL -> canConnect(POSTGRES_ADMIN_URL + "?connectTimeout=2", "postgres", "");
            case MARIADB -> canConnect(MARIADB_ADMIN_URL + "?connectTimeout=2000", "root", "");
        };
    }

    private static boolean canConnect(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates (or recreates) database {@code name} holding the legacy schema and {@code users}. */
    public static LegacyDatabase create(Vendor vendor, String name, Path workDir, Collection<LegacyUser> users) {
        requireAvailable(vendor);
        LegacyDatabase db = switch (vendor) {
            case SQLITE -> sqlite(workDir.resolve(name + ".db"));
            case POSTGRESQL ->
                server(
                        vendor,
                        POSTGRES_ADMIN_URL,
                        "jdbc:postgresql://127.0.0.1:5432/" + name,
                        "postgres",
                        "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                        "CREATE DATABASE " + name);
            case MARIADB ->
                server(
                        vendor,
                        MARIADB_ADMIN_URL,
                        "jdbc:mariadb://127.0.0.1:3306/" + name,
                        "root",
                        "DROP DATABASE IF EXISTS " + name,
                        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        };
        db.execute(schema(vendor));
        db.insertUsers(users);
        return db;
    }

    /**
     * The legacy schema and {@code users} put into an existing, empty database at {@code jdbcUrl}, e.g. on a
     * {@link PrivatePostgres} server.
     */
    public static LegacyDatabase on(
            Vendor vendor, String jdbcUrl, String username, String password, Collection<LegacyUser> users) {
        LegacyDatabase db = new LegacyDatabase(vendor, jdbcUrl, username, password);
        db.execute(schema(vendor));
        db.insertUsers(users);
        return db;
    }

    /** A legacy database by its address only, untouched here: one that is down, say, for a realm to point at. */
    public static LegacyDatabase untouched(Vendor vendor, String jdbcUrl, String username, String password) {
        return new LegacyDatabase(vendor, jdbcUrl, username, password);
    }

    private static LegacyDatabase sqlite(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LegacyDatabase(Vendor.SQLITE, "jdbc:sqlite:" + file, "", "");
    }

    private static LegacyDatabase server(
            Vendor vendor, String adminUrl, String url, String user, String drop, String create) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute(drop);
            s.execute(create);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + vendor.label() + " database " + url, e);
        }
        return new LegacyDatabase(vendor, url, user, "");
    }

    private static String schema(Vendor vendor) {
        try (InputStream in = LegacyUser.resource("org/gotham/legacy/schema/" + vendor.label() + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script of {@code ;}-separated statements; {@code --} comment lines are ignored. */
    public void execute(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run script on " + jdbcUrl, e);
        }
    }

    public void insertUsers(Collection<LegacyUser> users) {
        try (Connection c = connect();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO users (username, hashed_password) VALUES (?, ?)")) {
            for (LegacyUser user : users) {
                insert.setString(1, user.username());
                insert.setString(2, user.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert legacy users into " + jdbcUrl, e);
        }
    }

    /** The same database, reached as another database user (one that may not run DDL, say). */
    public LegacyDatabase as(String otherUsername, String otherPassword) {
        return new LegacyDatabase(vendor, jdbcUrl, otherUsername, otherPassword);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    public Vendor vendor() {
        return vendor;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }
}
