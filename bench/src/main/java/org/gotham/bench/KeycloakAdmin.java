package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keycloak's admin REST API as the master realm's admin, and the realms the benchmarks make from the export. */
final class KeycloakAdmin {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::([^}]*))?}");

    private final MeasuredKeycloak server;
    private final Http http = new Http();
    private String token;
    private long tokenAt;

    KeycloakAdmin(MeasuredKeycloak server) {
        this.server = server;
    }

    /** A master-realm admin token, renewed when older than 30 s (admin-cli tokens live 60 s). */
    synchronized String token() {
        if (token == null || System.nanoTime() - tokenAt > 30_000_000_000L) {
            Http.Answer answer = http.postForm(
                    server.tokenUrl("master"),
                    Map.of(
                            "grant_type",
                            "password",
                            "client_id",
                            "admin-cli",
                            "username",
                            MeasuredKeycloak.ADMIN_USER,
                            "password",
                            MeasuredKeycloak.ADMIN_PASSWORD));
            if (!answer.ok()) {
                throw new IllegalStateException("admin sign-in failed: " + answer.status() + " " + answer.body());
            }
            token = Json.parse(answer.body()).path("access_token").asText();
            tokenAt = System.nanoTime();
        }
        return token;
    }

    String url(String path) {
        return server.baseUrl() + "/admin/realms" + path;
    }

    Http.Answer get(String path) {
        return http.get(url(path), token());
    }

    JsonNode getJson(String path) {
        Http.Answer answer = get(path);
        if (!answer.ok()) {
            throw new IllegalStateException("GET " + path + ": " + answer.status() + " " + answer.body());
        }
        return Json.parse(answer.body());
    }

    Http.Answer send(String method, String path, Object body) {
        return http.sendJson(method, url(path), token(), body == null ? null : Json.write(body));
    }

    /** As {@link #send}, waiting up to {@code timeout} for the answer (a synchronous bulk job). */
    Http.Answer send(String method, String path, Object body, java.time.Duration timeout) {
        return http.sendJson(method, url(path), token(), body == null ? null : Json.write(body), timeout);
    }

    void require(Http.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(
                    what + " failed: " + answer.status() + " " + Json.abbreviate(answer.body()));
        }
    }

    /**
     * The realm export ({@code realm-export/gotham-realm.json}) as Keycloak's import would read it with these
     * variables, named {@code name}, without fixed component ids; created in Keycloak.
     */
    ObjectNode createRealmFromExport(Path export, String name, Map<String, String> variables) {
        ObjectNode realm = realmFromExport(export, name, variables);
        require(
                http.sendJson("POST", server.baseUrl() + "/admin/realms", token(), Json.write(realm)),
                "creating realm " + name);
        return realm;
    }

    static ObjectNode realmFromExport(Path export, String name, Map<String, String> variables) {
        try {
            String text = Files.readString(export, StandardCharsets.UTF_8);
            ObjectNode realm = (ObjectNode) Json.parse(resolvePlaceholders(text, variables));
            realm.put("realm", name);
            realm.remove("id");
            for (JsonNode components : realm.path("components")) {
                for (JsonNode component : components) {
                    ((ObjectNode) component).remove("id");
                }
            }
            return realm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a config value of every user storage component in a realm representation. */
    static void setComponentConfig(ObjectNode realm, String key, String value) {
        for (JsonNode component : realm.path("components").path("org.keycloak.storage.UserStorageProvider")) {
            ((ObjectNode) component.path("config"))
                    .set(key, Json.MAPPER.createArrayNode().add(value));
        }
    }

    /** A component config value of the realm export, or null. */
    static String componentConfig(ObjectNode realm, String key) {
        for (JsonNode component : realm.path("components").path("org.keycloak.storage.UserStorageProvider")) {
            JsonNode value = component.path("config").path(key);
            if (value.isArray() && !value.isEmpty()) {
                return value.get(0).asText();
            }
        }
        return null;
    }

    void createRealm(ObjectNode realm) {
        require(send("POST", "", realm), "creating realm " + realm.path("realm").asText());
    }

    /** The client with this clientId in a realm representation (for benchmark-only tweaks). */
    static ObjectNode client(ObjectNode realm, String clientId) {
        for (JsonNode client : (ArrayNode) realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return (ObjectNode) client;
            }
        }
        throw new IllegalStateException("no client " + clientId + " in the realm export");
    }

    /** {@code ${VAR}} and {@code ${VAR:default}} as Keycloak's import resolves them. */
    static String resolvePlaceholders(String text, Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Creates a Keycloak-local user with a password (Keycloak hashes it with the realm's default). */
    void createLocalUser(String realm, String username, String password) {
        Map<String, Object> user = Map.of(
                "username",
                username,
                "enabled",
                true,
                "firstName",
                "Bench",
                "lastName",
                "User",
                "email",
                username + "@bench.invalid",
                "emailVerified",
                true,
                "credentials",
                java.util.List.of(Map.of("type", "password", "value", password, "temporary", false)));
        require(send("POST", "/" + realm + "/users", user), "creating user " + username);
    }

    String userId(String realm, String username) {
        JsonNode users = getJson(
                "/" + realm + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        if (users.isEmpty()) {
            throw new IllegalStateException("no user " + username + " in realm " + realm);
        }
        return users.get(0).path("id").asText();
    }

    /** The stored password credential's hash algorithm and parameters, as the admin API shows them. */
    JsonNode passwordCredentialData(String realm, String userId) {
        JsonNode credentials = getJson("/" + realm + "/users/" + userId + "/credentials");
        for (JsonNode credential : credentials) {
            if ("password".equals(credential.path("type").asText())) {
                return Json.parse(credential.path("credentialData").asText("{}"));
            }
        }
        return Json.MAPPER.createObjectNode();
    }
}
