package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A legacy table wider than the old app's: the fixture's legacy database given an e-mail, first and last name, an
 * active flag and a creation time, named in the federation component's optional column settings. Sign-in by e-mail
 * (the realm allows it), a disabled row refused, an e-mail two rows share refused, the values in the admin REST
 * answer, and in WRITABLE mode an admin's changes written to the row. Own realm per vendor
 * ({@code mig-<vendor>-columns}), on the run's one Keycloak.
 */
@ExtendWith(KeycloakExtension.class)
class LegacyColumnsSystemTest {

    /** 2024-05-01 12:30:00, stored without a zone and read as UTC. */
    static final long MAY_FIRST = Instant.parse("2024-05-01T12:30:00Z").toEpochMilli();

    private final GothamKeycloak keycloak;

    LegacyColumnsSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void emailSignsInADisabledRowAndASharedEmailDoNotAndTheConsoleShowsTheRowsValues(Vendor vendor) {
        try (MigrationRealm realm =
                        MigrationRealm.create(keycloak, vendor, "columns", Map.of("editMode", "WRITABLE"), null);
                Keycloak admin = keycloak.server().admin()) {
            addColumns(realm, vendor);
            realm.execute("UPDATE users SET email = 'Bruce@Wayne.example', first_name = 'Bruce', last_name = 'Wayne', "
                    + "active = TRUE, created_at = '2024-05-01 12:30:00.000000' WHERE username = 'batman'");
            realm.execute("UPDATE users SET email = 'robin@wayne.example', active = FALSE WHERE username = 'robin'");
            realm.execute("UPDATE users SET email = 'family@wayne.example' WHERE username IN ('alfred', 'lucius')");
            realm.execute("UPDATE users SET created_at = '2024-05-01 12:30:00.000000' WHERE username = 'gordon'");

            assertThatThrownBy(() -> realm.updateComponent("emailColumn", "mail"))
                    .as("a column the table does not have")
                    .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(400);
                        assertThat(MigrationRealm.body(e.getResponse()))
                                .contains("Column 'mail' (e-mail column) not found in table 'users'");
                    });
            realm.updateComponent("emailColumn", "email");
            realm.updateComponent("firstNameColumn", "first_name");
            realm.updateComponent("lastNameColumn", "last_name");
            realm.updateComponent("enabledColumn", "active");
            realm.updateComponent("createdColumn", "created_at");
            RealmResource realmResource = admin.realm(realm.name());
            RealmRepresentation settings = realmResource.toRepresentation();
            settings.setDuplicateEmailsAllowed(false);
            settings.setLoginWithEmailAllowed(true);
            realmResource.update(settings);
            UsersResource users = realmResource.users();

            // sign-in by e-mail, ignoring case, as the user it belongs to
            LegacyUser batman = LegacyUser.named("batman");
            UserRepresentation bruce = only(users, "batman");
            Answer byEmail = realm.tokens().password("crime-cli", "BRUCE@wayne.example", batman.password());
            assertThat(byEmail.ok()).as("%s", byEmail.body()).isTrue();
            assertThat(byEmail.claims().path("sub").asText()).isEqualTo(bruce.getId());

            // a disabled row: refused with the right password, and shown disabled
            Answer robin = realm.tokens()
                    .password("crime-cli", "robin", LegacyUser.named("robin").password());
            assertThat(robin.ok()).isFalse();
            assertThat(robin.error()).isEqualTo("invalid_grant");
            assertThat(robin.body().path("error_description").asText()).isEqualTo("Account disabled");
            assertThat(only(users, "robin").isEnabled()).isFalse();

            // an e-mail two rows share signs neither in by it; their names still do
            Answer shared = realm.tokens()
                    .password(
                            "crime-cli",
                            "family@wayne.example",
                            LegacyUser.named("alfred").password());
            assertThat(shared.ok()).isFalse();
            assertThat(shared.error()).isEqualTo("invalid_grant");
            assertThat(realm.signsIn("alfred", LegacyUser.named("alfred").password()))
                    .isTrue();

            // the admin REST answer (the console's backend)
            assertThat(bruce.getEmail()).isEqualTo("bruce@wayne.example");
            assertThat(bruce.getFirstName()).isEqualTo("Bruce");
            assertThat(bruce.getLastName()).isEqualTo("Wayne");
            assertThat(bruce.isEnabled()).isTrue();
            assertThat(bruce.getCreatedTimestamp()).isEqualTo(MAY_FIRST);
            assertThat(users.get(bruce.getId()).toRepresentation().getCreatedTimestamp())
                    .isEqualTo(MAY_FIRST);
            assertThat(only(users, "gordon").getEmail()).isNull();
            assertThat(only(users, "gordon").getCreatedTimestamp()).isEqualTo(MAY_FIRST);
            assertThat(only(users, "selina").getCreatedTimestamp())
                    .as("no time in the row: none, not an error")
                    .isNull();
            assertThat(users.search("bruce@", 0, 10))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("batman");
            assertThat(users.searchByEmail("BRUCE@WAYNE.EXAMPLE", true))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("batman");
            assertThat(users.search("*wayne*", 0, 10))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactlyInAnyOrder("batman", "robin", "alfred", "lucius");

