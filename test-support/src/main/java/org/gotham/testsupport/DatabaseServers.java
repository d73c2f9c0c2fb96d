package org.gotham.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * The database servers this machine shares between tests, benchmarks and developers: PostgreSQL on
 * {@code 127.0.0.1:5432} (user {@code postgres}, trust) and MariaDB on {@code 127.0.0.1:3306} (user {@code root}, no
 * password), as on the developers' machines and CI. Databases made here are dropped and made anew on each use.
 */
public final class DatabaseServers {

    /** A MariaDB database's collation: how its usernames compare. */
    public enum Collation {
        /**
         * {@code utf8mb4_bin}, the collation crime-api's migration gives the legacy tables: usernames compare
         * case-sensitively, as on SQLite and PostgreSQL.
         */
        BINARY,
        /** The server's default {@code utf8mb4} collation: case-insensitive, the lenient case the provider handles. */
        SERVER_DEFAULT
    }

    private DatabaseServers() {}

    /** The JDBC URL of database {@code name} on the vendor's server. */
    public static String jdbcUrl(Vendor vendor, String name) {
        return switch (vendor) {
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/" + name;
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/" + name;
            case SQLITE -> throw new IllegalArgumentException("SQLite has no server");
        };
    }

    /** The user every database on the vendor's server is reached as (without a password). */
    public static String user(Vendor vendor) {
        return switch (vendor) {
            case POSTGRESQL -> "postgres";
            case MARIADB -> "root";
            case SQLITE -> "";
        };
    }

    /** A connection to database {@code name} on the vendor's server, as {@link #user}. */
    public static Connection connect(Vendor vendor, String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(vendor, name), user(vendor), "");
    }

    /** Why the vendor's server cannot be reached, or null when it can (SQLite always can). */
    public static String unreachableReason(Vendor vendor) {
        if (vendor == Vendor.SQLITE) {
            return null;
        }
        // connectTimeout is in seconds for PostgreSQL's driver, in milliseconds for MariaDB's
        String timeout = vendor == Vendor.POSTGRESQL ? "?connectTimeout=2" : "?connectTimeout=2000";
        try (Connection ignored = DriverManager.getConnection(adminUrl(vendor) + timeout, user(vendor), "")) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    public static boolean reachable(Vendor vendor) {
        return unreachableReason(vendor) == null;
    }

    /** Skips the calling test (fails it under CI) when the vendor's server is not reachable: see {@link Requirements}. */
    public static void requireAvailable(Vendor vendor) {
        Requirements.require(
                vendor.label() + " on 127.0.0.1" + (vendor == Vendor.POSTGRESQL ? ":5432" : ":3306"),
                unreachableReason(vendor));
    }

    /** Drops database {@code name} if it exists and creates it empty; returns its JDBC URL. */
    public static String recreate(Vendor vendor, String name, Collation collation) {
        String create = "CREATE DATABASE " + name;
        if (vendor == Vendor.MARIADB) {
            create += collation == Collation.BINARY
                    ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                    : " CHARACTER SET utf8mb4";
        }
        try (Connection c = DriverManager.getConnection(adminUrl(vendor), user(vendor), "");
                Statement s = c.createStatement()) {
            s.execute(dropStatement(vendor, name));
            s.execute(create);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create " + vendor.label() + " database " + name + " on 127.0.0.1 (is the server running, "
                            + "with user " + user(vendor) + " and no password?)",
                    e);
        }
        return jdbcUrl(vendor, name);
    }

    /** Drops database {@code name} if it exists, closing its connections on PostgreSQL. */
    public static void drop(Vendor vendor, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl(vendor), user(vendor), "");
                Statement s = c.createStatement()) {
            s.execute(dropStatement(vendor, name));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + vendor.label() + " database " + name, e);
        }
    }

    private static String dropStatement(Vendor vendor, String name) {
        return "DROP DATABASE IF EXISTS " + name + (vendor == Vendor.POSTGRESQL ? " WITH (FORCE)" : "");
    }

    private static String adminUrl(Vendor vendor) {
        return switch (vendor) {
            case POSTGRESQL -> jdbcUrl(vendor, "postgres");
            case MARIADB -> jdbcUrl(vendor, "");
            case SQLITE -> throw new IllegalArgumentException("SQLite has no server");
        };
    }
}
