package org.gotham.crimeapi.user;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The two Keycloak endpoints the old routes use, in the issuer's realm: the token endpoint and the
 * provider's registration endpoint (not the admin API: this app holds no admin role).
 *
 * @param realm the realm, taken from the issuer ({@code .../realms/<realm>})
 * @param token {@code <base>/realms/<realm>/protocol/openid-connect/token}
 * @param registration {@code <base>/realms/<realm>/legacy-registration/users}
 */
record KeycloakEndpoints(String realm, URI token, URI registration) {

    private static final String REALMS = "/realms/";

    /**
     * @param url Keycloak's base URL as this app reaches it; empty: the issuer's own base
     * @param issuer the issuer tokens must carry, {@code http(s)://host[:port][/path]/realms/<realm>}
     */
    static KeycloakEndpoints from(@Nullable String url, @Nullable String issuer) {
        String issuerText = stripTrailingSlash((issuer != null) ? issuer : "");
        int realms = issuerText.lastIndexOf(REALMS);
        String realm = (realms >= 0) ? issuerText.substring(realms + REALMS.length()) : "";
        if (realm.isEmpty() || realm.contains("/")) {
            throw new IllegalStateException("KEYCLOAK_ISSUER_URI must be a Keycloak realm's issuer"
                    + " (http://host:port/realms/<realm>) for /users/register and /users/login; it is '" + issuer
                    + "'");
        }
        String base = StringUtils.hasText(url) ? stripTrailingSlash(url.strip()) : issuerText.substring(0, realms);
        URI token = UriComponentsBuilder.fromUriString(base)
                .pathSegment("realms", realm, "protocol", "openid-connect", "token")
                .build()
                .encode()
                .toUri();
        URI registration = UriComponentsBuilder.fromUriString(base)
                .pathSegment("realms", realm, "legacy-registration", "users")
                .build()
                .encode()
                .toUri();
        return new KeycloakEndpoints(realm, token, registration);
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
