package org.gotham.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.gotham.systemtest.support.CrimeApiClient;
import org.gotham.systemtest.support.CrimeApiClient.Answer;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Scripts and services: tokens from Keycloak's token endpoint, used on crime-api. */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class TokenFlowsSystemTest {

    private static final String REALM = "gotham";
    private static final String CRIME = """
            {"type": "Token test larceny", "location": "Ace Chemicals", "date_time": "2024-05-02T01:02:03"}""";

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    private final LegacyCrimes crimes;

    TokenFlowsSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
        this.crimes = new LegacyCrimes(crimeApi.database());
    }

    @Test
    void legacyUsersPasswordGrantTokenFromCrimeCliReadsTheCrimes() {
        long id = crimes.insert("Token test arson", "Gotham Harbor", "2024-05-01 20:00:00.000000");
        try {
            LegacyUser batman = LegacyUser.named("batman");
            TokenEndpoint.Answer token = tokens().password("crime-cli", batman.username(), batman.password());
            assertThat(token.ok()).as("%s", token.body()).isTrue();

            Answer answer = api(token).get("/crimes?limit=1000");

            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.json().isArray()).isTrue();
            assertThat(answer.json().findValuesAsText("type")).contains("Token test arson");
        } finally {
            crimes.delete(id);
        }
    }

    @Test
    void tokenWithoutTheEditorRoleIsRefusedACrimeReportWithInsufficientScope() {
        String username = "st-reader-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            String userId = createUser(realm, username, password);
            try {
                grantCrimeApiRole(realm, userId, "reader");
                TokenEndpoint.Answer token = tokens().password("crime-cli", username, password);
                assertThat(token.ok()).as("%s", token.body()).isTrue();
                assertThat(token.claims()
                                .path("resource_access")
                                .path("crime-api")
                                .path("roles")
                                .toString())
                        .contains("reader")
                        .doesNotContain("editor");
                long before = crimes.count();

                Answer refused = api(token).post("/crimes", CRIME);

                assertThat(refused.status()).as("%s", refused).isEqualTo(403);
                assertThat(refused.header("WWW-Authenticate"))
                        .startsWith("Bearer")
                        .contains("error=\"insufficient_scope\"");
                assertThat(crimes.count()).as("nothing written").isEqualTo(before);
                assertThat(api(token).get("/crimes").status())
                        .as("the same token still reads")
                        .isEqualTo(200);
            } finally {
                realm.users().delete(userId).close();
            }
        }
    }

    @Test
    void importerReportsACrimeWithClientCredentialsAndReadsItBack() {
        long maxBefore = crimes.maxId();
        try {
            TokenEndpoint.Answer token = tokens().clientCredentials("crime-importer", KeycloakServer.IMPORTER_SECRET);
            assertThat(token.ok()).as("%s", token.body()).isTrue();

            Answer created = api(token).post("/crimes", CRIME);

            assertThat(created.status()).as("%s", created).isEqualTo(201);
            JsonNode crime = created.json();
            assertThat(crime.path("type").asText()).isEqualTo("Token test larceny");
            assertThat(crime.path("date_time").asText()).isEqualTo("2024-05-02T01:02:03");
            URI location = URI.create(created.header("Location"));
            assertThat(location)
                    .isEqualTo(crimeApi.uri("/crimes/" + crime.path("id").asLong()));

            Answer readBack = api(token).get(location);

            assertThat(readBack.status()).as("%s", readBack).isEqualTo(200);
            assertThat(readBack.json()).isEqualTo(crime);
        } finally {
            crimes.deleteAbove(maxBefore);
        }
    }

    private TokenEndpoint tokens() {
        return keycloak.realm(Vendor.SQLITE).tokens();
    }

    private CrimeApiClient api(TokenEndpoint.Answer token) {
        return new CrimeApiClient(crimeApi, token.accessToken());
    }

    /** A Keycloak-local user of the realm (not in the legacy database) with a password and no roles. */
    private static String createUser(RealmResource realm, String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName("Reader");
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (Response response = realm.users().create(user)) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private static void grantCrimeApiRole(RealmResource realm, String userId, String role) {
        ClientRepresentation crimeApiClient =
                realm.clients().findByClientId("crime-api").get(0);
        RoleRepresentation representation =
                realm.clients().get(crimeApiClient.getId()).roles().get(role).toRepresentation();
        realm.users().get(userId).roles().clientLevel(crimeApiClient.getId()).add(List.of(representation));
    }
}
