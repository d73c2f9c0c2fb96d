package org.gotham.keycloak.legacy.store;

import static org.gotham.keycloak.legacy.store.LegacyConnections.QUERY_TIMEOUT_SECONDS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;

/**
 * The gateway to the legacy users table, and the only class with SQL.
 *
 * <p>Table and column names come from {@link LegacyStoreConfig}, which only lets through plain (optionally
 * schema-qualified) identifiers, so they are written into the SQL as they are; every value is a bind parameter. The
 * SQL is the common subset of SQLite, PostgreSQL and MariaDB/MySQL ({@code lower()}, {@code LIKE ... ESCAPE '!'},
 * {@code LIMIT ? OFFSET ?}).
 *
 * <p>Each method borrows a pooled connection for one statement and gives it back at once: no connection is held
 * across a Keycloak request. Any {@link SQLException} becomes a {@link LegacyStoreUnavailableException}, except a
 * username that the table's unique index already holds, which is a {@link ModelDuplicateException}. After a
 * connection failure, a {@link LegacyCircuitBreaker} refuses further statements at once for a moment (also a
 * {@link LegacyStoreUnavailableException}), so that an outage costs one connection timeout, not one per lookup.
 *
 * <p>Writes are single statements in auto-commit; where a write must only happen if the row is still as it was read
 * (a rehash), the condition is in the statement's WHERE clause, so the database decides, not a read before it.
 */
public class LegacyUserRepository {

    /** A statement that reads the whole table (the import's and the report's aggregates). */
    static final int WHOLE_TABLE_TIMEOUT_SECONDS = 300;

    private final DataSource dataSource;
    private final String password;
    private final String selectUser;
    private final String selectListed;
    private final String countFrom;
    private final String username;
    private final String idColumn;
    private final String insert;
    private final String updateHash;
    private final String compareAndSetHash;
    private final String delete;
    private final String deleteIfNamed;
    private final boolean sqlite;
    private final String table;
    private final String hashColumn;
    private final LegacyCircuitBreaker breaker;
    /** The configured optional columns, in the order the SELECTs list them after id, username (and hash). */
    private final Map<OptionalColumn, String> optional = new EnumMap<>(OptionalColumn.class);
    /** The enabled column's SQL type, read once, when an enabled flag is first written. */
    private volatile Integer enabledType;

    LegacyUserRepository(DataSource dataSource, LegacyStoreConfig config) {
        this(dataSource, config, new LegacyCircuitBreaker());
    }

