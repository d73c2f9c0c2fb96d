package org.gotham.keycloak.legacy.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;

/**
 * Opens connections to the legacy database: the pool the provider uses, and the one-off connection that checks a
 * configuration before it is saved. Knows each supported driver and its timeout settings; runs no SQL.
 *
 * <p>Drivers are used directly, never looked up through {@link java.sql.DriverManager}: see {@link #driver}.
 */
final class LegacyConnections {

    /**
     * How long a lookup waits for a pooled connection before it counts as "the store is unavailable". Keycloak
     * discards a storage provider's answer that takes longer than 3 s (its default user storage time limit), so a
     * lookup must give up well before that, with our own WARN and a normal failed sign-in.
     */
    static final long CONNECTION_TIMEOUT_MS = 2_000;
    /** How long saving a configuration waits for the database to answer. */
    static final int VALIDATION_TIMEOUT_SECONDS = 5;
    /** No legacy query should take longer; a locked or stuck database then fails fast instead of piling up. */
    static final int QUERY_TIMEOUT_SECONDS = 10;
    /** SQLite: how long a reader waits for the legacy app's write lock. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    /** SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE: a mistyped path fails instead of creating an empty file. */
    private static final int SQLITE_OPEN_READWRITE = 0x02;

    private LegacyConnections() {}

    /**
     * Builds the pool for one federation component. It connects lazily: Keycloak starts while the legacy database
     * is down, and the pool recovers by itself when the database returns (a broken connection is evicted when a
     * borrower finds it dead, and the next borrower opens a new one).
     */
    static HikariDataSource pool(String componentId, LegacyStoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("legacy-user-db-" + componentId);
        // Our own DataSource rather than Hikari's DriverManager-based one, which would set the JVM-wide
        // DriverManager login timeout under Keycloak's own database connections.
        hikari.setDataSource(new DirectDataSource(config, (int) Math.max(1, CONNECTION_TIMEOUT_MS / 1000)));
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(1, config.maxPoolSize()));
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hikari.setValidationTimeout(1_000);
        hikari.setIdleTimeout(60_000);
        hikari.setKeepaliveTime(120_000);
        hikari.setMaxLifetime(1_800_000);
        hikari.setAutoCommit(true);
        hikari.setRegisterMbeans(false);
        // hikaricp_connections_*{pool="legacy-user-db-<component id>"} on Keycloak's metrics endpoint
        hikari.setMetricsTrackerFactory(LegacyMetrics.hikari());
        return new HikariDataSource(hikari);
    }

    /** Opens one connection outside any pool, waiting at most {@code timeoutSeconds} to connect. */
    static Connection open(LegacyStoreConfig config, int timeoutSeconds) throws SQLException {
        Driver driver = driver(config.jdbcUrl());
        Properties properties = driverProperties(config.jdbcUrl(), timeoutSeconds);
        if (config.jdbcUser() != null) {
            properties.setProperty("user", config.jdbcUser());
        }
        if (config.jdbcPassword() != null) {
            properties.setProperty("password", config.jdbcPassword());
        }
        Connection connection = driver.connect(driverUrl(config.jdbcUrl()), properties);
        if (connection == null) {
            throw new SQLException("the driver " + driver.getClass().getName() + " does not accept this URL");
        }
        if (config.jdbcUrl().startsWith("jdbc:sqlite:")) {
            JavaLowerCase.replaceSqliteLower(connection);
        }
        return connection;
    }

    /**
     * SQLite's built-in {@code lower()} folds ASCII only, so {@code lower(username) = lower(?)} would miss a legacy
     * {@code Ärger} asked for as {@code ärger}, the name Keycloak knows the user by. On our own connections (never
     * the old app's), {@code lower()} is Java's {@code toLowerCase(Locale.ROOT)}, as Keycloak's usernames are.
     */
    static final class JavaLowerCase extends org.sqlite.Function {

        static void replaceSqliteLower(Connection connection) throws SQLException {
            try {
                org.sqlite.Function.create(
                        connection, "lower", new JavaLowerCase(), 1, org.sqlite.Function.FLAG_DETERMINISTIC);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        protected void xFunc() throws SQLException {
            String value = value_text(0);
            if (value == null) {
                result();
            } else {
                result(value.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Describes a failure to connect in words an admin understands: the URL without credentials and the driver's
     * message, with the password masked in case a driver ever echoes it.
     */
    static String describeFailure(LegacyStoreConfig config, Throwable failure) {
        String message = rootMessage(failure);
        if (config.jdbcPassword() != null) {
            message = message.replace(config.jdbcPassword(), "***");
        }
        return "Cannot connect to the legacy database at " + config.redactedJdbcUrl() + ": " + message;
    }

    /**
     * The most useful message in a failure's chain: the driver's own (for PostgreSQL "Connection to host:port
     * refused. Check that the hostname and port are correct..."), skipping the pool's "Connection is not available,
     * request timed out" wrapper; else the deepest message there is.
     */
    static String rootMessage(Throwable failure) {
        String deepest = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            if (t instanceof SQLException && !(t instanceof SQLTransientConnectionException)) {
                return message.strip();
            }
            deepest = message.strip();
        }
        return deepest != null ? deepest : failure.getClass().getSimpleName();
    }

    /**
     * The driver for a URL, from this jar: Keycloak removes every JDBC driver but its own database's from its class
     * path, so its copies cannot be relied on. MySQL is reached through the MariaDB driver (MySQL's own is GPL).
     */
    static Driver driver(String jdbcUrl) throws SQLException {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return new org.sqlite.JDBC();
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver();
        } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new org.mariadb.jdbc.Driver();
        }
        throw new SQLException("unsupported JDBC URL");
    }

    /** The URL as the chosen driver accepts it. */
    static String driverUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:")
                ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
                : jdbcUrl;
    }

    /** Connect and read timeouts, and SQLite's open mode and busy timeout, in each driver's own property names. */
    static Properties driverProperties(String jdbcUrl, int connectTimeoutSeconds) {
        Properties properties = new Properties();
        int readTimeoutSeconds = Math.max(connectTimeoutSeconds, QUERY_TIMEOUT_SECONDS) + 5;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            properties.setProperty("open_mode", Integer.toString(SQLITE_OPEN_READWRITE));
            properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
            properties.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
            properties.setProperty("socketTimeout", Integer.toString(readTimeoutSeconds));
            properties.setProperty("ApplicationName", "keycloak-legacy-user-db");
            // RETURNING the id column as configured, unquoted, so it folds to lower case as in every other
            // statement (the names are plain identifiers, checked by LegacyStoreConfig)
            properties.setProperty("quoteReturningIdentifiers", "false");
        } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds * 1000));
            properties.setProperty("socketTimeout", Integer.toString(readTimeoutSeconds * 1000));
        }
        return properties;
    }

    /** Connections straight from the driver, with the timeouts in the driver properties. */
    private static final class DirectDataSource implements DataSource {

        private final LegacyStoreConfig config;
        private final int connectTimeoutSeconds;

        DirectDataSource(LegacyStoreConfig config, int connectTimeoutSeconds) {
            this.config = config;
            this.connectTimeoutSeconds = connectTimeoutSeconds;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return open(config, connectTimeoutSeconds);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("credentials come from the component configuration");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no driver logging
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the connect timeout is a driver property, see driverProperties
        }

        @Override
        public int getLoginTimeout() {
            return connectTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper for " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
