package org.gotham.systemtest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The OAuth2 token endpoint of one realm, spoken to as a client would: form posts over HTTP. */
public final class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI uri;

    public TokenEndpoint(String issuer) {
        this.uri = URI.create(issuer + "/protocol/openid-connect/token");
    }

    /** The answer of the token endpoint: status and JSON body. */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status == 200 && body.hasNonNull("access_token");
        }

        public String error() {
            return body.path("error").asText(null);
        }

        public String accessToken() {
            return body.path("access_token").asText(null);
        }

        /** The access token's payload, decoded (not verified: Keycloak just issued it to us). */
        public JsonNode claims() {
            String[] parts = accessToken().split("\\.");
            try {
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Answer password(String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return post(form);
    }

    public Answer clientCredentials(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return post(form);
    }

    public Answer post(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
