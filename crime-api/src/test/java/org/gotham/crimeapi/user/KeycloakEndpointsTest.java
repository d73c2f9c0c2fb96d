package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import org.junit.jupiter.api.Test;

class KeycloakEndpointsTest {

    @Test
    void endpointsAreDerivedFromTheIssuer() {
        KeycloakEndpoints endpoints = KeycloakEndpoints.from("", "http://localhost:8080/realms/gotham/");

        assertThat(endpoints.realm()).isEqualTo("gotham");
        assertThat(endpoints.token())
                .isEqualTo(URI.create("http://localhost:8080/realms/gotham/protocol/openid-connect/token"));
        assertThat(endpoints.registration())
                .isEqualTo(URI.create("http://localhost:8080/realms/gotham/legacy-registration/users"));
    }

    @Test
    void internalUrlReplacesTheIssuersHostButNotItsRealm() {
        KeycloakEndpoints endpoints =
                KeycloakEndpoints.from("http://keycloak:8080/", "http://localhost:8080/realms/gotham");

        assertThat(endpoints.token())
                .isEqualTo(URI.create("http://keycloak:8080/realms/gotham/protocol/openid-connect/token"));
        assertThat(endpoints.registration())
                .isEqualTo(URI.create("http://keycloak:8080/realms/gotham/legacy-registration/users"));
    }

    @Test
    void issuerBelowAContextPathKeepsIt() {
        KeycloakEndpoints endpoints = KeycloakEndpoints.from(null, "https://sso.example.test/auth/realms/gotham");

        assertThat(endpoints.registration())
                .isEqualTo(URI.create("https://sso.example.test/auth/realms/gotham/legacy-registration/users"));
    }

    @Test
    void issuerThatIsNotAKeycloakRealmIsRefusedAtStartup() {
        assertThatIllegalStateException()
                .isThrownBy(() -> KeycloakEndpoints.from(null, "https://issuer.example.test"))
                .withMessageContaining("KEYCLOAK_ISSUER_URI");
    }
}
