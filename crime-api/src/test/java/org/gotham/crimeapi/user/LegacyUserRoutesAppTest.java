package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gotham.crimeapi.support.RunningAppTest;
import org.gotham.crimeapi.user.StubKeycloak.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application with a stub Keycloak at {@code gotham.keycloak.url} (the issuer still names
 * the JWKS server, as in Docker Compose where the issuer's host is not the one this app calls): the
 * routes pass the real security filter chain without a token and reach Keycloak as configured.
 */
class LegacyUserRoutesAppTest extends RunningAppTest {

    private static final StubKeycloak KEYCLOAK = new StubKeycloak();

    @DynamicPropertySource
    static void keycloakProperties(DynamicPropertyRegistry registry) {
        registry.add("gotham.keycloak.url", KEYCLOAK::baseUrl);
        registry.add("gotham.keycloak.admin.client-secret", () -> StubKeycloak.SECRET);
    }

    @AfterEach
    void defaultKeycloakAnswers() {
        KEYCLOAK.resetRoutes();
    }

    @AfterAll
    static void stopKeycloak() {
        KEYCLOAK.close();
    }

    private HttpResponse<String> post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Test
    void registerCreatesTheUserInKeycloakAsTheServiceAccount() {
        HttpResponse<String> answer =
                post("/users/register", "{\"username\":\"Selina\",\"password\":\"catwoman-9lives\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + this.port + "/users/7d5c0f3e-0000-4000-8000-00000000002a");
        assertThat(answer.body())
                .isEqualTo("{\"id\":\"7d5c0f3e-0000-4000-8000-00000000002a\",\"username\":\"selina\"}");
        assertThat(KEYCLOAK.requests("POST", StubKeycloak.USERS_PATH))
                .last()
                .satisfies(
                        (request) -> assertThat(request.header("Authorization")).startsWith("Bearer sa-token-"));
    }

    @Test
    void loginAnswersKeycloaksTokensInTheOldShape() {
        HttpResponse<String> answer = post(
                "/users/login",
                "{\"username\":\"" + StubKeycloak.USER + "\",\"password\":\"" + StubKeycloak.PASSWORD + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body())
                .isEqualTo("{\"access_token\":\"user-access-token\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":300,\"refresh_token\":\"user-refresh-token\"}");
    }

    @Test
    void wrongPasswordIs401Problem() {
        HttpResponse<String> answer = post("/users/login", "{\"username\":\"batman\",\"password\":\"wrong\"}");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"error\":\"invalid_grant\"").doesNotContain("false");
    }

    @Test
    void keycloakFailingIs503ProblemNever500() {
        KEYCLOAK.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(500, "{}"));

        HttpResponse<String> answer =
                post("/users/register", "{\"username\":\"selina\",\"password\":\"catwoman-9lives\"}");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
