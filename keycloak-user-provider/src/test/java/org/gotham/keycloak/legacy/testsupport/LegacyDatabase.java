package org.gotham.keycloak.legacy.testsupport;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * A scratch legacy database made the way the old app makes it (its DDL from the legacy-schema module), on SQLite (a
 * temp file), PostgreSQL (127.0.0.1:5432, postgres, trust) or MariaDB (127.0.0.1:3306, root, no password, the
 * server's default collation: case-insensitive, the lenient case the provider must handle). Server databases are
 * named {@code kup_*}, dropped and recreated on creation and dropped on close.
 */
public abstract class LegacyDatabase implements AutoCloseable {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";

    public abstract String kind();

    public abstract String jdbcUrl();

    public String jdbcUser() {
        return null;
    }

    /** Whether the users table may hold usernames that differ only by case (not under MariaDB's default collation). */
    public abstract boolean allowsCaseDuplicates();

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (jdbcUser() != null) {
            properties.setProperty("user", jdbcUser());
        }
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** The federation component's raw config for this database, defaults for everything else. */
    public Map<String, List<String>> config() {
        Map<String, List<String>> config = new HashMap<>();
        config.put(LegacyStoreConfig.JDBC_URL, List.of(jdbcUrl()));
        if (jdbcUser() != null) {
            config.put(LegacyStoreConfig.JDBC_USER, List.of(jdbcUser()));
        }
        config.put(LegacyStoreConfig.MAX_POOL_SIZE, List.of("2"));
        return config;
    }

    /** A component model as Keycloak would hand it to the factory. */
    public ComponentModel component(String id, Map<String, List<String>> config) {
        ComponentModel model = new ComponentModel();
        model.setId(id);
        model.setName("legacy " + kind());
        model.setProviderId(LegacyUserStorageProviderFactory.PROVIDER_ID);
        model.setProviderType(UserStorageProvider.class.getName());
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        config.forEach((key, list) -> values.put(key, new ArrayList<>(list)));
        model.setConfig(values);
        return model;
    }

    public void insertUser(long id, String username, String hash) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (id, username, hashed_password) VALUES (?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, username);
            insert.setString(3, hash);
            insert.executeUpdate();
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public int countRows() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM users")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Runs {@code org/gotham/legacy/schema/<dialect>.sql} (the legacy-schema module), comment lines left out. */
    public void applySchema(String dialect) throws SQLException {
        String ddl;
        try (InputStream in =
                LegacyDatabase.class.getResourceAsStream("/org/gotham/legacy/schema/" + dialect + ".sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String sql : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql.strip());
                }
            }
        }
    }

    // ---- the three kinds ----

    public static LegacyDatabase sqlite(Path directory) throws SQLException {
        Sqlite database = new Sqlite(directory.resolve("gotham_crime_data.db"));
        database.applySchema("sqlite");
        return database;
    }

    /** A fresh PostgreSQL database, or skips (fails under CI) when the server is unreachable. */
    public static LegacyDatabase postgres(String name) throws SQLException {
        RequiredEnvironment.require("PostgreSQL at 127.0.0.1:5432", unreachable(POSTGRES_URL + "postgres", "postgres"));
        try (Connection admin = DriverManager.getConnection(POSTGRES_URL + "postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        Server database = new Server("PostgreSQL", POSTGRES_URL, name, "postgres", true);
        database.applySchema("postgresql");
        return database;
    }

    /** A fresh MariaDB database, or skips (fails under CI) when the server is unreachable. */
    public static LegacyDatabase mariadb(String name) throws SQLException {
        RequiredEnvironment.require("MariaDB at 127.0.0.1:3306", unreachable(MARIADB_URL, "root"));
        try (Connection admin = DriverManager.getConnection(MARIADB_URL, "root", "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
        Server database = new Server("MariaDB", MARIADB_URL, name, "root", false);
        database.applySchema("mariadb");
        return database;
    }

    private static String unreachable(String url, String user) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", url.contains("mariadb") ? "3000" : "3");
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static final class Sqlite extends LegacyDatabase {
        private final Path file;

        Sqlite(Path file) {
            this.file = file;
        }

        @Override
        public String kind() {
            return "SQLite";
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:sqlite:" + file;
        }

        @Override
        public boolean allowsCaseDuplicates() {
            return true;
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    private static final class Server extends LegacyDatabase {
        private final String kind;
        private final String serverUrl;
        private final String name;
        private final String user;
        private final boolean caseDuplicates;

        Server(String kind, String serverUrl, String name, String user, boolean caseDuplicates) {
            this.kind = kind;
            this.serverUrl = serverUrl;
            this.name = name;
            this.user = user;
            this.caseDuplicates = caseDuplicates;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public String jdbcUrl() {
            return serverUrl + name;
        }

        @Override
        public String jdbcUser() {
            return user;
        }

        @Override
        public boolean allowsCaseDuplicates() {
            return caseDuplicates;
        }

        @Override
        public void close() throws SQLException {
            String adminUrl = kind.equals("PostgreSQL") ? serverUrl + "postgres" : serverUrl;
            try (Connection admin = DriverManager.getConnection(adminUrl, user, "");
                    Statement statement = admin.createStatement()) {
                String force = kind.equals("PostgreSQL") ? " WITH (FORCE)" : "";
                statement.execute("DROP DATABASE IF EXISTS " + name + force);
            }
        }
    }
}
