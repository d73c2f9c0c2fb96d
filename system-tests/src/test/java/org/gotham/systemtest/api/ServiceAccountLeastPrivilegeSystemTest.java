package org.gotham.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * What crime-api's own client secret is worth to an attacker, with the realm as shipped: its service
 * account's token registers users (through the provider's {@code legacy-registration} endpoint) and
 * can change no existing user: a password reset, a role grant and a deletion are refused (403). The
 * old {@code /users/register} route still works, and answers 403 while the realm's registration is off.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class ServiceAccountLeastPrivilegeSystemTest {

    private static final String REALM = "gotham";
    private static final String VICTIM_PASSWORD = "victim-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    private final String victim = "st-victim-" + UUID.randomUUID().toString().substring(0, 8);
    private final String registered =
            "st-registered-" + UUID.randomUUID().toString().substring(0, 8);
    private String victimId;

    ServiceAccountLeastPrivilegeSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @BeforeEach
    void createVictim() {
        try (Keycloak admin = keycloak.server().admin()) {
            UserRepresentation user = new UserRepresentation();
            user.setUsername(victim);
            user.setEnabled(true);
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(VICTIM_PASSWORD);
            credential.setTemporary(false);
            user.setCredentials(List.of(credential));
            try (Response created = admin.realm(REALM).users().create(user)) {
                assertThat(created.getStatus()).isEqualTo(201);
            }
            victimId = admin.realm(REALM)
                    .users()
                    .searchByUsername(victim, true)
                    .get(0)
                    .getId();
        }
    }

    @AfterEach
    void removeUsers() {
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            for (String username : List.of(victim, registered)) {
                for (UserRepresentation user : realm.users().searchByUsername(username, true)) {
                    realm.users().delete(user.getId()).close();
                }
            }
        }
    }

    @Test
    void crimeApisServiceAccountCannotResetGrantOrDeleteAnotherUser() {
        String token = crimeApiServiceAccountToken();
        String user = keycloak.server().baseUrl() + "/admin/realms/" + REALM + "/users/" + victimId;
        String adminRole;
        String crimeApiClient;
        try (Keycloak admin = keycloak.server().admin()) {
            crimeApiClient = admin.realm(REALM)
                    .clients()
                    .findByClientId("crime-api")
                    .get(0)
                    .getId();
            RoleRepresentation role = admin.realm(REALM)
                    .clients()
                    .get(crimeApiClient)
                    .roles()
                    .get("admin")
                    .toRepresentation();
            adminRole = "[{\"id\":\"" + role.getId() + "\",\"name\":\"admin\"}]";
        }

        HttpResponse<String> reset = send(token, "PUT", user + "/reset-password", """
                {"type":"password","value":"stolen-password-1","temporary":false}""");
        HttpResponse<String> grant = send(token, "POST", user + "/role-mappings/clients/" + crimeApiClient, adminRole);
        HttpResponse<String> delete = send(token, "DELETE", user, null);
        HttpResponse<String> read = send(token, "GET", user, null);

        assertThat(List.of(reset, grant, delete, read))
                .allSatisfy(answer -> assertThat(answer.statusCode())
                        .as("%s %s", answer.request().method(), answer.request().uri())
                        .isEqualTo(403));
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            assertThat(realm.users().searchByUsername(victim, true))
                    .as("not deleted")
                    .hasSize(1);
            assertThat(realm.users()
                            .get(victimId)
                            .roles()
                            .clientLevel(crimeApiClient)
                            .listEffective())
                    .extracting(RoleRepresentation::getName)
                    .doesNotContain("admin");
        }
        assertThat(tokens().password("crime-cli", victim, VICTIM_PASSWORD).ok())
                .as("the victim's own password still signs in")
                .isTrue();
    }

    @Test
    void registrationEndpointTakesOnlyAServiceAccountWithTheRegisterUsersRole() {
        String endpoint = keycloak.server().issuer(REALM) + "/legacy-registration/users";
        String body = "{\"username\":\"" + registered + "\",\"password\":\"catwoman-9-lives\"}";
        LegacyUser batman = LegacyUser.named("batman");
        String personsToken = tokens().password("crime-cli", batman.username(), batman.password())
                .accessToken();
        String importersToken = tokens().clientCredentials("crime-importer", KeycloakServer.IMPORTER_SECRET)
                .accessToken();

        HttpResponse<String> anonymous = send(null, "POST", endpoint, body);
        HttpResponse<String> forged = send("not-a-token", "POST", endpoint, body);
        HttpResponse<String> person = send(personsToken, "POST", endpoint, body);
        HttpResponse<String> importer = send(importersToken, "POST", endpoint, body);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
        for (HttpResponse<String> answer : List.of(person, importer)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(json(answer).path("error").asText()).isEqualTo("insufficient_scope");
        }
        try (Keycloak admin = keycloak.server().admin()) {
            assertThat(admin.realm(REALM).users().searchByUsername(registered, true))
                    .as("nobody created")
                    .isEmpty();
        }

        String token = crimeApiServiceAccountToken();
        for (String bad : List.of(
                "{\"username\":",
                "[]",
                "{\"username\":\"" + registered + "\"}",
                "{\"username\":1,\"password\":2}",
                "{\"username\":\"" + registered + "\",\"password\":\"" + "x".repeat(20 * 1024) + "\"}")) {
            HttpResponse<String> refused = send(token, "POST", endpoint, bad);
            assertThat(refused.statusCode())
                    .as("%.60s: %s", bad, refused.body())
                    .isEqualTo(400);
        }

        HttpResponse<String> crimeApis = send(token, "POST", endpoint, body);

        assertThat(crimeApis.statusCode()).as(crimeApis.body()).isEqualTo(201);
        assertThat(json(crimeApis).path("username").asText()).isEqualTo(registered);
        assertThat(send(token, "POST", endpoint, body).statusCode()).as("taken").isEqualTo(409);
    }

    @Test
    void oldRegisterRouteWorksAndAnswers403WhileTheRealmsRegistrationIsOff() {
        String body = "{\"username\":\"" + registered + "\",\"password\":\"catwoman-9-lives\"}";
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            RealmRepresentation settings = realm.toRepresentation();
            settings.setRegistrationAllowed(false);
            realm.update(settings);
            try {
                HttpResponse<String> closed = send(null, "POST", crimeApi.baseUrl() + "/users/register", body);

                assertThat(closed.statusCode()).as(closed.body()).isEqualTo(403);
                assertThat(closed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(realm.users().searchByUsername(registered, true)).isEmpty();
            } finally {
                RealmRepresentation restore = realm.toRepresentation();
                restore.setRegistrationAllowed(true);
                realm.update(restore);
            }
        }

        HttpResponse<String> open = send(null, "POST", crimeApi.baseUrl() + "/users/register", body);

        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        assertThat(tokens().password("crime-cli", registered, "catwoman-9-lives")
                        .ok())
                .isTrue();
    }

    private TokenEndpoint tokens() {
        return new TokenEndpoint(keycloak.server().issuer(REALM));
    }

    /** What an attacker holding crime-api's client secret gets. */
    private String crimeApiServiceAccountToken() {
        TokenEndpoint.Answer answer = tokens().clientCredentials("crime-api", KeycloakServer.CRIME_API_SECRET);
        assertThat(answer.ok()).as("%s", answer.body()).isTrue();
        return answer.accessToken();
    }

    private static HttpResponse<String> send(String token, String method, String uri, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
