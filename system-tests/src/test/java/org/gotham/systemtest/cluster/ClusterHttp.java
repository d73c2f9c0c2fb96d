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

/** The few plain HTTP calls the typed clients do not make. */
final class ClusterHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterHttp() {}

    /** The realm's userinfo for {@code accessToken}, asked of {@code node}; fails unless it answers 200. */
    static JsonNode userInfo(ClusterNode node, String realm, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(node.url() + "/realms/" + realm + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + accessToken)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(node + "'s userinfo answered " + response.statusCode() + ": " + response.body()
                        + " " + response.headers().map());
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
