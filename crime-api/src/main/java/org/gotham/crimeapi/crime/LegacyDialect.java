package org.gotham.crimeapi.crime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the three legacy databases: how {@code date_time} is stored, and how a row is
 * locked for a read-modify-write.
 */
enum LegacyDialect {

    /** SQLAlchemy stores DATETIME as TEXT; a transaction starts with BEGIN IMMEDIATE (see SqliteDataSourceTuning). */
    SQLITE(""),

    /** {@code timestamp without time zone}. */
    POSTGRESQL(" FOR UPDATE"),

    /** {@code DATETIME(6)}. */
    MARIADB(" FOR UPDATE");

    private final String lockClause;

    LegacyDialect(String lockClause) {
        this.lockClause = lockClause;
    }

    static LegacyDialect fromJdbcUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalStateException(
                "The legacy database must be SQLite, PostgreSQL or MariaDB, not " + url.replaceAll("[?;].*", ""));
    }

    /** Appended to a SELECT in a transaction to keep others from changing the row meanwhile. */
    String lockClause() {
        return this.lockClause;
    }

    @Nullable
    Object bindDateTime(@Nullable LocalDateTime value) {
        if (value == null) {
            return null;
        }
        return (this == SQLITE) ? LegacyTimestamps.toSqliteText(value) : value;
    }

    @Nullable
    LocalDateTime readDateTime(ResultSet rs, String column) throws SQLException {
        if (this == SQLITE) {
            String text = rs.getString(column);
            return (text == null) ? null : LegacyTimestamps.fromSqliteText(text);
        }
        return rs.getObject(column, LocalDateTime.class);
    }
}
