package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gotham.systemtest.migration.MigrationLazySystemTest.credentialAlgorithm;
import static org.gotham.systemtest.migration.MigrationLazySystemTest.only;

import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;

/**
 * Bulk import keeping hashes: "Sync all users" (the admin REST call scripts use) makes every legacy user a Keycloak
 * user with the passlib hash as a {@code bcrypt} credential; they sign in with their old password at once and
 * Keycloak upgrades the hash at that sign-in; a second run changes nothing. Own realm per vendor.
 */
@ExtendWith(KeycloakExtension.class)
class MigrationBulkImportSystemTest {

    private final GothamKeycloak keycloak;

    MigrationBulkImportSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void importKeepsEveryHashSignsEveryoneInAndUpgradesAtTheFirstSignIn(Vendor vendor) {
        try (MigrationRealm realm =
                        MigrationRealm.create(keycloak, vendor, "import", Map.of("editMode", "READ_ONLY"), null);
                Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            realm.execute("INSERT INTO users (username, hashed_password) VALUES ('no.hash', NULL)");
            Map<String, String> rowsBefore = realm.rows();
            List<LegacyUser> legacy = LegacyUser.all();

            // before: legacy users, signed in through the provider
            assertThat(only(users, "batman").getId()).startsWith("f:");
            assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                    .isTrue();

            SynchronizationResultRepresentation first = sync(admin, realm);

            assertThat(first.getAdded()).isEqualTo(legacy.size());
            assertThat(first.getFailed()).as("the row without a hash").isEqualTo(1);
            for (LegacyUser user : legacy) {
                String name = user.username().toLowerCase();
                String id = only(users, name).getId();
                assertThat(id).as(name).doesNotStartWith("f:");
                assertThat(credentialAlgorithm(users, id)).as(name).isEqualTo("bcrypt");
            }

            // after: old passwords work at once, Keycloak upgrades the hash, the legacy rows are untouched
            for (LegacyUser user : legacy.subList(0, 8)) {
                assertThat(realm.signsIn(user.username(), user.password()))
                        .as(user.username())
                        .isTrue();
                String id = only(users, user.username().toLowerCase()).getId();
                assertThat(credentialAlgorithm(users, id)).as(user.username()).isNotEqualTo("bcrypt");
                assertThat(realm.signsIn(user.username(), user.password()))
                        .as(user.username())
                        .isTrue();
                // last: a failure right before another attempt can trip the realm's quick-login brute-force check
                assertThat(realm.signsIn(user.username(), user.password() + "x"))
                        .as(user.username())
                        .isFalse();
            }
            assertThat(realm.rows()).isEqualTo(rowsBefore);

            SynchronizationResultRepresentation second = sync(admin, realm);

            assertThat(second.getAdded()).isZero();
            assertThat(second.getUpdated()).isZero();
            assertThat(users.searchByUsername("batman", true)).hasSize(1);
            assertThat(credentialAlgorithm(users, only(users, "witness20").getId()))
                    .isEqualTo("bcrypt");
        }
    }

    @Test
    void importIsRefusedWhileTheStoreIsWritable() {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.SQLITE, "import-writable", Map.of("editMode", "WRITABLE"), null);
                Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();

            SynchronizationResultRepresentation refused = sync(admin, realm);

            assertThat(refused.getAdded()).isZero();
            assertThat(refused.getFailed())
                    .as("every legacy user, not imported")
                    .isEqualTo(LegacyUser.all().size());
            assertThat(only(users, "batman").getId())
                    .as("batman is still a legacy user")
                    .startsWith("f:");
            assertThat(users.list(0, 1000))
                    .as("no Keycloak user was made")
                    .filteredOn(user -> !user.getUsername().startsWith("service-account-"))
                    .hasSize(LegacyUser.all().size())
                    .allSatisfy(user -> assertThat(user.getId()).startsWith("f:"));
            assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                    .isTrue();
        }
    }

    /** What a script runs: POST /admin/realms/{realm}/user-storage/{componentId}/sync?action=triggerFullSync */
    private static SynchronizationResultRepresentation sync(Keycloak admin, MigrationRealm realm) {
        return admin.realm(realm.name()).userStorage().syncUsers(realm.componentId(), "triggerFullSync");
    }
}
