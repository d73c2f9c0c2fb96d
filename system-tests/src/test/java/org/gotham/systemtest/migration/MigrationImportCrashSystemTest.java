package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.PrivateKeycloak;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;

/**
 * A Keycloak killed (SIGKILL) in the middle of a bulk import: after a restart, the next run imports the rest, and
 * every legacy user is a Keycloak user exactly once, including what the old app changed meanwhile; a second click
 * during the run starts nothing. Keycloak's own database is PostgreSQL, as in production; the
 * legacy table (PostgreSQL) holds the committed users and {@value #BULK} more.
 */
class MigrationImportCrashSystemTest {

    private static final int BULK = 20_000;
    private static final String KEYCLOAK_DB = "st_keycloak_import_crash";
    private static final String COMPONENT_ID = "legacy-users";

    @Test
    void anImportKilledHalfWayIsCompletedByTheNextRunWithEveryUserOnce() throws Exception {
        KeycloakRuntime.assumeProcess("kills Keycloak and starts it again");
        LegacyDatabase.requireAvailable(Vendor.POSTGRESQL);
        LegacyDatabase legacy = LegacyDatabase.create(
                Vendor.POSTGRESQL, "st_legacy_import_crash", Environment.pathProperty("work.dir"), LegacyUser.all());
        String bulkHash = LegacyUser.named("alfred").hash();
        legacy.execute("INSERT INTO users (username, hashed_password) SELECT 'bulk' || g, '" + bulkHash
                + "' FROM generate_series(1, " + BULK + ") g");
        int rows = LegacyUser.all().size() + BULK; // one added and one deleted while the import runs
        try (PrivateKeycloak keycloak = PrivateKeycloak.startOnPostgres(
                KEYCLOAK_DB,
                Map.of(
                        "LEGACY_DB_URL", legacy.jdbcUrl(),
                        "LEGACY_DB_USERNAME", legacy.username(),
                        "LEGACY_DB_PASSWORD", legacy.password()))) {
            readOnly(keycloak);
            LegacyMigrationApi api = new LegacyMigrationApi(keycloak.server(), "gotham", COMPONENT_ID);

            CompletableFuture<Void> firstRun = CompletableFuture.runAsync(() -> sync(keycloak));
            Await.until(
                    "the import is under way",
                    Duration.ofMinutes(2),
                    () -> api.importStatus().path("processed").asLong() >= 2 * 1000);
            // a second click while it runs starts nothing: refused by our lock, or by Keycloak's own while the first
            // request still waits for the import
            SynchronizationResultRepresentation second = sync(keycloak);
            assertThat(second.isIgnored()).isTrue();
            assertThat(second.getStatus()).containsAnyOf("already running", "already in progress");
            assertThat(second.getAdded()).isZero();
            // the old app goes on meanwhile: a row added, one deleted before the import reached it, a password
            // changed for a user the import has made
            legacy.execute(
                    "INSERT INTO users (username, hashed_password) VALUES ('late.registration', '" + bulkHash + "')");
            legacy.execute("DELETE FROM users WHERE username = 'bulk" + BULK + "'");
            legacy.execute("UPDATE users SET hashed_password = '"
                    + LegacyUser.named("selina").hash() + "' WHERE username = 'bulk1'");
            keycloak.kill();
            firstRun.handle((done, failure) -> null).join();

            keycloak.server().startProcess();
            long afterCrash = importedUsers();
            assertThat(afterCrash)
                    .as("some users were imported before the kill")
                    .isPositive();
            assertThat(afterCrash).as("the kill came before the end").isLessThan(rows);

            sync(keycloak);
            Await.until(
                    "the second import has ended",
                    Duration.ofMinutes(5),
                    () -> !api.importStatus().get("state").asText().equals("RUNNING"));

            JsonNode status = api.importStatus();
            assertThat(status.get("state").asText()).isEqualTo("DONE");
            assertThat(status.get("added").asLong()
                            + status.get("updated").asLong()
                            + status.get("unchanged").asLong())
                    .isEqualTo(rows);
            assertThat(importedUsers()).as("every legacy user, once").isEqualTo(rows);
            assertThat(distinctLegacyIds()).isEqualTo(rows);
            assertThat(status.get("updated").asLong())
                    .as("bulk1's password, changed in the old app")
                    .isEqualTo(1);
            TokenEndpoint tokens = new TokenEndpoint(keycloak.server().issuer("gotham"));
            assertThat(tokens.password(
                                    "crime-cli",
                                    "bulk1",
                                    LegacyUser.named("selina").password())
                            .ok())
                    .as("bulk1 signs in with the password the old app set")
                    .isTrue();
            assertThat(tokens.password(
                                    "crime-cli",
                                    "late.registration",
                                    LegacyUser.named("alfred").password())
                            .ok())
                    .as("a user the old app added during the import signs in with the old password")
                    .isTrue();
        }
    }

    private static void readOnly(PrivateKeycloak keycloak) {
        try (Keycloak admin = keycloak.server().admin()) {
            ComponentRepresentation component =
                    admin.realm("gotham").components().component(COMPONENT_ID).toRepresentation();
            component.getConfig().putSingle("editMode", "READ_ONLY");
            admin.realm("gotham").components().component(COMPONENT_ID).update(component);
        }
    }

    private static SynchronizationResultRepresentation sync(PrivateKeycloak keycloak) {
        try (Keycloak admin = keycloak.server().admin()) {
            return admin.realm("gotham").userStorage().syncUsers(COMPONENT_ID, "triggerFullSync");
        }
    }

    /** Keycloak users of the realm that came from a legacy row, counted in Keycloak's own database. */
    private static long importedUsers() throws SQLException {
        return single("SELECT count(*) FROM user_attribute a JOIN user_entity u ON u.id = a.user_id JOIN realm r ON "
                + "r.id = u.realm_id WHERE r.name = 'gotham' AND a.name = 'legacy_id'");
    }

    private static long distinctLegacyIds() throws SQLException {
        return single("SELECT count(DISTINCT a.value) FROM user_attribute a JOIN user_entity u ON u.id = a.user_id "
                + "JOIN realm r ON r.id = u.realm_id WHERE r.name = 'gotham' AND a.name = 'legacy_id'");
    }

    private static long single(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PrivateKeycloak.postgresUrl(KEYCLOAK_DB), "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
