package org.gotham.keycloak.legacy;

import static org.gotham.keycloak.legacy.LegacyConnections.QUERY_TIMEOUT_SECONDS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.keycloak.component.ComponentValidationException;

/**
 * The gateway to the legacy users table, and the only class with SQL.
 *
 * <p>Table and column names come from {@link LegacyStoreConfig}, which only lets through plain (optionally
 * schema-qualified) identifiers, so they are written into the SQL as they are; every value is a bind parameter. The
 * SQL is the common subset of SQLite, PostgreSQL and MariaDB/MySQL ({@code lower()}, {@code LIKE ... ESCAPE '!'},
 * {@code LIMIT ? OFFSET ?}).
 *
 * <p>Each method borrows a pooled connection for one statement and gives it back at once: no connection is held
 * across a Keycloak request. Any {@link SQLException} becomes a {@link LegacyStoreUnavailableException}.
 */
public class LegacyUserRepository {

    private final DataSource dataSource;
    private final String password;
    private final String selectUser;
    private final String selectListed;
    private final String countFrom;
    private final String username;
    private final String idColumn;

    public LegacyUserRepository(DataSource dataSource, LegacyStoreConfig config) {
        this.dataSource = dataSource;
        this.password = config.jdbcPassword();
        this.username = config.usernameColumn();
        String table = config.usersTable();
        this.selectUser = "SELECT " + config.idColumn() + ", " + username + ", " + config.passwordColumn()
                + " FROM " + table;
        this.selectListed = "SELECT " + config.idColumn() + ", " + username + " FROM " + table;
        this.countFrom = "SELECT count(*) FROM " + table;
        this.idColumn = config.idColumn();
    }

    /**
     * The rows whose username equals {@code name} ignoring case, by id, at most {@code limit} of them. More than one
     * means the name is ambiguous. The database compares first ({@code lower(username) = lower(?)}); rows that a
     * lenient collation let through (MariaDB's accent- and trailing-space-insensitive ones) are then dropped.
     */
    public List<LegacyUser> findByUsernameIgnoreCase(String name, int limit) {
        if (containsNul(name)) {
            return new ArrayList<>();
        }
        String sql = selectUser + " WHERE lower(" + username + ") = lower(?) ORDER BY " + idColumn + " LIMIT ?";
        List<LegacyUser> rows = query("find a user by name", sql, true, name, limit);
        rows.removeIf(row -> !sameIgnoringCase(row.username(), name));
        return rows;
    }

    /** The row with this primary key, its username possibly {@code null}. */
    public Optional<LegacyUser> findById(long id) {
        String sql = selectUser + " WHERE " + idColumn + " = ?";
        return query("find a user by id", sql, true, id).stream().findFirst();
    }

    /** A page of the users matching {@code query}, by id, without their hashes. Rows with no username are skipped. */
    public List<LegacyUser> search(LegacyUserQuery query, int first, int max) {
        if (query.matchesNothing() || max <= 0 || containsNul(query)) {
            return new ArrayList<>();
        }
        List<Object> parameters = new ArrayList<>();
        String sql = selectListed + where(query, parameters) + " ORDER BY " + idColumn + " LIMIT ? OFFSET ?";
        parameters.add(max);
        parameters.add(Math.max(0, first));
        return query("search users", sql, false, parameters.toArray());
    }

    /** How many users {@link #search} would return over all pages. */
    public int count(LegacyUserQuery query) {
        if (query.matchesNothing() || containsNul(query)) {
            return 0;
        }
        List<Object> parameters = new ArrayList<>();
        String sql = countFrom + where(query, parameters);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters.toArray());
                ResultSet result = statement.executeQuery()) {
            result.next();
            return (int) Math.min(Integer.MAX_VALUE, result.getLong(1));
        } catch (SQLException e) {
            throw unavailable("count users", e);
        }
    }

    /**
     * Checks on an open connection that the configured table and its three columns exist and can be read.
     *
     * @throws ComponentValidationException naming what is missing, for the admin console
     * @throws SQLException if the connection itself fails
     */
    public static void verifySchema(Connection connection, LegacyStoreConfig config) throws SQLException {
        String table = config.usersTable();
        SQLException tableProblem = trySelect(connection, "SELECT * FROM " + table + " WHERE 1 = 0");
        if (tableProblem != null) {
            if (isPermissionDenied(tableProblem)) {
                throw LegacyStoreConfig.invalid("Table ''{0}'' exists but the configured database user may not "
                        + "read it", table);
            }
            throw LegacyStoreConfig.invalid("Table ''{0}'' not found", table);
        }
        for (String column : List.of(config.idColumn(), config.usernameColumn(), config.passwordColumn())) {
            SQLException columnProblem = trySelect(connection, "SELECT " + column + " FROM " + table + " WHERE 1 = 0");
            if (columnProblem != null) {
                throw LegacyStoreConfig.invalid("Column ''{0}'' not found in table ''{1}''", column, table);
            }
        }
    }

    /** Runs a statement; a failure that is not the connection's own is returned for the caller to describe. */
    private static SQLException trySelect(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.executeQuery(sql).close();
            return null;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ((state != null && state.startsWith("08")) || connection.isClosed()) {
                throw e;
            }
            return e;
        }
    }

    private static boolean isPermissionDenied(SQLException e) {
        // PostgreSQL's insufficient_privilege; MariaDB/MySQL's "SELECT command denied".
        return "42501".equals(e.getSQLState()) || e.getErrorCode() == 1142;
    }

    private String where(LegacyUserQuery query, List<Object> parameters) {
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "");
        where.add(username + " IS NOT NULL");
        for (LegacyUserQuery.Condition condition : query.conditions()) {
            switch (condition.match()) {
                case EXACT -> where.add("lower(" + username + ") = lower(?)");
                case LIKE -> where.add("lower(" + username + ") LIKE lower(?) ESCAPE '"
                        + LegacyUserQuery.LIKE_ESCAPE + "'");
                default -> throw new IllegalStateException("unknown match " + condition.match());
            }
            parameters.add(condition.value());
        }
        return where.toString();
    }

    private List<LegacyUser> query(String action, String sql, boolean withHash, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            List<LegacyUser> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(new LegacyUser(result.getLong(1), result.getString(2),
                        withHash ? result.getString(3) : null));
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i];
                if (value instanceof Integer number) {
                    statement.setInt(i + 1, number);
                } else if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setString(i + 1, (String) value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private LegacyStoreUnavailableException unavailable(String action, SQLException e) {
        String message = LegacyConnections.rootMessage(e);
        if (password != null) {
            message = message.replace(password, "***");
        }
        return new LegacyStoreUnavailableException("Could not " + action + " in the legacy database: " + message, e);
    }

    /**
     * Input with a NUL character matches no username: PostgreSQL text cannot hold NUL (it fails the statement) and
     * MariaDB's comparisons skip it, so it is answered here, the same on every database.
     */
    private static boolean containsNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    private static boolean containsNul(LegacyUserQuery query) {
        return query.conditions().stream().anyMatch(condition -> containsNul(condition.value()));
    }

    private static boolean sameIgnoringCase(String stored, String name) {
        return stored != null
                && (stored.equalsIgnoreCase(name)
                        || stored.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
