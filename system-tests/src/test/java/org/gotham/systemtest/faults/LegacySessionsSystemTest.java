package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Sessions follow the old app: a legacy row the old app deletes, or whose password it changes, stops
 * refreshing tokens once the federation's cached user expires (the realm file's MAX_LIFESPAN cache policy;
 * this realm shortens the lifespan to {@link #LIFESPAN} so the test is quick), and nobody gets an offline
 * token by default. The realm is the realm file as shipped, on a legacy database of its own.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacySessionsSystemTest {

    private static final String REALM = "gotham-sessions";
    private static final Duration LIFESPAN = Duration.ofSeconds(2);
    /** The component's cache lifespan setting (Keycloak's {@code UserStorageProviderModel}), in ms. */
    private static final String MAX_LIFESPAN = "maxLifespan";

    private final GothamKeycloak keycloak;
    private LegacyRealm realm;

    LegacySessionsSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void createRealm() {
        Path workDir = Environment.pathProperty("work.dir");
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE,
                "st_sessions",
                workDir,
                List.of(
                        LegacyUser.named("alfred"),
                        LegacyUser.named("harvey.dent"),
                        LegacyUser.named("selina"),
                        LegacyUser.named("gordon"),
                        LegacyUser.named("robin")));
        realm = keycloak.createRealm(
                REALM,
                database,
                r -> RealmFixtures.federation(r)
                        .forEach(component ->
                                component.getConfig().putSingle(MAX_LIFESPAN, String.valueOf(LIFESPAN.toMillis()))));
    }

    @AfterAll
    void removeRealm() {
        keycloak.removeRealm(REALM);
    }

    @Test
    void refreshIsRefusedOnceTheOldAppDeletedTheRowAndTheCachedUserExpired() throws SQLException {
        LegacyUser alfred = LegacyUser.named("alfred");
        TokenEndpoint.Answer signedIn = realm.tokens().password("crime-cli", alfred.username(), alfred.password());
        assertThat(signedIn.ok()).as("%s", signedIn.body()).isTrue();
        String refreshToken = signedIn.body().path("refresh_token").asText();
        assertThat(refresh(refreshToken).ok())
                .as("refreshes while the row is there")
                .isTrue();

        deleteRow(alfred.username());
        long deleted = System.nanoTime();
        Await.until(
                "the refresh to be refused",
                Duration.ofSeconds(30),
                () -> !refresh(refreshToken).ok());
        Duration took = Duration.ofNanos(System.nanoTime() - deleted);

        TokenEndpoint.Answer refused = refresh(refreshToken);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(took).as("within the cache lifespan and a margin").isLessThan(LIFESPAN.plusSeconds(8));
    }

    @Test
    void refreshIsRefusedOnceTheOldAppChangedThePasswordAndTheCachedUserExpired() throws SQLException {
        LegacyUser selina = LegacyUser.named("selina");
        TokenEndpoint.Answer signedIn = realm.tokens().password("crime-cli", selina.username(), selina.password());
        assertThat(signedIn.ok()).as("%s", signedIn.body()).isTrue();
        String refreshToken = signedIn.body().path("refresh_token").asText();
        assertThat(refresh(refreshToken).ok())
                .as("refreshes while the password is unchanged")
                .isTrue();

        // the old app's password change: another passlib hash in the row (gordon's, of his password)
        LegacyUser gordon = LegacyUser.named("gordon");
        setHash(selina.username(), gordon.hash());
        long changed = System.nanoTime();
        Await.until(
                "the refresh to be refused",
                Duration.ofSeconds(30),
                () -> !refresh(refreshToken).ok());
        Duration took = Duration.ofNanos(System.nanoTime() - changed);

        TokenEndpoint.Answer refused = refresh(refreshToken);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(took).as("within the cache lifespan and a margin").isLessThan(LIFESPAN.plusSeconds(8));
        assertThat(realm.tokens()
                        .password("crime-cli", selina.username(), gordon.password())
                        .ok())
                .as("the new password signs in")
                .isTrue();
    }

    @Test
    void aPasswordChangedThroughKeycloakKeepsTheUsersSessions() throws SQLException {
        LegacyUser robin = LegacyUser.named("robin");
        TokenEndpoint.Answer signedIn = realm.tokens().password("crime-cli", robin.username(), robin.password());
        assertThat(signedIn.ok()).as("%s", signedIn.body()).isTrue();
        String refreshToken = signedIn.body().path("refresh_token").asText();
        try (Keycloak admin = keycloak.server().admin()) {
            var users = admin.realm(REALM).users();
            var credential = new org.keycloak.representations.idm.CredentialRepresentation();
            credential.setType("password");
            credential.setValue("boy-wonder-2026");
            credential.setTemporary(false);
            users.get(RealmFixtures.userId(admin.realm(REALM), robin.username()))
                    .resetPassword(credential);
            assertThat(hashOf(robin.username())).as("written back").isNotEqualTo(robin.hash());
            // the next lookup reads the row again: its hash is the one Keycloak wrote, not a change by the old app
            admin.realm(REALM).clearUserCache();
        }

        assertThat(refresh(refreshToken).ok())
                .as("Keycloak's own reset leaves sessions, as for its own users")
                .isTrue();
    }

    @Test
    void offlineTokenIsRefusedToLegacyUsersByDefault() {
        LegacyUser harvey = LegacyUser.named("harvey.dent");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "crime-cli");
        form.put("username", harvey.username());
        form.put("password", harvey.password());
        form.put("scope", "openid offline_access");

        TokenEndpoint.Answer answer = realm.tokens().post(form);

        assertThat(answer.ok()).as("%s", answer.body()).isFalse();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("not_allowed");
        assertThat(realm.tokens()
                        .password("crime-cli", harvey.username(), harvey.password())
                        .claims()
                        .path("realm_access")
                        .path("roles")
                        .toString())
                .doesNotContain("offline_access");
    }

    @Test
    void shippedRealmBoundsOfflineSessions() {
        try (Keycloak admin = keycloak.server().admin()) {
            RealmRepresentation gotham = admin.realm("gotham").toRepresentation();

            assertThat(gotham.getOfflineSessionMaxLifespanEnabled()).isTrue();
            assertThat(gotham.getOfflineSessionMaxLifespan())
                    .isBetween(1, (int) Duration.ofDays(30).toSeconds());
        }
    }

    private TokenEndpoint.Answer refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", "crime-cli");
        form.put("refresh_token", refreshToken);
        return realm.tokens().post(form);
    }

    private void setHash(String username, String hash) throws SQLException {
        try (Connection c = realm.database().connect();
                PreparedStatement update =
                        c.prepareStatement("UPDATE users SET hashed_password = ? WHERE username = ?")) {
            update.setString(1, hash);
            update.setString(2, username);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String hashOf(String username) throws SQLException {
        try (Connection c = realm.database().connect();
                PreparedStatement select = c.prepareStatement("SELECT hashed_password FROM users WHERE username = ?")) {
            select.setString(1, username);
            try (var rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private void deleteRow(String username) throws SQLException {
        try (Connection c = realm.database().connect();
                PreparedStatement delete = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
            delete.setString(1, username);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
    }
}
