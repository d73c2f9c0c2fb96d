package org.gotham.systemtest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** crime-api spoken to as a script would: JSON over HTTP with a bearer token from Keycloak. */
public final class CrimeApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final CrimeApiServer server;
    private final String accessToken;

    public CrimeApiClient(CrimeApiServer server, String accessToken) {
        this.server = server;
        this.accessToken = accessToken;
    }

    /** A client without a token, for the routes anyone may call ({@code /users/register}, {@code /users/login}). */
    public static CrimeApiClient anonymous(CrimeApiServer server) {
        return new CrimeApiClient(server, null);
    }

    /** An answer of crime-api: status, headers and the body as JSON (empty when there is none). */
    public record Answer(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.headers().map() + " " + response.body();
        }
    }

    public Answer get(String path) {
        return get(server.uri(path));
    }

    public Answer get(URI uri) {
        return send(request(uri).GET().build());
    }

    public Answer post(String path, String json) {
        return send(request(server.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        return accessToken == null ? request : request.header("Authorization", "Bearer " + accessToken);
    }

    private static Answer send(HttpRequest request) {
        try {
            return new Answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
