package org.gotham.systemtest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gotham.testsupport.FreePort;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * One Keycloak for the whole system-test run, a process or a container as {@link KeycloakRuntime} says.
 * Realm {@code gotham} is imported at start-up from {@code realm-export/gotham-realm.json} on a SQLite
 * legacy database; for PostgreSQL and MariaDB the same file becomes realms {@code gotham-postgresql} and
 * {@code gotham-mariadb}, created through the admin API with the placeholders filled in.
 */
public final class GothamKeycloak implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::([^}]*))?}");

    /** A realm bound to one legacy database. */
    public record LegacyRealm(String name, LegacyDatabase database, String issuer) {

        public TokenEndpoint tokens() {
            return new TokenEndpoint(issuer);
        }
    }

    private final KeycloakServer server;
    private final Path workDir;
    private final Map<Vendor, LegacyRealm> realms = new EnumMap<>(Vendor.class);
    private final int crimeApiPort;

    private GothamKeycloak(KeycloakServer server, Path workDir, LegacyRealm sqliteRealm, int crimeApiPort) {
        this.server = server;
        this.workDir = workDir;
        this.crimeApiPort = crimeApiPort;
        realms.put(Vendor.SQLITE, sqliteRealm);
    }

    static GothamKeycloak start() {
        Path workDir = Environment.pathProperty("work.dir");
        LegacyDatabase sqlite = LegacyDatabase.create(Vendor.SQLITE, "gotham_legacy", workDir, LegacyUser.all());
        // crime-api's port is chosen now: the realm's crime-web client redirects there
        int crimeApiPort = FreePort.next();
        KeycloakServer server = KeycloakRuntime.selected()
                .start(Map.of(
                        "LEGACY_DB_URL", sqlite.jdbcUrl(),
                        "CRIME_WEB_URL", crimeWebUrl(crimeApiPort)));
        return new GothamKeycloak(
                server, workDir, new LegacyRealm("gotham", sqlite, server.issuer("gotham")), crimeApiPort);
    }

    private static String crimeWebUrl(int port) {
        return "http://localhost:" + port;
    }

    /** The port crime-api must listen on for the gotham realm's crime-web client (its redirect URIs). */
    public int crimeApiPort() {
        return crimeApiPort;
    }

    /** The URL of the page the gotham realm's crime-web client may redirect to. */
    public String crimeWebUrl() {
        return crimeWebUrl(crimeApiPort);
    }

    public KeycloakServer server() {
        return server;
    }

    /** The realm whose federation reads the given vendor's legacy database, made on first use. */
    public synchronized LegacyRealm realm(Vendor vendor) {
        LegacyRealm realm = realms.get(vendor);
        if (realm == null) {
            LegacyDatabase.requireAvailable(vendor);
            LegacyDatabase db = LegacyDatabase.create(vendor, "st_legacy_" + vendor.label(), workDir, LegacyUser.all());
            String name = "gotham-" + vendor.label();
            RealmRepresentation representation = realmFromExport(
                    name,
                    Map.of(
                            "LEGACY_DB_URL", db.jdbcUrl(),
                            "LEGACY_DB_USERNAME", db.username(),
                            "LEGACY_DB_PASSWORD", db.password()));
            try (Keycloak admin = server.admin()) {
                admin.realms().create(representation);
            }
            realm = new LegacyRealm(name, db, server.issuer(name));
            realms.put(vendor, realm);
        }
        return realm;
    }

    /**
     * A realm named {@code name} made from the realm export on {@code database}, changed by {@code adjust}
     * before it is created (brute-force settings, say). The caller removes it with {@link #removeRealm}.
     */
    public LegacyRealm createRealm(String name, LegacyDatabase database, Consumer<RealmRepresentation> adjust) {
        RealmRepresentation representation = realmFromExport(
                name,
                Map.of(
                        "LEGACY_DB_URL", database.jdbcUrl(),
                        "LEGACY_DB_USERNAME", database.username(),
                        "LEGACY_DB_PASSWORD", database.password()));
        adjust.accept(representation);
        try (Keycloak admin = server.admin()) {
            admin.realms().create(representation);
        }
        return new LegacyRealm(name, database, server.issuer(name));
    }

    /** The id of a realm's legacy federation component (what its metrics' {@code component} label says). */
    public static String federationId(RealmResource realm) {
        return realm
                .components()
                .query(realm.toRepresentation().getId(), "org.keycloak.storage.UserStorageProvider")
                .stream()
                .filter(component -> "legacy-user-db".equals(component.getProviderId()))
                .findFirst()
                .orElseThrow()
                .getId();
    }

    public void removeRealm(String name) {
        try (Keycloak admin = server.admin()) {
            admin.realm(name).remove();
        }
    }

    /**
     * The realm export as Keycloak's import would read it with these environment variables, renamed,
     * and without fixed component ids (they are unique across realms). {@code LEGACY_DB_URL} is given as
     * this JVM reaches the database, and becomes what Keycloak must say ({@link KeycloakServer#legacyDbUrl}).
     */
    public RealmRepresentation realmFromExport(String name, Map<String, String> variables) {
        try {
            String text = Files.readString(Environment.pathProperty("realm.file"), StandardCharsets.UTF_8);
            Map<String, String> env = new java.util.HashMap<>(variables);
            env.computeIfPresent("LEGACY_DB_URL", (key, url) -> server.legacyDbUrl(url));
            env.putIfAbsent("CRIME_IMPORTER_SECRET", KeycloakServer.IMPORTER_SECRET);
            env.putIfAbsent("CRIME_API_CLIENT_SECRET", KeycloakServer.CRIME_API_SECRET);
            env.putIfAbsent("CRIME_WEB_URL", crimeWebUrl());
            String resolved = resolvePlaceholders(text, env);
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(resolved);
            root.put("realm", name);
            for (JsonNode components : root.path("components")) {
                for (JsonNode component : components) {
                    ((ObjectNode) component).remove("id");
                }
            }
            return json.treeToValue(root, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ${VAR}} and {@code ${VAR:default}} as Keycloak's import resolves them; others stay. */
    static String resolvePlaceholders(String text, Map<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
