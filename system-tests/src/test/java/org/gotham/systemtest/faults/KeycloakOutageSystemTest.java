package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.PrivateKeycloak;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak goes down while crime-api runs, and comes back. Both are this class's own
 * ({@link PrivateKeycloak}, with its database in a file as in production, so the realm's keys survive the
 * restart): the run's Keycloak holds other classes' realms in memory and must never stop.
 *
 * <p>The promise rests on crime-api's key cache: it keeps the last keys it fetched while Keycloak cannot be
 * reached, and treats a token it cannot check as invalid (401), never as an error (500).
 *
 * <p>Process only: under {@code -Dkeycloak.runtime=container} it is skipped with a message.
 */
class KeycloakOutageSystemTest {

    private static final String REALM = "gotham";

    private static PrivateKeycloak keycloak;
    private static CrimeApiServer crimeApi;

    @BeforeAll
    static void startOwnKeycloakAndCrimeApi() {
        KeycloakRuntime.assumeProcess("stops and restarts Keycloak's process");
        LegacyDatabase legacy = LegacyDatabase.create(
                Vendor.SQLITE, "faults_keycloak_outage", Environment.pathProperty("work.dir"), LegacyUser.all());
        keycloak = PrivateKeycloak.start(Map.of("LEGACY_DB_URL", legacy.jdbcUrl()));
        crimeApi = CrimeApiServer.start(keycloak.server().issuer(REALM), legacy, Map.of());
    }

    @AfterAll
    static void stopThem() {
        try {
            if (crimeApi != null) {
                crimeApi.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    @Test
    void issuedTokensKeepWorkingWhileKeycloakIsDownUnknownKeysGet401AndNewTokensWorkWhenItIsBack() {
        TokenEndpoint tokens = new TokenEndpoint(keycloak.server().issuer(REALM));
        String used = token(tokens, "batman");
        assertThat(status(used))
                .as("a token crime-api has checked before the outage")
                .isEqualTo(200);
        String unused = token(tokens, "robin");
        String forged = Jwts.signedWithAnUnknownKey(used);
        long pid = crimeApi.process().pid();

        keycloak.server().stopProcess();
        try {
            assertThatThrownBy(() -> token(tokens, "batman"))
                    .as("Keycloak is down")
                    .isInstanceOf(UncheckedIOException.class);

            assertThat(status(used))
                    .as("a token crime-api checked before the outage")
                    .isEqualTo(200);
            assertThat(status(unused))
                    .as("a token issued before the outage, first shown during it")
                    .isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                Http.Reply reply = me(forged);
                assertThat(reply.status())
                        .as("a token signed with a key crime-api never saw: %s", reply)
                        .isEqualTo(401);
                assertThat(reply.header("WWW-Authenticate"))
                        .startsWith("Bearer")
                        .contains("error=\"invalid_token\"");
            }
            assertThat(Http.send("GET", crimeApi.uri("/actuator/health/readiness"), Map.of(), (String) null)
                            .status())
                    .as("crime-api stays ready")
                    .isEqualTo(200);
        } finally {
            keycloak.server().startProcess();
        }

        String fresh = token(tokens, "batman");
        Await.until(
                "crime-api to accept a token of the restarted Keycloak",
                Duration.ofSeconds(30),
                () -> status(fresh) == 200);
        assertThat(status(used)).as("the token from before the outage").isEqualTo(200);
        assertThat(status(unused)).isEqualTo(200);
        assertThat(status(forged)).isEqualTo(401);
        assertThat(crimeApi.process().pid()).as("crime-api was not restarted").isEqualTo(pid);
        assertThat(crimeApi.process().isAlive()).isTrue();
    }

    @Test
    void aTokenSignedWithAKeyKeycloakNeverPublishedGets401WhileKeycloakIsUp() {
        String forged = Jwts.signedWithAnUnknownKey(
                token(new TokenEndpoint(keycloak.server().issuer(REALM)), "gordon"));

        Http.Reply reply = me(forged);

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    private static String token(TokenEndpoint tokens, String username) {
        TokenEndpoint.Answer answer = tokens.password(
                "crime-cli", username, LegacyUser.named(username).password());
        assertThat(answer.ok()).as("%s: %s", username, answer.body()).isTrue();
        return answer.accessToken();
    }

    private static int status(String token) {
        return me(token).status();
    }

    private static Http.Reply me(String token) {
        URI uri = crimeApi.uri("/users/me");
        return Http.send(
                "GET", uri, Map.of("Authorization", "Bearer " + token, "Accept", "application/json"), (String) null);
    }
}
