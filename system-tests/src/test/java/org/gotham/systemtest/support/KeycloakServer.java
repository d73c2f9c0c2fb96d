package org.gotham.systemtest.support;

import java.net.URI;
import org.keycloak.admin.client.Keycloak;

/**
 * What the system tests need of a running Keycloak with the freshly built provider and the gotham realm,
 * wherever it runs: a process from the distribution zip ({@link ProcessKeycloak}) or a container
 * ({@link ContainerKeycloak}); {@link KeycloakRuntime} picks one. Both start it with the realm file's
 * {@code ${ENV}} placeholders filled from environment variables and the master admin below.
 */
public interface KeycloakServer extends AutoCloseable {

    String ADMIN_USER = "admin";
    String ADMIN_PASSWORD = "admin-test-password";
    String IMPORTER_SECRET = "importer-test-secret";
    /** The realm's {@code crime-api} client secret, which crime-api's launcher gives it too (not a development one). */
    String CRIME_API_SECRET = "crime-api-test-secret";

    /**
     * The front-end URL, as this JVM, crime-api and browsers on this machine reach it, and as tokens
     * ({@code iss}) name it.
     */
    String baseUrl();

    default String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** A fresh admin client for the master admin; close it after use. */
    default Keycloak admin() {
        return Keycloak.getInstance(baseUrl(), "master", ADMIN_USER, ADMIN_PASSWORD, "admin-cli");
    }

    /**
     * The JDBC URL under which Keycloak reaches a legacy database that this JVM reaches at {@code jdbcUrl}: what
     * a federation component's connection URL must say.
     */
    String legacyDbUrl(String jdbcUrl);

    /** Everything Keycloak has logged so far. */
    String log();

    /** A URL on Keycloak's management port (health, metrics), where this runtime publishes it. */
    default URI managementUri(String path) {
        throw new UnsupportedOperationException("this Keycloak runtime does not publish its management port");
    }

    /** Stops Keycloak; its log stays in {@code work.dir/logs}. */
    @Override
    void close();
}
