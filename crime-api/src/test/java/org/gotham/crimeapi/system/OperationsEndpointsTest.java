package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.gotham.crimeapi.support.RunningAppTest;
import org.junit.jupiter.api.Test;

/** What operators and browsers reach without a token: probes, metrics, API docs, web config. */
class OperationsEndpointsTest extends RunningAppTest {

    @Test
    void livenessAndReadinessProbesAreUpAndReadinessChecksTheDatabase() {
        var liveness = send(request("/actuator/health/liveness").GET().build());
        var readiness = send(request("/actuator/health/readiness").GET().build());

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"db\":{\"status\":\"UP\"}");
    }

    @Test
    void prometheusMetricsAreServed() {
        getWithToken("/crimes", TOKENS.valid("reader"));

        var metrics = send(request("/actuator/prometheus").GET().build());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
    }

    @Test
    void theSecurityFilterChainIsNotObservedPerFilter() {
        assertThat(getWithToken("/crimes", TOKENS.valid("reader")).statusCode()).isEqualTo(200);

        var metrics = send(request("/actuator/prometheus").GET().build());

        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{")
                .doesNotContain("spring_security_filterchains")
                .doesNotContain("spring_security_authentications")
                .doesNotContain("spring_security_authorizations");
    }

    @Test
    void headerValuesTheDefaultFirewallRejectsAreStillRejected() throws IOException {
        // a C1 control character (byte 0x85, NEL) passes Tomcat as ISO-8859-1 text; the firewall answers 400
        // when the header is read, before the bearer-token check would answer 401 for a malformed token
        String token = TOKENS.valid("reader");

        byte[] clean = ("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1);
        byte[] withNel = ("Bearer " + token + "\u0085").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rawGet("/crimes", clean)).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/crimes", withNel)).startsWith("HTTP/1.1 400").doesNotContain("Exception");
    }

    /** A GET written byte by byte: Java's HttpClient refuses or rewrites such header values. */
    private String rawGet(String path, byte[] authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: ")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(authorization);
            out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        assertThat(send(request("/actuator/env").GET().build()).statusCode()).isEqualTo(401);
        assertThat(getWithToken("/actuator/env", TOKENS.valid("admin")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void openApiDescribesTheRoutesAndAKeycloakPkceSignIn() {
        var docs = send(request("/v3/api-docs").GET().build());

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body())
                .contains("\"/crimes/{id}\"", "\"/crimes/search\"", "\"/users/me\"")
                .contains("\"authorizationUrl\":\"" + JWKS.issuer() + "/protocol/openid-connect/auth\"")
                .contains("\"tokenUrl\":\"" + JWKS.issuer() + "/protocol/openid-connect/token\"")
                .contains("\"suspect_name\"", "\"date_time\"");
    }

    @Test
    void swaggerUiSignsInWithPkceForTheWebClient() {
        var page = send(request("/swagger-ui/index.html").GET().build());
        var config = send(request("/v3/api-docs/swagger-config").GET().build());
        var initializer =
                send(request("/swagger-ui/swagger-initializer.js").GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body() + initializer.body())
                .contains("crime-web")
                .contains("usePkceWithAuthorizationCodeGrant");
    }

    @Test
    void webConfigDerivesKeycloakFromTheIssuer() {
        var config = send(request("/web-config").GET().build());

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body())
                .isEqualTo("{\"keycloakUrl\":\"" + JWKS.baseUrl()
                        + "\",\"realm\":\"gotham\",\"clientId\":\"crime-web\",\"pageUrl\":null}");
    }

    @Test
    void chunkedBodyOverTheLimitIs413ProblemAndWritesNothing() {
        byte[] huge = ("{\"type\":\"Robbery\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
        var response = send(request("/crimes")
                .header("Authorization", "Bearer " + TOKENS.valid("editor"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(getWithToken("/crimes/search?crime_type=Robbery", TOKENS.valid("reader"))
                        .body())
                .isEqualTo("[]");
    }

    @Test
    void requestRejectedByTheFirewallIsAProblemNotAStackTrace() {
        var response = getWithToken("/crimes/%2e%2e/%2e%2e/etc", TOKENS.valid("reader"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }
}
