package org.gotham.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.gotham.systemtest.support.CrimeApiClient;
import org.gotham.systemtest.support.CrimeApiClient.Answer;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The old app's {@code POST /users/register} and {@code POST /users/login} on crime-api, done by the
 * real Keycloak: legacy users sign in through them and the token works on crime-api; registered users
 * exist in Keycloak and sign in the same way; every refusal is a problem with the right status; no
 * answer ever carries a bcrypt hash.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class LegacyRoutesSystemTest {

    private static final String REALM = "gotham";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    /** Usernames this test may have created in Keycloak; removed after each test. */
    private final List<String> created = new ArrayList<>();

    LegacyRoutesSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @AfterEach
    void removeCreatedUsers() {
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            for (String username : created) {
                for (UserRepresentation user : realm.users().searchByUsername(username, true)) {
                    // an exact search still checked: never delete anyone else (a legacy row goes with its user)
                    if (user.getUsername().equalsIgnoreCase(username)) {
                        realm.users().delete(user.getId()).close();
                    }
                }
                assertThat(realm.users().searchByUsername(username, true))
                        .as("%s removed", username)
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batman", "lucius", "selina"})
    void legacyUserLogsInThroughTheOldRouteAndTheTokenReadsCrimes(String username) {
        LegacyUser user = LegacyUser.named(username);

        Answer login = login(user.username(), user.password());

        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("application/json");
        JsonNode tokens = login.json();
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expires_in").asLong()).isPositive();
        assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
        assertThat(claims(tokens).path("preferred_username").asText()).isEqualToIgnoringCase(username);
        Answer crimes = new CrimeApiClient(crimeApi, tokens.path("access_token").asText()).get("/crimes");
        assertThat(crimes.status()).as("%s", crimes).isEqualTo(200);
        assertThat(crimes.json().isArray()).isTrue();
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401Problem() {
        // a user of our own: failed sign-ins count towards Keycloak's brute-force lockout of that user
        String username = newUsername();
        assertThat(register(username, "right-password-1").status()).isEqualTo(201);

        Answer wrongPassword = login(username, "wrong-password-1");
        Answer unknownUser = login(newUsername(), "wrong-password-1");

        for (Answer answer : List.of(wrongPassword, unknownUser)) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(401);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(answer.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(answer.json().has("access_token")).isFalse();
        }
        assertThat(wrongPassword.json()).as("nothing tells which users exist").isEqualTo(unknownUser.json());
    }

    @Test
    void registeredUserExistsInKeycloakAndLogsInThroughTheOldRoute() {
        String username = newUsername();

        Answer registered = register(username, "catwoman-9-lives");

        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        JsonNode body = registered.json();
        assertThat(body.size()).as("only id and username: %s", body).isEqualTo(2);
        assertThat(body.path("username").asText()).isEqualTo(username);
        String id = body.path("id").asText();
        assertThat(registered.header("Location")).isEqualTo(crimeApi.baseUrl() + "/users/" + id);
        try (Keycloak admin = keycloak.server().admin()) {
            UserRepresentation user = admin.realm(REALM).users().get(id).toRepresentation();
            assertThat(user.getUsername()).isEqualTo(username);
            assertThat(user.isEnabled()).isTrue();
            assertThat(user.getRequiredActions()).isEmpty();
        }

        Answer login = login(username, "catwoman-9-lives");

        assertThat(login.status()).as("%s", login).isEqualTo(200);
        JsonNode tokens = login.json();
        assertThat(claims(tokens).path("preferred_username").asText()).isEqualTo(username);
        Answer me = new CrimeApiClient(crimeApi, tokens.path("access_token").asText()).get("/users/me");
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        assertThat(me.json().path("username").asText()).isEqualTo(username);
    }

    @Test
    void registeringATakenNameIs409() {
        String username = newUsername();
        assertThat(register(username, "first-password-1").status()).isEqualTo(201);

        List<Answer> taken = List.of(
                register(username, "second-password-2"),
                register(username.toUpperCase(), "third-password-3"),
                register(LegacyUser.named("robin").username(), "robins-new-password"));

        for (Answer answer : taken) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(409);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(answer.json().path("detail").asText()).isEqualTo("username already exists");
        }
        assertThat(login(username, "first-password-1").status())
                .as("the first password still counts")
                .isEqualTo(200);
        assertThat(login(username, "second-password-2").status()).isEqualTo(401);
    }

    /** A valid, unused username, for the cases where only the password is wrong. */
    private static final String UNUSED_NAME =
            "st-legacy-" + UUID.randomUUID().toString().substring(0, 8);

    static Stream<Arguments> invalidRegistrations() {
        String name = UNUSED_NAME;
        return Stream.of(
                Arguments.of("empty username", "", "catwoman-9-lives", "username"),
                Arguments.of("whitespace-only username", "   ", "catwoman-9-lives", "username"),
                Arguments.of("control character in the username", name + "\u0007", "catwoman-9-lives", "username"),
                Arguments.of("10 KB username", "s".repeat(10 * 1024), "catwoman-9-lives", "username"),
                Arguments.of("password over 72 bytes", name, "p".repeat(73), "password"),
                Arguments.of("password of 74 bytes in 37 characters", name, "é".repeat(37), "password"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRegistrations")
    void invalidRegistrationIs400AndCreatesNobody(String what, String username, String password, String field) {
        created.add(UNUSED_NAME);
        int before = userCount();

        Answer answer = register(username, password);

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.json().path("errors").findValuesAsText("field")).contains(field);
        assertThat(answer.json().path("detail").asText()).isNotBlank();
        assertThat(userCount()).as("nobody created").isEqualTo(before);
        try (Keycloak admin = keycloak.server().admin()) {
            assertThat(admin.realm(REALM).users().searchByUsername(UNUSED_NAME, true))
                    .isEmpty();
        }
    }

    /** Names our own checks let through and Keycloak's user profile refuses. */
    @ParameterizedTest
    @CsvSource({"ab, between 3 and 255", "st<legacy>, does not allow"})
    void usernameKeycloakRefusesIs400WithKeycloaksMessageAndCreatesNobody(String username, String message) {
        created.add(username);

        Answer answer = register(username, "catwoman-9-lives");

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.json().path("errors").findValuesAsText("field"))
                .as("%s", answer)
                .containsOnly("username");
        assertThat(answer.json().path("detail").asText())
                .startsWith("username ")
                .contains(message);
        try (Keycloak admin = keycloak.server().admin()) {
            assertThat(admin.realm(REALM).users().searchByUsername(username, true))
                    .isEmpty();
        }
    }

    @Test
    void passwordThePolicyRefusesIs400WithKeycloaksMessageAndCreatesNobody() {
        String username = newUsername();
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            RealmRepresentation settings = realm.toRepresentation();
            String policy = settings.getPasswordPolicy();
            settings.setPasswordPolicy("length(16)");
            realm.update(settings);
            try {
                Answer answer = register(username, "short-pw-1");

                assertThat(answer.status()).as("%s", answer).isEqualTo(400);
                assertThat(answer.json().path("detail").asText())
                        .as("Keycloak's message")
                        .contains("16");
                assertThat(answer.json().path("errors").findValuesAsText("field"))
                        .contains("password");
                assertThat(realm.users().searchByUsername(username, true))
                        .as("nobody created")
                        .isEmpty();

                assertThat(register(username, "long-enough-password-1").status())
                        .isEqualTo(201);
            } finally {
                RealmRepresentation restore = realm.toRepresentation();
                restore.setPasswordPolicy(policy);
                realm.update(restore);
            }
        }
    }

    // --- talking to crime-api without a token, as the old clients do ---------------------------------

    private String newUsername() {
        String username = "st-legacy-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(username);
        return username;
    }

    private Answer register(String username, String password) {
        return post("/users/register", Map.of("username", username, "password", password));
    }

    private Answer login(String username, String password) {
        return post("/users/login", Map.of("username", username, "password", password));
    }

    private Answer post(String path, Map<String, String> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(crimeApi.uri(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            Answer answer = new Answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
            assertThat(answer.response().body())
                    .as("no bcrypt hash in any answer")
                    .doesNotContain("$2");
            assertThat(answer.status()).as("never a server error: %s", answer).isLessThan(500);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The access token's payload (not verified: crime-api verified it, or Keycloak just issued it). */
    private static JsonNode claims(JsonNode tokens) {
        String[] parts = tokens.path("access_token").asText().split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int userCount() {
        try (Keycloak admin = keycloak.server().admin()) {
            return admin.realm(REALM).users().count();
        }
    }
}
