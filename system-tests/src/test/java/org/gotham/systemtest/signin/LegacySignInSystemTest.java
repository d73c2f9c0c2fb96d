package org.gotham.systemtest.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Legacy users sign in through the real Keycloak with the password they already have. */
@ExtendWith(KeycloakExtension.class)
class LegacySignInSystemTest {

    private final GothamKeycloak keycloak;

    LegacySignInSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void everyLegacyUserGetsATokenWithTheirOldPassword(Vendor vendor) {
        LegacyRealm realm = keycloak.realm(vendor);
        for (LegacyUser user : LegacyUser.all()) {
            Answer answer = realm.tokens().password("crime-cli", user.username(), user.password());
            assertThat(answer.ok())
                    .as("%s on %s: %s", user, vendor, answer.body())
                    .isTrue();
            assertThat(answer.claims().path("preferred_username").asText())
                    .isEqualTo(user.username().toLowerCase());
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void legacyUsersTokenIsForCrimeApiWithASubjectAndTheEditorRole(Vendor vendor) {
        LegacyUser batman = LegacyUser.named("batman");
        JsonNode claims = keycloak.realm(vendor)
                .tokens()
                .password("crime-cli", batman.username(), batman.password())
                .claims();

        assertThat(audiences(claims)).contains("crime-api");
        assertThat(claims.path("sub").asText()).isNotBlank();
        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.realm(vendor).issuer());
        List<String> roles = new ArrayList<>();
        claims.path("resource_access").path("crime-api").path("roles").forEach(r -> roles.add(r.asText()));
        assertThat(roles).contains("editor", "reader").doesNotContain("admin");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void wrongPasswordIsAnInvalidGrant(Vendor vendor) {
        LegacyUser robin = LegacyUser.named("robin");
        Answer answer = keycloak.realm(vendor).tokens().password("crime-cli", robin.username(), robin.password() + "!");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void unknownUserIsAnInvalidGrant(Vendor vendor) {
        Answer answer = keycloak.realm(vendor).tokens().password("crime-cli", "joker", "HaHaHa");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void mixedCaseLegacyUsernameSignsInAsTypedAndInAnyCase(Vendor vendor) {
        LegacyUser barbara = LegacyUser.named("Barbara.Gordon");
        for (String typed : List.of("Barbara.Gordon", "barbara.gordon", "BARBARA.GORDON")) {
            Answer answer = keycloak.realm(vendor).tokens().password("crime-cli", typed, barbara.password());
            assertThat(answer.ok())
                    .as("%s on %s: %s", typed, vendor, answer.body())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void onlyTheFirst72BytesOfAPasswordCountAsInPasslib(Vendor vendor) {
        LegacyUser lucius = LegacyUser.named("lucius");
        String same72 = lucius.password().substring(0, 72) + "anything after byte 72";
        String different71 = lucius.password().substring(0, 71) + "x";

        assertThat(keycloak.realm(vendor)
                        .tokens()
                        .password("crime-cli", "lucius", same72)
                        .ok())
                .isTrue();
        assertThat(keycloak.realm(vendor)
                        .tokens()
                        .password("crime-cli", "lucius", different71)
                        .error())
                .isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void hostileUsernamesFailLikeUnknownUsersAndNeverWithAServerError(Vendor vendor) {
        LegacyRealm realm = keycloak.realm(vendor);
        List<String> hostile = List.of(
                "' OR '1'='1",
                "batman'--",
                "batman\" OR \"\"=\"",
                "%",
                "_atman",
                "bat%",
                "*",
                "\"batman\"",
                "batman;DROP TABLE users",
                "b\u0000atman",
                "\u202ebatman",
                "x".repeat(10_000));
        for (String username : hostile) {
            Answer answer = realm.tokens().password("crime-cli", username, "IamVengeance1");
            assertThat(answer.status())
                    .as("%s on %s", abbreviate(username), vendor)
                    .isBetween(400, 499);
            assertThat(answer.error()).as(abbreviate(username)).isIn("invalid_grant", "invalid_request");
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void usernamesThatDifferOnlyByCaseSignInNeitherAndTheLogSaysWhy(Vendor vendor) throws SQLException {
        KeycloakRuntime.assumeProcess("reads Keycloak's log the moment a sign-in returns, and a container's log"
                + " comes through Docker a moment later");
        LegacyRealm realm = keycloak.realm(vendor);
        LegacyUser selina = LegacyUser.named("selina");
        try {
            insert(realm.database(), "Harley", selina.hash());
            insert(realm.database(), "harley", selina.hash());

            for (String typed : List.of("Harley", "harley")) {
                Answer answer = realm.tokens().password("crime-cli", typed, selina.password());
                assertThat(answer.error()).as(typed).isEqualTo("invalid_grant");
            }
            assertThat(keycloak.server().log()).contains("as 'harley'").contains("differ only by case");
        } finally {
            delete(realm.database(), "Harley", "harley");
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void malformedOrMissingHashesFailTheSignInAndAreNeverLogged(Vendor vendor) throws SQLException {
        KeycloakRuntime.assumeProcess("reads Keycloak's log the moment a sign-in returns, and a container's log"
                + " comes through Docker a moment later");
        LegacyRealm realm = keycloak.realm(vendor);
        List<String> broken = List.of(
                "$2b$12$tooShort",
                "$2x$10$NKJK3BF74c9ESGGAAm1hTepr8zo..T2ArsDSkL4BvZEZM/71BAePm",
                "$1$saltsalt$plainmd5hashxxxxxxxxx",
                "IamVengeance1",
                "");
        try {
            for (int i = 0; i < broken.size(); i++) {
                insert(realm.database(), "broken" + i, broken.get(i));
            }
            insert(realm.database(), "nohash", null);

            for (int i = 0; i < broken.size(); i++) {
                assertThat(realm.tokens()
                                .password("crime-cli", "broken" + i, "IamVengeance1")
                                .error())
                        .isEqualTo("invalid_grant");
            }
            assertThat(realm.tokens().password("crime-cli", "nohash", "").status())
                    .isBetween(400, 499);
            assertThat(realm.tokens().password("crime-cli", "nohash", "x").error())
                    .isEqualTo("invalid_grant");
            String log = keycloak.server().log();
            for (String hash : broken) {
                if (hash.length() > 8) {
                    assertThat(log).doesNotContain(hash);
                }
            }
        } finally {
            delete(realm.database(), "broken0", "broken1", "broken2", "broken3", "broken4", "nohash");
        }
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        List<String> out = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        } else if (aud.isTextual()) {
            out.add(aud.asText());
        }
        return out;
    }

    static void insert(LegacyDatabase db, String username, String hash) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO users (username, hashed_password) VALUES (?, ?)")) {
            s.setString(1, username);
            s.setString(2, hash);
            s.executeUpdate();
        }
    }

    static void delete(LegacyDatabase db, String... usernames) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
            for (String username : usernames) {
                s.setString(1, username);
                s.executeUpdate();
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "... (" + s.length() + " chars)" : s;
    }
}
