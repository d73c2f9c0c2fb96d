package org.gotham.keycloak.legacy.store;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * How the optional columns of a row the repository selected become {@link LegacyUserDetails}: what each driver hands
 * over, read by {@link LegacyColumnValues}. No SQL: the statements are the repository's.
 */
final class LegacyUserRows {

    private LegacyUserRows() {}

    /**
     * The optional columns' values, from column {@code first} on, in {@code columns}' order (the order the SELECT
     * lists them in).
     */
    static LegacyUserDetails details(ResultSet result, int first, Set<OptionalColumn> columns, boolean sqlite)
            throws SQLException {
        if (columns.isEmpty()) {
            return LegacyUserDetails.NONE;
        }
        String email = null;
        String firstName = null;
        String lastName = null;
        Boolean enabled = null;
        Long created = null;
        int index = first;
        for (OptionalColumn column : columns) {
            switch (column) {
                case EMAIL -> email = LegacyColumnValues.text(result.getString(index));
                case FIRST_NAME -> firstName = LegacyColumnValues.text(result.getString(index));
                case LAST_NAME -> lastName = LegacyColumnValues.text(result.getString(index));
                case ENABLED -> enabled = LegacyColumnValues.flag(result.getObject(index));
                case CREATED -> created = LegacyColumnValues.epochMillis(time(result, index, sqlite));
                default -> throw new IllegalStateException("unknown column " + column);
            }
            index++;
        }
        return new LegacyUserDetails(email, firstName, lastName, enabled, created);
    }

    /**
     * A creation time as the driver best gives it: a SQL timestamp as the wall-clock time stored (not moved into this
     * JVM's zone), anything else (SQLite's text and numbers, epoch columns) as it is. A value the driver cannot
     * convert is no time.
     */
    private static Object time(ResultSet result, int index, boolean sqlite) {
        try {
            if (!sqlite) {
                ResultSetMetaData metadata = result.getMetaData();
                int type = metadata.getColumnType(index);
                String typeName = metadata.getColumnTypeName(index);
                if (type == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName)) {
                    return result.getObject(index, OffsetDateTime.class);
                }
                if (type == Types.TIMESTAMP) {
                    return result.getObject(index, LocalDateTime.class);
                }
                if (type == Types.DATE) {
                    return result.getObject(index, LocalDate.class);
                }
            }
            return result.getObject(index);
        } catch (SQLException | RuntimeException e) {
            return null; // e.g. MariaDB's zero date
        }
    }
}
