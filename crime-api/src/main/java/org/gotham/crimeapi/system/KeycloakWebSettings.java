package org.gotham.crimeapi.system;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * What a browser needs to sign in with Keycloak (authorization code + PKCE): Keycloak's public base
 * URL, the realm and the public client, and the page's own public URL (null if not configured), the
 * only one Keycloak accepts as a redirect URI. Served at {@code /web-config} and used by Swagger UI.
 */
public record KeycloakWebSettings(
        String keycloakUrl,
        String realm,
        String clientId,
        @Nullable String pageUrl) {

    private static final String REALMS = "/realms/";

    /**
     * The configured values, with the URL and realm derived from the issuer
     * ({@code http://host:port/realms/<realm>}) where not configured.
     */
    static KeycloakWebSettings from(GothamProperties.Web web, @Nullable String issuer) {
        String issuerText = JwtDecoderConfig.stripTrailingSlash(issuer == null ? "" : issuer);
        int realms = issuerText.lastIndexOf(REALMS);
        String derivedUrl = (realms >= 0) ? issuerText.substring(0, realms) : issuerText;
        String derivedRealm = (realms >= 0) ? issuerText.substring(realms + REALMS.length()) : "gotham";
        String url = StringUtils.hasText(web.keycloakUrl()) ? web.keycloakUrl() : derivedUrl;
        String realm = StringUtils.hasText(web.realm()) ? web.realm() : derivedRealm;
        String pageUrl = StringUtils.hasText(web.pageUrl())
                ? JwtDecoderConfig.stripTrailingSlash(web.pageUrl().trim())
                : null;
        return new KeycloakWebSettings(JwtDecoderConfig.stripTrailingSlash(url), realm, web.clientId(), pageUrl);
    }

    String authorizationUrl() {
        return openIdConnect() + "/auth";
    }

    String tokenUrl() {
        return openIdConnect() + "/token";
    }

    private String openIdConnect() {
        return this.keycloakUrl + REALMS + this.realm + "/protocol/openid-connect";
    }
}
