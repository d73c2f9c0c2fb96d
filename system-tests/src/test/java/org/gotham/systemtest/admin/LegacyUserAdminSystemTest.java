package org.gotham.systemtest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** What an admin sees of legacy users through Keycloak's admin REST API (the console's backend). */
@ExtendWith(KeycloakExtension.class)
class LegacyUserAdminSystemTest {

    private final GothamKeycloak keycloak;

    LegacyUserAdminSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void searchingStarPagesThroughEveryLegacyUserExactlyOnceAndAgreesWithTheCount(Vendor vendor) throws SQLException {
        LegacyRealm realm = keycloak.realm(vendor);
        Set<String> expected = legacyUsernames(realm);
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            List<String> seen = new ArrayList<>();
            for (int first = 0; ; first += 10) {
                List<UserRepresentation> page = users.search("*", first, 10);
                page.forEach(u -> seen.add(u.getUsername()));
                if (page.size() < 10) {
                    break;
                }
            }
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).containsAll(expected);
            assertThat(users.count("*")).isEqualTo(seen.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void searchSyntaxMatchesKeycloaksOwnForLegacyUsers(Vendor vendor) {
        LegacyRealm realm = keycloak.realm(vendor);
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            Map<String, List<String>> expectations = Map.of(
                    "witness0", names("witness", 1, 9),
                    "WITNESS0*", names("witness", 1, 9),
                    "*ness1*", names("witness", 10, 19),
                    "\"batman\"", List.of("batman"),
                    "\"bat\"", List.of(),
                    "barbara", List.of("barbara.gordon"),
                    "*.gor*", List.of("barbara.gordon"),
                    "%", List.of(),
                    "_atman", List.of(),
                    "' OR '1'='1", List.of());
            expectations.forEach((search, names) -> {
                List<String> found = users.search(search, 0, 100).stream()
                        .map(UserRepresentation::getUsername)
                        .toList();
                assertThat(found).as("search %s on %s", search, vendor).containsExactlyInAnyOrderElementsOf(names);
                assertThat(users.count(search))
                        .as("count %s on %s", search, vendor)
                        .isEqualTo(names.size());
            });
            assertThat(users.search("x".repeat(10_000), 0, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void usernameSearchIsExactOnlyWhenAskedTo(Vendor vendor) {
        LegacyRealm realm = keycloak.realm(vendor);
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            assertThat(users.search("batman", true))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("batman");
            assertThat(users.search("BATMAN", true))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("batman");
            assertThat(users.search("bat", true)).isEmpty();
            assertThat(users.search("bat", false))
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("batman");
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aLegacyUsersPageShowsTheUsernameTheFederationLinkAndTheLegacyId(Vendor vendor) throws SQLException {
        LegacyRealm realm = keycloak.realm(vendor);
        long legacyId = legacyId(realm, "Barbara.Gordon");
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            UserRepresentation found = users.search("\"barbara.gordon\"", 0, 1).get(0);
            UserRepresentation user = users.get(found.getId()).toRepresentation();
            String componentId = admin.realm(realm.name())
                    .components()
                    .query(null, "org.keycloak.storage.UserStorageProvider")
                    .get(0)
                    .getId();

            assertThat(user.getUsername()).isEqualTo("barbara.gordon");
            assertThat(user.getFederationLink()).isEqualTo(componentId);
            assertThat(user.getAttributes()).containsEntry("legacy_id", List.of(Long.toString(legacyId)));
            assertThat(user.getAttributes()).containsEntry("legacy_username", List.of("Barbara.Gordon"));
            assertThat(user.isEnabled()).isTrue();
        }
    }

    @Test
    void savingAFederationWhoseDatabaseCannotBeReachedIsRefusedWithAMessage() {
        try (Keycloak admin = keycloak.server().admin()) {
            ComponentRepresentation component =
                    federation(keycloak.realm(Vendor.SQLITE).name(), "jdbc:postgresql://127.0.0.1:1/nowhere", "users");
            try (Response response = admin.realm("gotham").components().add(component)) {
                assertThat(response.getStatus()).isEqualTo(400);
                assertThat(response.readEntity(String.class))
                        .containsIgnoringCase("connect")
                        .doesNotContain("secret-pw");
            }
        }
    }

    @Test
    void savingAFederationWhoseTableIsMissingIsRefusedWithAMessage() {
        try (Keycloak admin = keycloak.server().admin()) {
            ComponentRepresentation component = federation(
                    "gotham",
                    keycloak.server()
                            .legacyDbUrl(
                                    keycloak.realm(Vendor.SQLITE).database().jdbcUrl()),
                    "no_such_table");
            try (Response response = admin.realm("gotham").components().add(component)) {
                assertThat(response.getStatus()).isEqualTo(400);
                assertThat(response.readEntity(String.class)).contains("no_such_table");
            }
        }
    }

    private ComponentRepresentation federation(String realm, String jdbcUrl, String table) {
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName("broken-legacy");
        component.setProviderId("legacy-user-db");
        component.setProviderType("org.keycloak.storage.UserStorageProvider");
        try (Keycloak admin = keycloak.server().admin()) {
            component.setParentId(admin.realm(realm).toRepresentation().getId());
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("jdbcUrl", jdbcUrl);
        config.putSingle("jdbcUser", "postgres");
        config.putSingle("jdbcPassword", "secret-pw");
        config.putSingle("usersTable", table);
        config.putSingle("enabled", "true");
        component.setConfig(config);
        return component;
    }

    private static List<String> names(String prefix, int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            names.add(prefix + String.format(Locale.ROOT, "%02d", i));
        }
        return names;
    }

    private static Set<String> legacyUsernames(LegacyRealm realm) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = realm.database().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT username FROM users WHERE username IS NOT NULL")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static long legacyId(LegacyRealm realm, String username) throws SQLException {
        try (Connection c = realm.database().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM users WHERE username = '" + username + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
