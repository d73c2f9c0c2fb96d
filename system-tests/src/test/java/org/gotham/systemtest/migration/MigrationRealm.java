package org.gotham.systemtest.migration;

import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * A realm of its own for a migration test: the gotham realm from the export, named {@code mig-<vendor>-<purpose>},
 * on a fresh legacy database with the committed legacy users, and with the federation component's settings (edit
 * mode, bcrypt cost, lazy migration) and the password policy the test chooses. Tests that change how the component
 * behaves use one, so the realms other test classes share are never disturbed. Deleted on close (the database is
 * dropped and made anew by the next run).
 */
final class MigrationRealm implements AutoCloseable {

    static final String COMPONENT_TYPE = "org.keycloak.storage.UserStorageProvider";

    private final GothamKeycloak keycloak;
    private final String name;
    private final LegacyDatabase database;
    private final String componentId;

    private MigrationRealm(GothamKeycloak keycloak, String name, LegacyDatabase database, String componentId) {
        this.keycloak = keycloak;
        this.name = name;
        this.database = database;
        this.componentId = componentId;
    }

    /**
     * @param settings component settings to override, e.g. {@code editMode -> WRITABLE}
     * @param passwordPolicy the realm's password policy, or null for the export's
     */
    static MigrationRealm create(
            GothamKeycloak keycloak,
            Vendor vendor,
            String purpose,
            Map<String, String> settings,
            String passwordPolicy) {
        LegacyDatabase.requireAvailable(vendor);
        String name = "mig-" + vendor.label() + "-" + purpose;
        LegacyDatabase database = LegacyDatabase.create(
                vendor,
                "mig_" + vendor.label() + "_" + purpose.replace('-', '_'),
                Environment.pathProperty("work.dir"),
                LegacyUser.all());
        RealmRepresentation realm = keycloak.realmFromExport(
                name,
                Map.of(
                        "LEGACY_DB_URL", database.jdbcUrl(),
                        "LEGACY_DB_USERNAME", database.username(),
                        "LEGACY_DB_PASSWORD", database.password()));
        ComponentExportRepresentation component =
                realm.getComponents().get(COMPONENT_TYPE).get(0);
        settings.forEach((key, value) -> component.getConfig().putSingle(key, value));
        if (passwordPolicy != null) {
            realm.setPasswordPolicy(passwordPolicy);
        }
        try (Keycloak admin = keycloak.server().admin()) {
            if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(name))) {
                admin.realm(name).remove();
            }
            admin.realms().create(realm);
            RealmResource created = admin.realm(name);
            String realmId = created.toRepresentation().getId();
            String id =
                    created.components().query(realmId, COMPONENT_TYPE).get(0).getId();
            return new MigrationRealm(keycloak, name, database, id);
        }
    }

    String name() {
        return name;
    }

    LegacyDatabase database() {
        return database;
    }

    String componentId() {
        return componentId;
    }

    TokenEndpoint tokens() {
        return new TokenEndpoint(issuer());
    }

    String issuer() {
        return keycloak.server().issuer(name);
    }

    /** A sign-in with the password grant of crime-cli. */
    boolean signsIn(String username, String password) {
        return tokens().password("crime-cli", username, password).ok();
    }

    /** Changes one setting of the federation component through the admin API, as the console's Save does. */
    void updateComponent(String key, String value) {
        try (Keycloak admin = keycloak.server().admin()) {
            ComponentRepresentation component =
                    admin.realm(name).components().component(componentId).toRepresentation();
            component.getConfig().putSingle(key, value);
            admin.realm(name).components().component(componentId).update(component);
        }
    }

    /** Every row of the legacy users table: username to hash, by id. */
    Map<String, String> rows() {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT username, hashed_password FROM users ORDER BY id")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The stored hash of one user, or null if there is no such row. */
    String hashOf(String username) {
        return rows().get(username);
    }

    int rowCount() {
        return rows().size();
    }

    void setHash(String username, String hash) {
        try (Connection c = database.connect();
                PreparedStatement update =
                        c.prepareStatement("UPDATE users SET hashed_password = ? WHERE username = ?")) {
            update.setString(1, hash);
            update.setString(2, username);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String script) {
        database.execute(script);
    }

    /** The status of a response, closing it. */
    static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    static String body(Response response) {
        try (response) {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        }
    }

    @Override
    public void close() {
        try (Keycloak admin = keycloak.server().admin()) {
            admin.realm(name).remove();
        }
    }
}
