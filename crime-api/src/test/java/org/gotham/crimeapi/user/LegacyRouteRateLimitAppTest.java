package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.gotham.crimeapi.support.RunningAppTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The old routes' per-address limits as shipped ({@code application.yml}: 10 sign-ins, 5
 * registrations), on the whole application with a stub Keycloak: past the limit 429 with
 * {@code Retry-After} and a problem body, Keycloak not asked; a spoofed {@code X-Forwarded-For}
 * (no proxy is trusted by default) buys nothing.
 */
class LegacyRouteRateLimitAppTest extends RunningAppTest {

    private static final StubKeycloak KEYCLOAK = new StubKeycloak();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void keycloakProperties(DynamicPropertyRegistry registry) {
        // a Spring context of its own: the buckets are not shared with other tests
        registry.add("gotham.keycloak.url", KEYCLOAK::baseUrl);
        registry.add("gotham.keycloak.admin.client-secret", () -> StubKeycloak.SECRET);
    }

    @AfterAll
    static void stopKeycloak() {
        KEYCLOAK.close();
    }

    private HttpResponse<String> post(String path, String json, String forwardedFor) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void eleventhSignInAMinuteFromOneAddressIs429EvenWithASpoofedForwardedFor() {
        String login = "{\"username\":\"batman\",\"password\":\"wrong-password\"}";
        for (int i = 0; i < 10; i++) {
            assertThat(post("/users/login", login, null).statusCode()).isEqualTo(401);
        }
        int asked = KEYCLOAK.requests("POST", StubKeycloak.TOKEN_PATH).size();

        HttpResponse<String> limited = post("/users/login", login, null);
        HttpResponse<String> spoofed = post("/users/login", login, "198.51.100.23");

        for (HttpResponse<String> answer : List.of(limited, spoofed)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            long retryAfter =
                    Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(429);
            assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
            assertThat(problem.path("detail").asString()).contains("/users/login");
        }
        assertThat(KEYCLOAK.requests("POST", StubKeycloak.TOKEN_PATH))
                .as("Keycloak is not asked past the limit")
                .hasSize(asked);
    }

    @Test
    void sixthRegistrationFromOneAddressIs429AndBadBodiesCountWithoutA500() {
        String huge = "{\"username\":\"selina\",\"password\":\"" + "x".repeat(100 * 1024) + "\"}";

        assertThat(post("/users/register", huge, null).statusCode()).isEqualTo(413);
        assertThat(post("/users/register", "{\"username\":", null).statusCode()).isEqualTo(400);
        for (int i = 0; i < 3; i++) {
            assertThat(post(
                                    "/users/register",
                                    "{\"username\":\"selina" + i + "\",\"password\":\"catwoman-9lives\"}",
                                    null)
                            .statusCode())
                    .isEqualTo(201);
        }

        HttpResponse<String> limited =
                post("/users/register", "{\"username\":\"selina9\",\"password\":\"catwoman-9lives\"}", "10.1.2.3");

        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(limited.body()).path("detail").asString()).contains("/users/register");
    }
}
