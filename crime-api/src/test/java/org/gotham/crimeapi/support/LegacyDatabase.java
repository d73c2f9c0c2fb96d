package org.gotham.crimeapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * A scratch legacy database for one test class: dropped and created again, given the legacy tables (the
 * legacy-schema module's {@code org/gotham/legacy/schema/<vendor>.sql}), then filled with the rows the old
 * app wrote (committed under {@code src/test/resources/legacy}).
 */
public abstract class LegacyDatabase {

    /** Every scratch database of these tests starts with this prefix. */
    public static final String PREFIX = "api_";

    public abstract String vendor();

    public abstract String jdbcUrl();

    public abstract String username();

    public abstract String password();

    /** The same database as an SQLAlchemy URL, for the old app's code. */
    public abstract String sqlalchemyUrl();

    /** Whether the server answers at all; SQLite always does. */
    public abstract boolean reachable();

    /** Drops the database if it exists and creates it empty. */
    public abstract void recreate();

    /** SQL giving the {@code date_time} of crime {@code ?} as the database stores it, as text. */
    public abstract String storedDateTimeSql();

    /** Everything about the schema that the old app depends on: tables, columns, indexes. */
    public abstract Map<String, List<Map<String, Object>>> schema();

    /** Makes the (empty) database look as the old app left it: the legacy tables, then the rows it wrote. */
    public void loadLegacyData() {
        List<String> scripts =
                List.of("org/gotham/legacy/schema/" + vendor() + ".sql", "legacy/" + vendor() + "-data.sql");
        try (Connection connection = connect()) {
            for (String script : scripts) {
                ScriptUtils.executeSqlScript(
                        connection, new EncodedResource(new ClassPathResource(script), StandardCharsets.UTF_8));
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot load the legacy data into " + jdbcUrl(), ex);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    /** Runs the callback with a JdbcTemplate on a connection of its own. */
    public <T> T withJdbc(Function<JdbcTemplate, T> callback) {
        try (Connection connection = connect()) {
            return callback.apply(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The schema plus the legacy rows (crimes 1 to 5, all users): what Flyway must leave alone. */
    public Map<String, List<Map<String, Object>>> legacySnapshot() {
        Map<String, List<Map<String, Object>>> snapshot = new LinkedHashMap<>(schema());
        withJdbc(jdbc -> {
            snapshot.put("crimes rows", jdbc.queryForList("SELECT * FROM crimes WHERE id <= 5 ORDER BY id"));
            snapshot.put("users rows", jdbc.queryForList("SELECT * FROM users ORDER BY id"));
            return null;
        });
        return snapshot;
    }

    public abstract List<String> tables();

    /** SQLite, a file. */
    public static LegacyDatabase sqlite(Path file) {
        return new Sqlite(file);
    }

    /** PostgreSQL at 127.0.0.1:5432 (user postgres, trust), or host:port from CRIME_API_TEST_POSTGRES. */
    public static LegacyDatabase postgres(String name) {
        return new Postgres(env("CRIME_API_TEST_POSTGRES", "127.0.0.1:5432"), name);
    }

    /** MariaDB at 127.0.0.1:3306 (root, no password), or host:port from CRIME_API_TEST_MARIADB. */
    public static LegacyDatabase mariadb(String name) {
        return new MariaDb(env("CRIME_API_TEST_MARIADB", "127.0.0.1:3306"), name);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return (value == null || value.isBlank()) ? fallback : value;
    }

    private static boolean canConnect(String url, String user, String password) {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException ex) {
            return false;
        }
    }

    private static void admin(String url, String user, String password, String... statements) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            for (String statement : statements) {
                connection.createStatement().execute(statement);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot prepare the scratch database at " + url, ex);
        }
    }

    private static final class Sqlite extends LegacyDatabase {

        private final Path file;

        Sqlite(Path file) {
            this.file = file.toAbsolutePath();
        }

        @Override
        public String vendor() {
            return "sqlite";
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:sqlite:" + this.file;
        }

        @Override
        public String username() {
            return null;
        }

        @Override
        public String password() {
            return null;
        }

        @Override
        public String sqlalchemyUrl() {
            return "sqlite:///" + this.file;
        }

        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public void recreate() {
            try {
                Files.createDirectories(this.file.getParent());
                Files.deleteIfExists(this.file);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public String storedDateTimeSql() {
            return "SELECT typeof(date_time) || ':' || date_time FROM crimes WHERE id = ?";
        }

        @Override
        public Map<String, List<Map<String, Object>>> schema() {
            return withJdbc(jdbc -> Map.of(
                    "sqlite_master",
                    jdbc.queryForList(
                            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'flyway%'"
                                    + " AND tbl_name NOT LIKE 'flyway%' ORDER BY type, name")));
        }

        @Override
        public List<String> tables() {
            return withJdbc(jdbc -> jdbc.queryForList(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", String.class));
        }
    }

    private static final class Postgres extends LegacyDatabase {

        private final String hostPort;

        private final String name;

        Postgres(String hostPort, String name) {
            this.hostPort = hostPort;
            this.name = name;
        }

        @Override
        public String vendor() {
            return "postgresql";
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://" + this.hostPort + "/" + this.name;
        }

        @Override
        public String username() {
            return "postgres";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public String sqlalchemyUrl() {
            return "postgresql://postgres@" + this.hostPort + "/" + this.name;
        }

        private String adminUrl() {
            return "jdbc:postgresql://" + this.hostPort + "/postgres";
        }

        @Override
        public boolean reachable() {
            return canConnect(adminUrl(), username(), password());
        }

        @Override
        public void recreate() {
            admin(
                    adminUrl(),
                    username(),
                    password(),
                    "DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)",
                    "CREATE DATABASE " + this.name);
        }

        @Override
        public String storedDateTimeSql() {
            return "SELECT pg_typeof(date_time)::text || ':' || to_char(date_time, 'YYYY-MM-DD HH24:MI:SS.US')"
                    + " FROM crimes WHERE id = ?";
        }

        @Override
        public Map<String, List<Map<String, Object>>> schema() {
            return withJdbc(jdbc -> {
                Map<String, List<Map<String, Object>>> schema = new LinkedHashMap<>();
                schema.put(
                        "columns",
                        jdbc.queryForList("SELECT table_name, column_name, ordinal_position, data_type,"
                                + " is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public'"
                                + " AND table_name NOT LIKE 'flyway%' ORDER BY table_name, ordinal_position"));
                schema.put(
                        "indexes",
                        jdbc.queryForList("SELECT tablename, indexname, indexdef FROM pg_indexes"
                                + " WHERE schemaname = 'public' AND tablename NOT LIKE 'flyway%' ORDER BY indexname"));
                schema.put(
                        "sequences",
                        jdbc.queryForList("SELECT sequence_name, data_type, start_value, increment"
                                + " FROM information_schema.sequences WHERE sequence_schema = 'public'"
                                + " ORDER BY sequence_name"));
                return schema;
            });
        }

        @Override
        public List<String> tables() {
            return withJdbc(jdbc -> jdbc.queryForList(
                    "SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = 'public' ORDER BY table_name",
                    String.class));
        }
    }

    private static final class MariaDb extends LegacyDatabase {

        private final String hostPort;

        private final String name;

        MariaDb(String hostPort, String name) {
            this.hostPort = hostPort;
            this.name = name;
        }

        @Override
        public String vendor() {
            return "mariadb";
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:mariadb://" + this.hostPort + "/" + this.name;
        }

        @Override
        public String username() {
            return "root";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public String sqlalchemyUrl() {
            return "mysql+pymysql://root@" + this.hostPort + "/" + this.name;
        }

        private String adminUrl() {
            return "jdbc:mariadb://" + this.hostPort + "/";
        }

        @Override
        public boolean reachable() {
            return canConnect(adminUrl(), username(), password());
        }

        @Override
        public void recreate() {
            admin(
                    adminUrl(),
                    username(),
                    password(),
                    "DROP DATABASE IF EXISTS " + this.name,
                    "CREATE DATABASE " + this.name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }

        @Override
        public String storedDateTimeSql() {
            return "SELECT CONCAT(DATA_TYPE_NAME, ':', DATE_FORMAT(date_time, '%Y-%m-%d %H:%i:%s.%f'))"
                    + " FROM crimes CROSS JOIN (SELECT COLUMN_TYPE AS DATA_TYPE_NAME FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name = 'crimes' AND column_name = 'date_time') t"
                    + " WHERE id = ?";
        }

        @Override
        public Map<String, List<Map<String, Object>>> schema() {
            return withJdbc(jdbc -> {
                Map<String, List<Map<String, Object>>> schema = new LinkedHashMap<>();
                schema.put(
                        "columns",
                        jdbc.queryForList("SELECT table_name, column_name, ordinal_position,"
                                + " column_type, is_nullable, column_default, extra, collation_name"
                                + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                                + " AND table_name NOT LIKE 'flyway%' ORDER BY table_name, ordinal_position"));
                schema.put(
                        "indexes",
                        jdbc.queryForList("SELECT table_name, index_name, seq_in_index, column_name,"
                                + " non_unique FROM information_schema.statistics WHERE table_schema = DATABASE()"
                                + " AND table_name NOT LIKE 'flyway%' ORDER BY table_name, index_name, seq_in_index"));
                schema.put(
                        "tables",
                        jdbc.queryForList("SELECT table_name, engine, table_collation"
                                + " FROM information_schema.tables WHERE table_schema = DATABASE()"
                                + " AND table_name NOT LIKE 'flyway%' ORDER BY table_name"));
                return schema;
            });
        }

        @Override
        public List<String> tables() {
            return withJdbc(jdbc -> jdbc.queryForList(
                    "SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = DATABASE() ORDER BY table_name",
                    String.class));
        }
    }

    /** Names of tables present, lower-cased. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        tables().forEach(table -> names.add(table.toLowerCase(Locale.ROOT)));
        return names;
    }
}
