package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Lazy migration (READ_ONLY, lazyMigration=true): a legacy user's first successful sign-in makes them a Keycloak
 * user for good; from then on Keycloak alone signs them in. Own realm per vendor ({@code mig-<vendor>-lazy}).
 */
@ExtendWith(KeycloakExtension.class)
class MigrationLazySystemTest {

    private final GothamKeycloak keycloak;

    MigrationLazySystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void firstSignInMovesTheUserIntoKeycloakWithRolesAndKeycloaksHashAndLeavesTheRowAlone(Vendor vendor) {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, vendor, "lazy", Map.of("editMode", "READ_ONLY", "lazyMigration", "true"), null);
                Keycloak admin = keycloak.server().admin()) {
            RealmResource realmResource = admin.realm(realm.name());
            UsersResource users = realmResource.users();
            LegacyUser robin = LegacyUser.named("robin");
            String rowBefore = realm.hashOf("robin");

            // before: legacy users, and a wrong password makes nobody (tried on alfred: a failure right before
            // another attempt of the same user can trip the realm's quick-login brute-force check)
            assertThat(only(users, "robin").getId()).startsWith("f:");
            assertThat(realm.signsIn("alfred", "not-his-password")).isFalse();
            assertThat(only(users, "alfred").getId()).startsWith("f:");

            // the migration
            Answer first = realm.tokens().password("crime-cli", "robin", robin.password());
            assertThat(first.ok()).as("%s", first.body()).isTrue();

            UserRepresentation migrated = only(users, "robin");
            assertThat(migrated.getId()).doesNotStartWith("f:");
            assertThat(migrated.getFederationLink()).isNull();
            assertThat(credentialAlgorithm(users, migrated.getId())).isIn("argon2", "pbkdf2-sha512", "pbkdf2-sha256");
            String crimeApi =
                    realmResource.clients().findByClientId("crime-api").get(0).getId();
            assertThat(users.get(migrated.getId()).roles().clientLevel(crimeApi).listAll())
                    .extracting(role -> role.getName())
                    .contains("editor");
            assertThat(realm.hashOf("robin")).as("the legacy row is untouched").isEqualTo(rowBefore);

            // after: a second sign-in makes no second user, and Keycloak alone signs them in
            realm.setHash("robin", "$2b$04$thisIsNotTheHashOfAnyPasswordAtAll.ForRobinXXXXXXXXXX");
            Answer second = realm.tokens().password("crime-cli", "robin", robin.password());
            assertThat(second.ok()).as("%s", second.body()).isTrue();
            assertThat(second.claims().path("sub").asText()).isEqualTo(migrated.getId());
            assertThat(second.claims()
                            .path("resource_access")
                            .path("crime-api")
                            .path("roles")
                            .toString())
                    .contains("editor");
            assertThat(users.searchByUsername("robin", true)).hasSize(1);
            assertThat(realm.signsIn("robin", "not-his-password")).isFalse();
            assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                    .as("others still sign in through the legacy store")
                    .isTrue();
        }
    }

    static UserRepresentation only(UsersResource users, String username) {
        List<UserRepresentation> found = users.searchByUsername(username, true);
        assertThat(found).as("users named %s", username).hasSize(1);
        return found.get(0);
    }

    static String credentialAlgorithm(UsersResource users, String id) {
        String data = users.get(id).credentials().stream()
                .filter(c -> "password".equals(c.getType()))
                .findFirst()
                .orElseThrow()
                .getCredentialData();
        return data.replaceAll(".*\"algorithm\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
