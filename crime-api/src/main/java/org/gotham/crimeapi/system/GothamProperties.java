package org.gotham.crimeapi.system;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The application's own settings ({@code gotham.*}); defaults here, environment overrides in
 * {@code application.yml}. Issuer, JWKS and audiences are Spring's standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties, not these.
 */
@ConfigurationProperties("gotham")
public record GothamProperties(
        @DefaultValue Security security,
        @DefaultValue Web web,
        @DefaultValue Api api,
        @DefaultValue Sqlite sqlite) {

    /**
     * @param enabled false opens every route without authentication (benchmark baseline only)
     * @param clientId the Keycloak client whose roles ({@code resource_access.<clientId>.roles}) count
     * @param clockSkew tolerance for {@code exp} and {@code nbf}
     */
    public record Security(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("crime-api") String clientId,
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue Jwks jwks,
            @DefaultValue TokenCache tokenCache) {}

    /**
     * How Keycloak's signing keys are fetched and kept.
     *
     * @param cacheTtl how long a fetched key set is used before it is fetched again
     * @param minRefreshInterval rate limit of fetches caused by unknown key ids (Nimbus allows two per interval)
     * @param outageTolerance how long the last key set is still used while Keycloak cannot be reached
     */
    public record Jwks(
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("10s") Duration minRefreshInterval,
            @DefaultValue("24h") Duration outageTolerance,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("2s") Duration readTimeout) {}

    /**
     * Verified tokens remembered by the whole token string (compared in full, not by a digest), so a
     * client that re-uses its token does not pay the RS256 check again. Each hit still checks
     * {@code exp}, {@code nbf} and that the signing key is still published.
     *
     * @param maxSize most tokens held at once
     * @param maxTtl longest an entry is kept; never past the token's own {@code exp}
     */
    public record TokenCache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("4096") int maxSize,
            @DefaultValue("5m") Duration maxTtl) {}

    /**
     * What the web page and Swagger UI need to sign in with Keycloak.
     *
     * @param keycloakUrl Keycloak's public base URL; empty: derived from the issuer
     * @param realm empty: derived from the issuer
     * @param pageUrl the web page's public URL, the one registered as the client's redirect URI; a browser that
     *     opens the page under another address (127.0.0.1 for localhost, say) is sent there before it signs in.
     *     Empty: the page stays where it was opened
     */
    public record Web(
            @Nullable String keycloakUrl,
            @Nullable String realm,
            @DefaultValue("crime-web") String clientId,
            @Nullable String pageUrl) {}

    /** @param maxBodySize larger request bodies are refused with 413 */
    public record Api(@DefaultValue("64KB") DataSize maxBodySize) {}

    /**
     * Connection settings applied when the legacy database is SQLite.
     *
     * @param poolSize one connection serialises this app's writes, so it never meets SQLITE_BUSY itself
     * @param busyTimeout how long to wait for another process (the old app) holding the write lock
     */
    public record Sqlite(
            @DefaultValue("1") int poolSize,
            @DefaultValue("5s") Duration busyTimeout) {}
}
