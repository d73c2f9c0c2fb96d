package org.gotham.systemtest.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.gotham.systemtest.support.KeycloakServer;
import org.keycloak.admin.client.Keycloak;

/**
 * The provider's migration resource as an admin script calls it: {@code GET
 * /admin/realms/{realm}/legacy-migration/{component id}/import|report|dry-run} with a master admin's token.
 */
final class LegacyMigrationApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final KeycloakServer server;
    private final String realm;
    private final String componentId;

    LegacyMigrationApi(KeycloakServer server, String realm, String componentId) {
        this.server = server;
        this.realm = realm;
        this.componentId = componentId;
    }

    JsonNode importStatus() {
        return get("import");
    }

    JsonNode report() {
        return get("report");
    }

    JsonNode dryRun() {
        return get("dry-run");
    }

    private JsonNode get(String what) {
        try (Keycloak admin = server.admin()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/" + realm
                            + "/legacy-migration/" + componentId + "/" + what))
                    .header("Authorization", "Bearer " + admin.tokenManager().getAccessTokenString())
                    .timeout(Duration.ofMinutes(5))
                    .GET()
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
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
