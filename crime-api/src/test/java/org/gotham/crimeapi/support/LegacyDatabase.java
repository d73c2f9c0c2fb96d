package org.gotham.crimeapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * A scratch legacy database for one test class: dropped and created again, given the legacy tables, then filled with
 * the rows the old app wrote (committed under {@code src/test/resources/legacy}). Making, reaching and dropping the
 * database and its legacy DDL are test-support's ({@link org.gotham.testsupport.LegacyDatabase}, {@link
 * DatabaseServers}); what is crime-api's own is here: the old app's rows, JdbcTemplate access, the schema its Flyway
 * tests compare, and SQLAlchemy URLs for the old app's code.
 */
public abstract class LegacyDatabase {

    /** Every scratch database of these tests starts with this prefix. */
    public static final String PREFIX = "api_";

    final Vendor vendor;

    private LegacyDatabase(Vendor vendor) {
        this.vendor = vendor;
    }

    /** The vendor's lower-case name ({@code sqlite}, {@code postgresql}, {@code mariadb}). */
    public String vendor() {
        return this.vendor.label();
    }

    public abstract String jdbcUrl();

    public abstract String username();

    public abstract String password();

    /** The same database as an SQLAlchemy URL, for the old app's code. */
    public abstract String sqlalchemyUrl();

    /** Drops the database if it exists and creates it empty. */
    public abstract void recreate();

    /** SQL giving the {@code date_time} of crime {@code ?} as the database stores it, as text. */
    public abstract String storedDateTimeSql();

    /** Everything about the schema that the old app depends on: tables, columns, indexes. */
    public abstract Map<String, List<Map<String, Object>>> schema();

    public abstract List<String> tables();

    /** Skips the calling test, or fails it under CI, when the database's server is not reachable. */
    public void requireReachable() {
        DatabaseServers.requireAvailable(this.vendor);
    }

    /** Makes the (empty) database look as the old app left it: the legacy tables, then the rows it wrote. */
    public void loadLegacyData() {
        shared().execute(org.gotham.testsupport.LegacyDatabase.schema(this.vendor));
        String rows = "legacy/" + vendor() + "-data.sql";
        try (Connection connection = connect()) {
            ScriptUtils.executeSqlScript(
                    connection, new EncodedResource(new ClassPathResource(rows), StandardCharsets.UTF_8));
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot load the legacy data into " + jdbcUrl(), ex);
        }
    }

    public Connection connect() throws SQLException {
        return shared().connect();
    }

    /** This database as test-support sees it: an address it neither makes nor drops. */
    private org.gotham.testsupport.LegacyDatabase shared() {
        return org.gotham.testsupport.LegacyDatabase.untouched(
                this.vendor, jdbcUrl(), username() == null ? "" : username(), password() == null ? "" : password());
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

    /** Names of tables present, lower-cased. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        tables().forEach(table -> names.add(table.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** SQLite, a file. */
    public static LegacyDatabase sqlite(Path file) {
        return new Sqlite(file);
    }

    /** Database {@code name} on the shared PostgreSQL server ({@link DatabaseServers}). */
    public static LegacyDatabase postgres(String name) {
        return new Postgres(name);
    }

    /** Database {@code name} on the shared MariaDB server ({@link DatabaseServers}), its tables {@code utf8mb4_bin}. */
    public static LegacyDatabase mariadb(String name) {
        return new MariaDb(name);
    }

    private static final class Sqlite extends LegacyDatabase {

        private final Path file;

        Sqlite(Path file) {
            super(Vendor.SQLITE);
            this.file = file.toAbsolutePath();
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

    /** A database on one of the shared servers, as test-support reaches them. */
    private abstract static class OnServer extends LegacyDatabase {

        private final String name;

        OnServer(Vendor vendor, String name) {
            super(vendor);
            this.name = name;
        }

        @Override
        public String jdbcUrl() {
            return DatabaseServers.jdbcUrl(this.vendor, this.name);
        }

        @Override
        public String username() {
            return DatabaseServers.user(this.vendor);
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public void recreate() {
            DatabaseServers.recreate(this.vendor, this.name, Collation.BINARY);
        }
    }

    private static final class Postgres extends OnServer {

        Postgres(String name) {
            super(Vendor.POSTGRESQL, name);
        }

        @Override
        public String sqlalchemyUrl() {
            return "postgresql://" + username() + "@" + jdbcUrl().substring("jdbc:postgresql://".length());
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

    private static final class MariaDb extends OnServer {

        MariaDb(String name) {
            super(Vendor.MARIADB, name);
        }

        @Override
        public String sqlalchemyUrl() {
            return "mysql+pymysql://" + username() + "@" + jdbcUrl().substring("jdbc:mariadb://".length());
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
}
