package org.gotham.keycloak.legacy.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * A scratch legacy database, test-support's {@link org.gotham.testsupport.LegacyDatabase}, as the federation
 * component's config sees it: on SQLite (a temp file), PostgreSQL or MariaDB (the server's default collation:
 * case-insensitive, the lenient case the provider must handle). An unreachable server skips the test (fails it
 * under CI). Server databases are named {@code kup_*}, made anew on creation and dropped on close.
 */
public final class LegacyDatabase implements AutoCloseable {

    private final org.gotham.testsupport.LegacyDatabase database;
    private final String kind;

    private LegacyDatabase(org.gotham.testsupport.LegacyDatabase database, String kind) {
        this.database = database;
        this.kind = kind;
    }

    public static LegacyDatabase sqlite(Path directory) {
        return create(Vendor.SQLITE, "gotham_crime_data", directory, "SQLite");
    }

    public static LegacyDatabase postgres(String name) {
        return create(Vendor.POSTGRESQL, name, null, "PostgreSQL");
    }

    public static LegacyDatabase mariadb(String name) {
        return create(Vendor.MARIADB, name, null, "MariaDB");
    }

    private static LegacyDatabase create(Vendor vendor, String name, Path directory, String kind) {
        return new LegacyDatabase(
                org.gotham.testsupport.LegacyDatabase.create(
                        vendor, name, directory, Collation.SERVER_DEFAULT, List.of()),
                kind);
    }

    public String kind() {
        return kind;
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public String jdbcUser() {
        return database.vendor() == Vendor.SQLITE ? null : database.username();
    }

    /** Whether the users table may hold usernames that differ only by case (not under MariaDB's default collation). */
    public boolean allowsCaseDuplicates() {
        return database.vendor() != Vendor.MARIADB;
    }

    public Connection connect() throws SQLException {
        return database.connect();
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

    public void insertUser(long id, String username, String hash) {
        database.insertUser(id, username, hash);
    }

    public void execute(String sql) {
        database.execute(sql);
    }

    /** The first column of the first row, as text. */
    public String queryString(String sql) {
        return database.queryString(sql);
    }

    public int countRows() {
        return (int) database.queryLong("SELECT count(*) FROM users");
    }

    @Override
    public void close() {
        database.drop();
    }
}
