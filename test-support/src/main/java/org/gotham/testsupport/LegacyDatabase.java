package org.gotham.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.gotham.testsupport.DatabaseServers.Collation;

/**
 * A legacy database as the old app left it: its schema (the DDL SQLAlchemy emitted, from the legacy-schema module)
 * and users with the hashes passlib wrote. SQLite databases are files in a work directory; PostgreSQL and MariaDB
 * databases live on the machine's shared servers ({@link DatabaseServers}). Each is dropped and made anew when it is
 * created, so a run never sees the last run's rows.
 */
public final class LegacyDatabase {

    public enum Vendor {
        SQLITE,
        POSTGRESQL,
        MARIADB;

        /** The lower-case name, as the legacy-schema files and database names use it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A row of the legacy {@code users} table: what {@link #insertUsers} writes. */
    public interface UserRow {
        String username();

        /** The passlib hash in {@code hashed_password}. */
        String hash();
    }

    private final Vendor vendor;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    /** The database's name when {@link #make} made it (a file, or a database on the shared server), else null. */
    private final String madeName;

    private LegacyDatabase(Vendor vendor, String jdbcUrl, String username, String password, String madeName) {
        this.vendor = vendor;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.madeName = madeName;
    }

    /** Skips (or under CI fails) the calling test when the vendor's server is not reachable on this machine. */
    public static void requireAvailable(Vendor vendor) {
        DatabaseServers.requireAvailable(vendor);
    }

    public static boolean reachable(Vendor vendor) {
        return DatabaseServers.reachable(vendor);
    }

    /**
     * Creates (or recreates) database {@code name} holding the legacy schema and {@code users}: a SQLite file
     * {@code workDir/<name>.db}, or a database on the shared server (MariaDB's {@link Collation#BINARY}). Skips the
     * calling test (fails it under CI) when the server is not reachable.
     */
    public static LegacyDatabase create(Vendor vendor, String name, Path workDir, Collection<? extends UserRow> users) {
        return create(vendor, name, workDir, Collation.BINARY, users);
    }

    /** Like {@link #create(Vendor, String, Path, Collection)}, with MariaDB's usernames compared as {@code collation}. */
    public static LegacyDatabase create(
            Vendor vendor, String name, Path workDir, Collation collation, Collection<? extends UserRow> users) {
        requireAvailable(vendor);
        LegacyDatabase db = make(vendor, name, workDir, collation);
        db.insertUsers(users);
        return db;
    }

    /**
     * Makes (or remakes) database {@code name} with the legacy schema and no rows, as {@link #create} does, but an
     * unreachable server is an error here, not a skip: for benchmarks, which are no tests.
     */
    public static LegacyDatabase make(Vendor vendor, String name, Path workDir, Collation collation) {
        LegacyDatabase db = vendor == Vendor.SQLITE
                ? sqlite(name, workDir.resolve(name + ".db"))
                : new LegacyDatabase(
                        vendor,
                        DatabaseServers.recreate(vendor, name, collation),
                        DatabaseServers.user(vendor),
                        "",
                        name);
        db.execute(schema(vendor));
        return db;
    }

    /**
     * The legacy schema and {@code users} put into an existing, empty database at {@code jdbcUrl}: one on a
     * PostgreSQL server of a test's own, say.
     */
    public static LegacyDatabase on(
            Vendor vendor, String jdbcUrl, String username, String password, Collection<? extends UserRow> users) {
        LegacyDatabase db = new LegacyDatabase(vendor, jdbcUrl, username, password, null);
        db.execute(schema(vendor));
        db.insertUsers(users);
        return db;
    }

    /** A legacy database by its address only, untouched here: one that is down, say, for a realm to point at. */
    public static LegacyDatabase untouched(Vendor vendor, String jdbcUrl, String username, String password) {
        return new LegacyDatabase(vendor, jdbcUrl, username, password, null);
    }

    private static LegacyDatabase sqlite(String name, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LegacyDatabase(Vendor.SQLITE, "jdbc:sqlite:" + file, "", "", name);
    }

    /** The legacy-schema module's {@code org/gotham/legacy/schema/<vendor>.sql}. */
    public static String schema(Vendor vendor) {
        String name = "org/gotham/legacy/schema/" + vendor.label() + ".sql";
        try (InputStream in = LegacyDatabase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (the legacy-schema module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script of {@code ;}-separated statements, each on its own; {@code --} comment lines are ignored. */
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
                    s.execute(statement.strip());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run script on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** Inserts {@code users} into the {@code users} table, their ids given by the database. */
    public void insertUsers(Collection<? extends UserRow> users) {
        if (users.isEmpty()) {
            return;
        }
        try (Connection c = connect();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO users (username, hashed_password) VALUES (?, ?)")) {
            for (UserRow user : users) {
                insert.setString(1, user.username());
                insert.setString(2, user.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert legacy users into " + jdbcUrl, e);
        }
    }

    /** Inserts one row with the id given; username and hash may be null, as the old table allows. */
    public void insertUser(long id, String username, String hash) {
        try (Connection c = connect();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO users (id, username, hashed_password) VALUES (?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, username);
            insert.setString(3, hash);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert a legacy user into " + jdbcUrl, e);
        }
    }

    /** The first column of the first row of {@code sql} as text, or null when there is no row. */
    public String queryString(String sql, Object... parameters) {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, parameters);
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code sql} as a number, or -1 when there is no row. */
    public long queryLong(String sql, Object... parameters) {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, parameters);
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    /** The same database, reached as another database user (one that may not run DDL, say). */
    public LegacyDatabase as(String otherUsername, String otherPassword) {
        return new LegacyDatabase(vendor, jdbcUrl, otherUsername, otherPassword, madeName);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * What the realm file's placeholders for the legacy database read ({@code LEGACY_DB_URL}, {@code _USERNAME},
     * {@code _PASSWORD}), as run.sh and Compose set them: the database as this JVM reaches it.
     */
    public Map<String, String> realmVariables() {
        return Map.of("LEGACY_DB_URL", jdbcUrl, "LEGACY_DB_USERNAME", username, "LEGACY_DB_PASSWORD", password);
    }

    /**
     * Deletes the SQLite file, or drops the database from the shared server; a database this class did not make
     * ({@link #on}, {@link #untouched}) is left to its owner.
     */
    public void drop() {
        if (madeName == null) {
            return;
        }
        if (vendor == Vendor.SQLITE) {
            try {
                Files.deleteIfExists(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            DatabaseServers.drop(vendor, madeName);
        }
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

    @Override
    public String toString() {
        return vendor.label() + " " + jdbcUrl;
    }
}
