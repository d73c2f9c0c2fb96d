package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gotham.systemtest.migration.MigrationLazySystemTest.only;
import static org.gotham.systemtest.migration.MigrationWriteBackSystemTest.create;
import static org.gotham.systemtest.migration.MigrationWriteBackSystemTest.password;

import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;

/**
 * READ_ONLY and UNSYNCED (WRITABLE is {@link MigrationWriteBackSystemTest}), and the settings the console refuses to
 * save. On SQLite: the edit mode decides what Keycloak asks of the legacy table, not how the SQL looks, which the
 * WRITABLE tests run on every database.
 */
@ExtendWith(KeycloakExtension.class)
class MigrationEditModesSystemTest {

    private final GothamKeycloak keycloak;

    MigrationEditModesSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void readOnlyNeverWritesTheLegacyTableAndNewUsersAreKeycloakUsers() {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.SQLITE, "read-only", Map.of("editMode", "READ_ONLY"), null);
                Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            Map<String, String> before = realm.rows();
            String batman = only(users, "batman").getId();

            String created = create(users, "desk.sergeant", "desk-password-1");

            assertThat(created).doesNotStartWith("f:");
            assertThat(realm.signsIn("desk.sergeant", "desk-password-1")).isTrue();
            assertThatThrownBy(() -> users.get(batman).resetPassword(password("new-batman-password")))
                    .isInstanceOfSatisfying(
                            WebApplicationException.class,
                            e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
            String crimeApi = admin.realm(realm.name())
                    .clients()
                    .findByClientId("crime-api")
                    .get(0)
                    .getId();
            users.get(batman)
                    .roles()
                    .clientLevel(crimeApi)
                    .add(admin.realm(realm.name()).clients().get(crimeApi).roles().list().stream()
                            .filter(role -> role.getName().equals("admin"))
                            .toList());

            assertThat(MigrationRealm.status(users.delete(batman))).isEqualTo(400);

            assertThat(users.get(batman).roles().clientLevel(crimeApi).listAll())
                    .as("a refused delete takes nothing from Keycloak's side either")
                    .extracting(role -> role.getName())
                    .contains("admin");
            assertThat(realm.rows()).isEqualTo(before);
            assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                    .isTrue();
        }
    }

    @Test
    void unsyncedKeepsAChangedPasswordInKeycloakAndNeverWritesItBack() {
        OldAppPasslib.require();
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.SQLITE, "unsynced", Map.of("editMode", "UNSYNCED"), null);
                Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            LegacyUser robin = LegacyUser.named("robin");
            Map<String, String> before = realm.rows();
            assertThat(realm.signsIn("robin", robin.password())).isTrue();

            users.get(only(users, "robin").getId()).resetPassword(password("kept-by-keycloak-1"));

            assertThat(realm.signsIn("robin", "kept-by-keycloak-1")).isTrue();
            assertThat(realm.signsIn("robin", robin.password()))
                    .as("Keycloak's password takes precedence")
                    .isFalse();
            assertThat(realm.rows()).as("nothing written back").isEqualTo(before);
            assertThat(OldAppPasslib.accepts(realm.database(), "robin", robin.password()))
                    .isTrue();
            assertThat(create(users, "night.shift", "night-password-1")).doesNotStartWith("f:");
            assertThat(realm.rows()).isEqualTo(before);
        }
    }

    @Test
    void theConsoleRefusesToSaveSettingsThatCannotWork() {
        try (MigrationRealm realm =
                MigrationRealm.create(keycloak, Vendor.SQLITE, "settings", Map.of("editMode", "WRITABLE"), null)) {
            assertThatThrownBy(() -> realm.updateComponent("lazyMigration", "true"))
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(MigrationRealm.body(e.getResponse()))
                                .contains("Lazy migration works only with edit mode READ_ONLY, not WRITABLE");
                    });
            assertThatThrownBy(() -> realm.updateComponent("bcryptCost", "99"))
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(MigrationRealm.body(e.getResponse())).contains("bcrypt cost must be");
                    });
            assertThatThrownBy(() -> realm.updateComponent("editMode", "SOMETIMES"))
                    .isInstanceOf(WebApplicationException.class);
            realm.updateComponent("editMode", "READ_ONLY");
            realm.updateComponent("lazyMigration", "true");
        }
    }
}
