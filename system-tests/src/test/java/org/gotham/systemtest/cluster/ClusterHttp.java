package org.gotham.systemtest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.keycloak.admin.client.Keycloak;

/** The few plain HTTP calls the typed clients do not make. */
final class ClusterHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterHttp() {}

    /** A GET of the admin REST API on {@code node} with the master admin's token; fails unless it answers 200. */
    static JsonNode adminGet(ClusterNode node, String path) {
        try (Keycloak admin = node.admin()) {
            return get(node, path, admin.tokenManager().getAccessTokenString());
        }
    }

    /** The realm's userinfo for {@code accessToken}, asked of {@code node}; fails unless it answers 200. */
    static JsonNode userInfo(ClusterNode node, String realm, String accessToken) {
        return get(node, "/realms/" + realm + "/protocol/openid-connect/userinfo", accessToken);
    }

    private static JsonNode get(ClusterNode node, String path, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Authorization", "Bearer " + accessToken)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(node + " answered " + response.statusCode() + " to " + path + ": "
                        + response.body() + " " + response.headers().map());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
