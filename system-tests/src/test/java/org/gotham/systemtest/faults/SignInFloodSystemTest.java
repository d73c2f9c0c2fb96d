package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flood of password grants for unknown names (each costs a bcrypt check) stalls nobody, against the realm file as
 * shipped: password checks wait for a bcrypt slot only so long and only so many, so the flood holds few of
 * Keycloak's HTTP workers; no grant waits {@link Floods#LONGEST_GRANT}, the probes beside it answer within
 * {@link Floods#PROBE_P95} at the 95th percentile, nothing answers 5xx, the refused grants say "try again"
 * ({@code 429 temporarily_unavailable} with {@code Retry-After}), and a legacy user signs in the moment it ends. A
 * flood of forged refresh tokens is refused as calmly. (A flood while the legacy database is down:
 * {@link LegacyDatabaseOutageSystemTest}.)
 */
@ExtendWith(KeycloakExtension.class)
class SignInFloodSystemTest {

    private static final String REALM = "faults-flood";

    private final GothamKeycloak keycloak;
    private final Floods floods;

    SignInFloodSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
        this.floods = new Floods(keycloak);
    }

    @Test
    void aFloodOfSignInsForUnknownNamesStallsNobodyAndEndsCleanly() {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE, "faults_flood", Environment.pathProperty("work.dir"), LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(REALM, database, shipped -> {});
        try {
            Floods.Flood flood = floods.flood(
                    realm, i -> Floods.grant(realm, String.format(Locale.ROOT, "flood-%03d", i), "not-a-password"));
            LegacyUser batman = LegacyUser.named("batman");
            TokenEndpoint.Answer after = realm.tokens().password("crime-cli", batman.username(), batman.password());

            Floods.assertCalm(flood, List.of("400 invalid_grant", "429 temporarily_unavailable"));
            assertThat(flood.requests().stream().filter(g -> g.status() == 429))
                    .as("the bounded queue refused part of the flood%n%s", flood.figures())
                    .isNotEmpty()
                    .allSatisfy(g -> assertThat(g.retryAfter()).isNotBlank());
            assertThat(after.ok())
                    .as("a legacy sign-in right after the flood: %s", after.body())
                    .isTrue();
        } finally {
            keycloak.removeRealm(REALM);
        }
    }

    @Test
    void aFloodOfForgedRefreshTokensIsRefusedAndStallsNobody() {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE, "faults_flood_refresh", Environment.pathProperty("work.dir"), LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(REALM, database, shipped -> {});
        try {
            LegacyUser alfred = LegacyUser.named("alfred");
            String real = realm.tokens()
                    .password("crime-cli", alfred.username(), alfred.password())
                    .body()
                    .path("refresh_token")
                    .asText();
            String[] parts = real.split("\\.");
            List<String> forged = List.of(
                    "not-a-token",
                    parts[0] + "." + parts[1] + ".forged-signature",
                    parts[0] + ".e30." + parts[2],
                    real.substring(0, real.length() / 2),
                    "x".repeat(20_000));

            Floods.Flood flood = floods.flood(realm, i -> Floods.refresh(realm, forged.get(i % forged.size())));

            Floods.assertCalm(flood, List.of("400 invalid_grant", "400 invalid_request"));
            assertThat(Floods.refresh(realm, real).status())
                    .as("the real token still refreshes")
                    .isEqualTo(200);
        } finally {
            keycloak.removeRealm(REALM);
        }
    }
}
