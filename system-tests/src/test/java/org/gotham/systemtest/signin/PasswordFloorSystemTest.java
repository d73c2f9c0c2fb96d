package org.gotham.systemtest.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gotham.systemtest.support.CrimeApiClient;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The shipped realm's floor for new passwords (at least 8 characters, not the username, at most 72
 * UTF-8 bytes), on a registration through the old route and on an admin's Create user; an old legacy
 * password below it still signs in.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class PasswordFloorSystemTest {

    private static final String REALM = "gotham";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    private final List<String> created = new ArrayList<>();

    PasswordFloorSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @AfterEach
    void removeCreatedUsers() {
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            for (String username : created) {
                for (UserRepresentation user : realm.users().searchByUsername(username, true)) {
                    realm.users().delete(user.getId()).close();
                }
            }
        }
    }

    @Test
    void registrationBelowTheFloorIs400WithKeycloaksMessageAndCreatesNobody() {
        String username = newUsername();

        CrimeApiClient.Answer tooShort = register(username, "cat-9li");
        CrimeApiClient.Answer theUsername = register(username, username);

        assertThat(tooShort.status()).as(tooShort.toString()).isEqualTo(400);
        assertThat(tooShort.json().path("detail").asText()).contains("8");
        assertThat(tooShort.json().path("errors").findValuesAsText("field")).containsOnly("password");
        assertThat(theUsername.status()).as(theUsername.toString()).isEqualTo(400);
        assertThat(theUsername.json().path("errors").findValuesAsText("field")).containsOnly("password");
        assertThat(exists(username)).as("nobody created").isFalse();

        CrimeApiClient.Answer enough = register(username, "cat-9liv");

        assertThat(enough.status()).as(enough.toString()).isEqualTo(201);
        assertThat(tokens().password("crime-cli", username, "cat-9liv").ok()).isTrue();
    }

    @Test
    void adminCreateBelowTheFloorIs400AndCreatesNobody() {
        String username = newUsername();
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);

            for (String password : List.of("a", "cat-9li", username)) {
                try (Response answer = realm.users().create(user(username, password))) {
                    assertThat(answer.getStatus())
                            .as("password of %d characters", password.length())
                            .isEqualTo(400);
                }
                assertThat(exists(username)).as("nobody created").isFalse();
            }

            try (Response answer = realm.users().create(user(username, "cat-9liv"))) {
                assertThat(answer.getStatus()).isEqualTo(201);
            }
        }
        assertThat(tokens().password("crime-cli", username, "cat-9liv").ok()).isTrue();
    }

    @Test
    void oldLegacyPasswordBelowTheFloorStillSignsIn() {
        // "猫の女 🐈": 6 UTF-16 characters, which the floor would refuse as a new password
        LegacyUser selina = LegacyUser.named("selina");
        assertThat(selina.password().length()).isLessThan(8);

        assertThat(tokens().password("crime-cli", selina.username(), selina.password())
                        .ok())
                .isTrue();
        assertThat(post("/users/login", Map.of("username", selina.username(), "password", selina.password()))
                        .status())
                .isEqualTo(200);
    }

    private static UserRepresentation user(String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        return user;
    }

    private String newUsername() {
        String username = "st-floor-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(username);
        return username;
    }

    private boolean exists(String username) {
        try (Keycloak admin = keycloak.server().admin()) {
            return !admin.realm(REALM).users().searchByUsername(username, true).isEmpty();
        }
    }

    private TokenEndpoint tokens() {
        return new TokenEndpoint(keycloak.server().issuer(REALM));
    }

    private CrimeApiClient.Answer register(String username, String password) {
        return post("/users/register", Map.of("username", username, "password", password));
    }

    private CrimeApiClient.Answer post(String path, Map<String, String> body) {
        try {
            return CrimeApiClient.anonymous(crimeApi).post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