            // WRITABLE: an admin's changes reach the row
            UserRepresentation edit = users.get(bruce.getId()).toRepresentation();
            edit.setEnabled(false);
            edit.setFirstName("Brucie");
            users.get(bruce.getId()).update(edit);
            assertThat(realm.database().queryString("SELECT first_name FROM users WHERE username = 'batman'"))
                    .isEqualTo("Brucie");
            assertThat(realm.signsIn("batman", batman.password())).isFalse();
            edit.setEnabled(true);
            users.get(bruce.getId()).update(edit);
            assertThat(realm.signsIn("batman", batman.password())).isTrue();
            assertThat(realm.database().queryLong("SELECT count(*) FROM users WHERE username = 'batman' AND active"))
                    .isEqualTo(1);

            // WRITABLE: a new user's e-mail and names go to the new row, the e-mail in lower case
            UserRepresentation catwoman = new UserRepresentation();
            catwoman.setUsername("catwoman");
            catwoman.setEmail("Selina@Kyle.example");
            catwoman.setFirstName("Selina");
            catwoman.setEnabled(true);
            assertThat(MigrationRealm.status(users.create(catwoman))).isEqualTo(201);
            assertThat(realm.database().queryString("SELECT email FROM users WHERE username = 'catwoman'"))
                    .isEqualTo("selina@kyle.example");
            assertThat(realm.database().queryString("SELECT first_name FROM users WHERE username = 'catwoman'"))
                    .isEqualTo("Selina");
            assertThat(only(users, "catwoman").getEmail()).isEqualTo("selina@kyle.example");
        }
    }

    @Test
    void lazyMigrationAndTheImportCarryTheRowsValuesIntoKeycloakUsers() {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak,
                        Vendor.SQLITE,
                        "columns-lazy",
                        Map.of("editMode", "READ_ONLY", "lazyMigration", "true"),
                        null);
                Keycloak admin = keycloak.server().admin()) {
            addColumns(realm, Vendor.SQLITE);
            realm.execute("UPDATE users SET email = 'Bruce@Wayne.example', first_name = 'Bruce', last_name = 'Wayne', "
                    + "active = 1, created_at = '2024-05-01 12:30:00.000000' WHERE username = 'batman'");
            realm.execute("UPDATE users SET email = 'robin@wayne.example', active = 0, "
                    + "created_at = '2024-05-01 12:30:00.000000' WHERE username = 'robin'");
            realm.execute("UPDATE users SET email = 'family@wayne.example' WHERE username IN ('alfred', 'lucius')");
            for (String[] setting : List.of(
                    new String[] {"emailColumn", "email"},
                    new String[] {"firstNameColumn", "first_name"},
                    new String[] {"lastNameColumn", "last_name"},
                    new String[] {"enabledColumn", "active"},
                    new String[] {"createdColumn", "created_at"})) {
                realm.updateComponent(setting[0], setting[1]);
            }
            UsersResource users = admin.realm(realm.name()).users();
            assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                    .isTrue();
            UserRepresentation migrated = only(users, "batman");
            assertThat(migrated.getId()).doesNotStartWith("f:");
            assertThat(migrated.getEmail()).isEqualTo("bruce@wayne.example");
            assertThat(migrated.getFirstName()).isEqualTo("Bruce");
            assertThat(migrated.getLastName()).isEqualTo("Wayne");
            assertThat(migrated.isEnabled()).isTrue();
            assertThat(migrated.getCreatedTimestamp()).isEqualTo(MAY_FIRST);

            // the import of everyone else: the same values, and no e-mail that two rows share
            assertThat(MigrationImportSystemTest.sync(admin, realm).getFailed()).isZero();
            UserRepresentation robin = only(users, "robin");
            assertThat(robin.getId()).doesNotStartWith("f:");
            assertThat(robin.getEmail()).isEqualTo("robin@wayne.example");
            assertThat(robin.isEnabled()).isFalse();
            assertThat(robin.getCreatedTimestamp()).isEqualTo(MAY_FIRST);
            assertThat(only(users, "alfred").getEmail()).isNull();
            assertThat(only(users, "lucius").getEmail()).isNull();
            assertThat(only(users, "gordon").isEnabled())
                    .as("a NULL flag is enabled")
                    .isTrue();
        }
    }

    /** The columns a wider legacy table has, in each database's own types. */
    private static void addColumns(MigrationRealm realm, Vendor vendor) {
        String bool = "BOOLEAN";
        String time = switch (vendor) {
            case SQLITE -> "DATETIME";
            case POSTGRESQL -> "TIMESTAMP WITHOUT TIME ZONE";
            case MARIADB -> "DATETIME(6)";
        };
        for (String column : List.of(
                "email VARCHAR(255)",
                "first_name VARCHAR(255)",
                "last_name VARCHAR(255)",
                "active " + bool,
                "created_at " + time)) {
            realm.execute("ALTER TABLE users ADD " + column);
        }
    }

    static UserRepresentation only(UsersResource users, String username) {
        List<UserRepresentation> found = users.searchByUsername(username, true);
        assertThat(found).as("users named %s", username).hasSize(1);
        return found.get(0);
    }
}