    LegacyUserRepository(DataSource dataSource, LegacyStoreConfig config, LegacyCircuitBreaker breaker) {
        this.dataSource = dataSource;
        this.breaker = breaker;
        this.password = config.jdbcPassword();
        this.username = config.usernameColumn();
        String table = config.usersTable();
        config.optionalColumns().forEach(column -> optional.put(column, config.column(column)));
        String details = optional.values().stream().map(name -> ", " + name).collect(Collectors.joining());
        this.selectUser = "SELECT " + config.idColumn() + ", " + username + ", " + config.passwordColumn() + details
                + " FROM " + table;
        this.selectListed = "SELECT " + config.idColumn() + ", " + username + details + " FROM " + table;
        this.countFrom = "SELECT count(*) FROM " + table;
        this.idColumn = config.idColumn();
        String hash = config.passwordColumn();
        this.insert = "INSERT INTO " + table + " (" + username + ") VALUES (?)";
        this.updateHash = "UPDATE " + table + " SET " + hash + " = ? WHERE " + idColumn + " = ?";
        this.compareAndSetHash = updateHash + " AND " + hash + " = ?";
        this.delete = "DELETE FROM " + table + " WHERE " + idColumn + " = ?";
        this.deleteIfNamed = delete + " AND " + username + " = ?";
        this.sqlite = config.isSqlite();
        this.table = table;
        this.hashColumn = hash;
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

    /**
     * The rows with a username whose e-mail equals {@code email} ignoring case, by id, at most {@code limit} of them;
     * none if the table has no e-mail column. More than one means no user has this e-mail.
     */
    public List<LegacyUser> findByEmailIgnoreCase(String email, int limit) {
        String column = optional.get(OptionalColumn.EMAIL);
        if (column == null || email == null || email.isBlank() || containsNul(email)) {
            return new ArrayList<>();
        }
        String sql = selectUser + " WHERE lower(" + column + ") = lower(?) AND " + username + " IS NOT NULL ORDER BY "
                + idColumn + " LIMIT ?";
        List<LegacyUser> rows = query("find a user by e-mail", sql, true, email.trim(), limit);
        rows.removeIf(row -> !sameIgnoringCase(row.details().email(), email.trim()));
        return rows;
    }

    /**
     * The e-mails (lower case) that several rows with a username share, ignoring case: one aggregate over the table,
     * for the import, which gives such rows no e-mail. Empty without an e-mail column.
     */
    public Set<String> sharedEmails() {
        String column = optional.get(OptionalColumn.EMAIL);
        if (column == null) {
            return new HashSet<>();
        }
        String sql = "SELECT " + column + " FROM " + table + " WHERE " + username + " IS NOT NULL AND lower(" + column
                + ") IN (SELECT lower(" + column + ") FROM " + table + " WHERE " + column + " IS NOT NULL AND "
                + username + " IS NOT NULL GROUP BY lower(" + column + ") HAVING count(*) > 1)";
        String action = "find e-mails that several users share";
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = connect(action);
                PreparedStatement statement = prepareWholeTable(connection, sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String email = LegacyColumnValues.text(result.getString(1));
                if (email != null) {
                    counts.merge(email.toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
            }
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
        counts.values().removeIf(count -> count < 2);
        return new HashSet<>(counts.keySet());
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

    /**
     * Up to {@code limit} rows with an id above {@code afterId}, by id, with their hashes: one page of a walk over
     * the whole table that stays correct while rows are added or removed (keyset, not offset).
     */
    public List<LegacyUser> page(long afterId, int limit) {
        String sql = selectUser + " WHERE " + idColumn + " > ? ORDER BY " + idColumn + " LIMIT ?";
        return query("read a page of users", sql, true, afterId, limit);
    }

    /**
     * Every row whose username another row shares ignoring case (the names the import and sign-in refuse), by id:
     * one aggregate over the table, as the import starts and for the report, never a query per row. Rows that only
     * a database's lenient comparison grouped together are dropped, as in {@link #findByUsernameIgnoreCase}.
     */
    public List<LegacyUser> caseDuplicates() {
        String sql = selectListed + " WHERE lower(" + username + ") IN (SELECT lower(" + username + ") FROM " + table
                + " WHERE " + username + " IS NOT NULL GROUP BY lower(" + username + ") HAVING count(*) > 1)"
                + " ORDER BY " + idColumn;
        String action = "find usernames that differ only by case";
        List<LegacyUser> rows = new ArrayList<>();
        try (Connection connection = connect(action);
                PreparedStatement statement = prepareWholeTable(connection, sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new LegacyUser(result.getLong(1), result.getString(2), null));
            }
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        rows.forEach(row -> counts.merge(LegacyUsernames.normalize(row.username()), 1L, Long::sum));
        rows.removeIf(row -> counts.get(LegacyUsernames.normalize(row.username())) < 2);
        return rows;
    }

    /** How many rows the table has, with or without a username. */
    /** Whether the legacy database answered the last attempt to connect (the circuit breaker is closed). */
    public boolean reachable() {
        return !breaker.isOpen();
    }

    public long countRows() {
        return single("count the users", countFrom);
    }

    /** How many rows have no username (NULL or empty). */
    public long countWithoutUsername() {
        return single(
                "count the users without a username",
                countFrom + " WHERE " + username + " IS NULL OR " + username + " = ''");
    }

    /**
     * The hashes by their first seven characters (a bcrypt hash's prefix and cost, {@code $2b$12$}) and whether they
     * have a bcrypt hash's length: one aggregate over the table. A NULL hash is the key {@code null}.
     */
    public List<HashGroup> hashSummary() {
        String sql = "SELECT substr(" + hashColumn + ", 1, 7), CASE WHEN length(" + hashColumn + ") = 60 THEN 1 ELSE 0"
                + " END, count(*) FROM " + table + " GROUP BY substr(" + hashColumn + ", 1, 7), CASE WHEN length("
                + hashColumn + ") = 60 THEN 1 ELSE 0 END";
        String action = "summarise the password hashes";
        try (Connection connection = connect(action);
                PreparedStatement statement = prepareWholeTable(connection, sql);
                ResultSet result = statement.executeQuery()) {
            List<HashGroup> groups = new ArrayList<>();
            while (result.next()) {
                groups.add(new HashGroup(result.getString(1), result.getInt(2) == 1, result.getLong(3)));
            }
            return groups;
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    /** Hashes that start alike: {@code prefix} is their first seven characters, or null for NULL hashes. */
    public record HashGroup(String prefix, boolean bcryptLength, long count) {}

    /** A statement over the whole table: it may take longer than a lookup, so it gets more time. */
    private static PreparedStatement prepareWholeTable(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = prepare(connection, sql, new Object[0]);
        statement.setQueryTimeout(WHOLE_TABLE_TIMEOUT_SECONDS);
        return statement;
    }

    private long single(String action, String sql) {
        try (Connection connection = connect(action);
                PreparedStatement statement = prepareWholeTable(connection, sql);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    /**
     * Inserts a user with this name and no password hash (NULL: the legacy app's passlib treats it as a wrong
     * password) and returns the id the database gave it.
     *
     * @throws ModelDuplicateException if the table's unique index already holds the name
     */
    public long insert(String name) {
        String action = "add a user";
        try (Connection connection = connect(action);
                PreparedStatement statement = connection.prepareStatement(insert, new String[] {idColumn})) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.setString(1, name);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw unavailable(action, new SQLException("the database returned no id for the new row"));
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e) && !findByUsernameIgnoreCase(name, 1).isEmpty()) {
                throw new ModelDuplicateException("User exists with same username", UserModel.USERNAME);
            }
            throw unavailable(action, e);
        }
    }

    /** Sets the hash of a row; false if there is no such row. */
    public boolean updateHash(long id, String hash) {
        return update("change a password", updateHash, hash, id) == 1;
    }

    /** Sets the hash of a row only if it still holds {@code expected}; false if it does not (or is gone). */
    public boolean compareAndSetHash(long id, String expected, String hash) {
        return update("rehash a password", compareAndSetHash, hash, id, expected) == 1;
    }

    /**
     * Writes a text column (e-mail, first or last name; null for NULL) or the enabled flag of a row; false if there is
     * no such row. The flag is written as the column's type holds it: a boolean, 1 or 0 in a number, {@code true} or
     * {@code false} in text.
     *
     * @throws IllegalArgumentException if the column is not configured, or is the creation time (never written)
     */
    public boolean updateDetail(long id, OptionalColumn column, Object value) {
        String name = optional.get(column);
        if (name == null || column == OptionalColumn.CREATED) {
            throw new IllegalArgumentException("cannot write the " + column.label());
        }
        String sql = "UPDATE " + table + " SET " + name + " = ? WHERE " + idColumn + " = ?";
        String action = "change the " + column.label().replace(" column", "") + " of a user";
        try (Connection connection = connect(action);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            if (column == OptionalColumn.ENABLED) {
                setFlag(connection, statement, name, (Boolean) value);
            } else if (value == null) {
                statement.setNull(1, Types.VARCHAR);
            } else {
                statement.setString(1, (String) value);
            }
            statement.setLong(2, id);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    private void setFlag(Connection connection, PreparedStatement statement, String column, boolean value)
            throws SQLException {
        Integer type = enabledType;
        if (type == null) {
            try (Statement probe = connection.createStatement();
                    ResultSet result = probe.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
                type = result.getMetaData().getColumnType(1);
            }
            enabledType = type;
        }
        if (LegacyColumnValues.isText(type)) {
            statement.setString(1, Boolean.toString(value));
        } else if (type == Types.BOOLEAN || type == Types.BIT) {
            statement.setBoolean(1, value);
        } else {
            statement.setInt(1, value ? 1 : 0);
        }
    }

    /** Deletes a row; false if there was none. */
    public boolean delete(long id) {
        return update("delete a user", delete, id) == 1;
    }

    /** Deletes a row only if it still has this name: undoes an insert without touching a row that changed since. */
    public boolean deleteIfNamed(long id, String name) {
        return update("undo adding a user", deleteIfNamed, id, name) == 1;
    }

    /** How many users {@link #search} would return over all pages. */
    public int count(LegacyUserQuery query) {
        if (query.matchesNothing() || containsNul(query)) {
            return 0;
        }
        List<Object> parameters = new ArrayList<>();
        String sql = countFrom + where(query, parameters);
        String action = "count users";
        try (Connection connection = connect(action);
                PreparedStatement statement = prepare(connection, sql, parameters.toArray());
                ResultSet result = statement.executeQuery()) {
            result.next();
            return (int) Math.min(Integer.MAX_VALUE, result.getLong(1));
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    /**
     * Checks on an open connection that the configured table and its three columns exist and can be read.
     *
     * @throws ComponentValidationException naming what is missing, for the admin console
     * @throws SQLException if the connection itself fails
     */
    static void verifySchema(Connection connection, LegacyStoreConfig config) throws SQLException {
        String table = config.usersTable();
        SQLException tableProblem = trySelect(connection, "SELECT * FROM " + table + " WHERE 1 = 0");
        if (tableProblem != null) {
            if (isPermissionDenied(tableProblem)) {
                throw ValidationErrors.invalid(
                        "Table ''{0}'' exists but the configured database user may not " + "read it", table);
            }
            throw ValidationErrors.invalid("Table ''{0}'' not found", table);
        }
        for (String column : List.of(config.idColumn(), config.usernameColumn(), config.passwordColumn())) {
            SQLException columnProblem = trySelect(connection, "SELECT " + column + " FROM " + table + " WHERE 1 = 0");
            if (columnProblem != null) {
                throw ValidationErrors.invalid("Column ''{0}'' not found in table ''{1}''", column, table);
            }
        }
        for (OptionalColumn optional : config.optionalColumns()) {
            verifyOptionalColumn(connection, table, optional, config.column(optional));
        }
    }

    /** An optional column must exist and have a type its values can be read from. */
    private static void verifyOptionalColumn(
            Connection connection, String table, OptionalColumn optional, String column) throws SQLException {
        String sql = "SELECT " + column + " FROM " + table + " WHERE 1 = 0";
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery(sql)) {
                ResultSetMetaData metadata = result.getMetaData();
                String problem = LegacyColumnValues.typeProblem(
                        optional, metadata.getColumnType(1), metadata.getColumnTypeName(1));
                if (problem != null) {
                    throw ValidationErrors.invalid("Column ''{0}'' of table ''{1}'' {2}", column, table, problem);
                }
            }
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ((state != null && state.startsWith("08")) || connection.isClosed()) {
                throw e;
            }
            throw ValidationErrors.invalid(
                    "Column ''{0}'' ({1}) not found in table ''{2}''", column, optional.label(), table);
        }
    }

    /**
     * Checks that the configured database user may change the table (a no-op UPDATE), for a WRITABLE component.
     *
     * @throws ComponentValidationException if it may not
     * @throws SQLException if the connection itself fails
     */
    static void verifyWritable(Connection connection, LegacyStoreConfig config) throws SQLException {
        String table = config.usersTable();
        String sql = "UPDATE " + table + " SET " + config.passwordColumn() + " = " + config.passwordColumn()
                + " WHERE 1 = 0";
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ((state != null && state.startsWith("08")) || connection.isClosed()) {
                throw e;
            }
            throw ValidationErrors.invalid(
                    "Edit mode WRITABLE needs a database user that may change table "
                            + "''{0}'', and the configured one may not",
                    table);
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
            StringJoiner any = new StringJoiner(" OR ", "(", ")");
            for (LegacyUserQuery.Field field : condition.fields()) {
                String column = column(field);
                if (column == null) {
                    continue;
                }
                switch (condition.match()) {
                    case EXACT -> any.add("lower(" + column + ") = lower(?)");
                    case LIKE ->
                        any.add("lower(" + column + ") LIKE lower(?) ESCAPE '" + LegacyUserQuery.LIKE_ESCAPE + "'");
                    default -> throw new IllegalStateException("unknown match " + condition.match());
                }
                parameters.add(condition.value());
            }
            where.add(any.length() == 2 ? "1 = 0" : any.toString());
        }
        return where.toString();
    }

    /** The column a search field compares, or null if the table has none. */
    private String column(LegacyUserQuery.Field field) {
        return switch (field) {
            case USERNAME -> username;
            case EMAIL -> optional.get(OptionalColumn.EMAIL);
            case FIRST_NAME -> optional.get(OptionalColumn.FIRST_NAME);
            case LAST_NAME -> optional.get(OptionalColumn.LAST_NAME);
        };
    }

    private List<LegacyUser> query(String action, String sql, boolean withHash, Object... parameters) {
        try (Connection connection = connect(action);
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            List<LegacyUser> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(new LegacyUser(
                        result.getLong(1),
                        result.getString(2),
                        withHash ? result.getString(3) : null,
                        LegacyUserRows.details(result, withHash ? 4 : 3, optional.keySet(), sqlite)));
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    private int update(String action, String sql, Object... parameters) {
        try (Connection connection = connect(action);
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
    }

    /**
     * A unique (or other integrity) constraint refused the statement: SQLSTATE class 23 (PostgreSQL 23505,
     * MariaDB 23000), SQLite's SQLITE_CONSTRAINT (19, in the low byte of its extended codes; sqlite-jdbc gives no
     * SQLSTATE).
     */
    private boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("23")) || (sqlite && (e.getErrorCode() & 0xff) == 19);
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

    /**
     * A pooled connection, unless the breaker refuses (then {@link LegacyStoreUnavailableException} at once). A
     * failure to connect opens the breaker; a wait for a busy pool does not, as the database answers: the pool's
     * timeout carries the last connection failure as its cause when there was one, and none when every connection
     * was merely in use.
     */
    private Connection connect(String action) throws SQLException {
        String refusal = breaker.refusal();
        if (refusal != null) {
            throw new LegacyStoreUnavailableException(
                    "Could not " + action + " in the legacy database: not tried, "
                            + "as connecting failed less than a second ago: " + refusal,
                    null);
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLTransientConnectionException && e.getCause() == null) {
                breaker.inconclusive();
            } else {
                breaker.failed(redacted(e));
            }
            throw e;
        }
        breaker.succeeded();
        return connection;
    }

    private String redacted(Exception e) {
        String message = LegacyConnections.rootMessage(e);
        return password == null ? message : message.replace(password, "***");
    }

    private LegacyStoreUnavailableException unavailable(String action, SQLException e) {
        String message = redacted(e);
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            breaker.failed(message); // an open connection that broke: the database went away
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
