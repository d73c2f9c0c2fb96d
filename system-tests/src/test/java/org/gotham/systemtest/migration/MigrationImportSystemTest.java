package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;

/**
 * The bulk import follows provenance, as an attacker would test it: a name registered in the old app in another case
 * never takes over the Keycloak user imported from the original row; the dry run, the report and the import agree on
 * every row of a table with bad rows. Legacy table in PostgreSQL; own realm each.
 */
@ExtendWith(KeycloakExtension.class)
class MigrationImportSystemTest {

    private final GothamKeycloak keycloak;

    MigrationImportSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void aNameRegisteredInTheOldAppInAnotherCaseNeverTakesOverTheImportedUser() {
        OldAppPasslib.require();
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.POSTGRESQL, "import-takeover", Map.of("editMode", "READ_ONLY"), null);
                Keycloak admin = keycloak.server().admin()) {
            LegacyUser alfred = LegacyUser.named("alfred");
            assertThat(sync(admin, realm).getAdded()).isEqualTo(LegacyUser.all().size());

            // the attacker registers ALFRED in the old app (open registration, case-sensitive unique index)
            String newcomerPassword = "newcomer-takes-over-1";
            realm.execute("INSERT INTO users (username, hashed_password) VALUES ('ALFRED', '"
                    + OldAppPasslib.hash(newcomerPassword) + "')");
            long newcomerId = idOf(realm, "ALFRED");
            long alfredId = idOf(realm, "alfred");

            SynchronizationResultRepresentation next = sync(admin, realm);

            assertThat(next.getAdded()).isZero();
            assertThat(next.getUpdated()).isZero();
            assertThat(next.getFailed()).as("the newcomer's row, reported").isEqualTo(1);
            assertThat(realm.signsIn("alfred", alfred.password()))
                    .as("alfred's own password")
                    .isTrue();
            assertThat(realm.signsIn("alfred", newcomerPassword))
                    .as("the newcomer's password")
                    .isFalse();

            LegacyMigrationApi api = new LegacyMigrationApi(keycloak.server(), realm.name(), realm.componentId());
            JsonNode report = api.report();
            assertThat(ids(report.at("/cannotImport/usernameDiffersOnlyByCase/ids")))
                    .containsExactlyInAnyOrder(alfredId, newcomerId);
            JsonNode refused = api.importStatus().at("/refused/NAME_TAKEN");
            assertThat(refused.get("count").asLong()).isEqualTo(1);
            assertThat(refused.at("/rows/0").asText())
                    .startsWith(newcomerId + " ")
                    .contains("came from row " + alfredId);
            assertThat(keycloak.server().log()).doesNotContain(realm.hashOf("ALFRED"));

            // a password changed in the old app still reaches the user imported from that row (selina has not
            // signed in since the import: a sign-in upgrades the imported hash, which the import then leaves alone)
            String changed = "selina-changed-in-old-app-2";
            realm.setHash("selina", OldAppPasslib.hash(changed));

            SynchronizationResultRepresentation third = sync(admin, realm);

            assertThat(third.getUpdated()).isEqualTo(1);
            assertThat(realm.signsIn("selina", changed)).isTrue();
        }
    }

    @Test
    void dryRunReportAndImportAgreeOnEveryRowOfATableWithBadRows() {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.POSTGRESQL, "import-dry-run", Map.of("editMode", "READ_ONLY"), null);
                Keycloak admin = keycloak.server().admin()) {
            String hash = LegacyUser.named("alfred").hash();
            realm.execute("INSERT INTO users (username, hashed_password) VALUES (NULL, '" + hash + "'), ('', '" + hash
                    + "'), ('no.hash', NULL), ('bad.hash', '$2b$12$truncated'), ('" + "x".repeat(10_000) + "', '"
                    + hash + "'), ('Twin', '" + hash + "'), ('TWIN', '" + hash + "')");
            int good = LegacyUser.all().size();
            LegacyMigrationApi api = new LegacyMigrationApi(keycloak.server(), realm.name(), realm.componentId());

            JsonNode dry = api.dryRun();
            JsonNode before = api.report();

            assertThat(dry.get("added").asLong()).isEqualTo(good);
            assertThat(dry.get("failed").asLong()).isEqualTo(7);
            assertThat(dry.at("/refused/NO_USERNAME/count").asLong()).isEqualTo(2);
            assertThat(dry.at("/refused/UNUSABLE_HASH/count").asLong()).isEqualTo(2);
            assertThat(dry.at("/refused/USERNAME_TOO_LONG/count").asLong()).isEqualTo(1);
            assertThat(dry.at("/refused/CASE_DUPLICATE/count").asLong()).isEqualTo(2);
            assertThat(before.get("legacyRows").asLong()).isEqualTo(good + 7);
            assertThat(before.at("/inKeycloak/total").asLong()).isZero();
            assertThat(before.get("left").asLong())
                    .as("every row with a username")
                    .isEqualTo(good + 5);
            assertThat(before.at("/cannotImport/withoutUsername").asLong()).isEqualTo(2);
            assertThat(before.at("/cannotImport/unusableHash").asLong()).isEqualTo(2);
            assertThat(before.at("/cannotImport/usernameDiffersOnlyByCase/rows").asLong())
                    .isEqualTo(2);
            assertThat(before.at("/hashesByPrefixAndCost/$2b$04$").asLong()).isPositive();
            assertThat(realm.rowCount()).as("the dry run wrote nothing").isEqualTo(good + 7);

            SynchronizationResultRepresentation imported = sync(admin, realm);
            JsonNode status = api.importStatus();
            JsonNode after = api.report();

            assertThat(imported.getAdded()).isEqualTo(dry.get("added").asInt());
            assertThat(imported.getFailed()).isEqualTo(dry.get("failed").asInt());
            assertThat(status.get("state").asText()).isEqualTo("DONE");
            assertThat(status.get("refused")).isEqualTo(dry.get("refused"));
            assertThat(after.at("/inKeycloak/imported").asLong()).isEqualTo(good);
            assertThat(after.get("left").asLong())
                    .as("the refused rows with a username")
                    .isEqualTo(5);
            assertThat(admin.realm(realm.name())
                            .users()
                            .searchByUsername("batman", true)
                            .get(0)
                            .getAttributes())
                    .containsEntry("legacy_id", List.of(Long.toString(idOf(realm, "batman"))));

            JsonNode again = api.dryRun();
            assertThat(again.get("added").asLong()).isZero();
            assertThat(again.get("unchanged").asLong()).isEqualTo(good);
            assertThat(again.get("failed").asLong()).isEqualTo(7);
            assertThat(keycloak.server().log()).doesNotContain(hash).doesNotContain("$2b$12$truncated");
        }
    }

    static SynchronizationResultRepresentation sync(Keycloak admin, MigrationRealm realm) {
        return admin.realm(realm.name()).userStorage().syncUsers(realm.componentId(), "triggerFullSync");
    }

    static long idOf(MigrationRealm realm, String username) {
        try (Connection c = realm.database().connect();
                PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no row " + username);
                }
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asLong()));
        return ids;
    }
}
