package org.gotham.crimeapi.user;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the old {@code /users/register} and {@code /users/login} routes reach Keycloak
 * ({@code gotham.keycloak.*}). The realm is always the issuer's: the tokens handed out must pass this
 * app's own issuer check.
 *
 * @param url Keycloak's base URL as this app reaches it (Docker: {@code http://keycloak:8080}); empty:
 * the issuer's scheme, host and port
 * @param admin the confidential client whose service account creates users
 * @param loginClientId the public client whose password grant signs users in
 * @param connectTimeout how long to wait for a connection to Keycloak
 * @param readTimeout how long to wait for Keycloak's answer (a registration hashes a password)
 * @param tokenRefreshMargin the service-account token is fetched again this long before it expires
 */
@ConfigurationProperties("gotham.keycloak")
record KeycloakAccountsProperties(
        @Nullable String url,
        @DefaultValue Admin admin,
        @DefaultValue("crime-cli") String loginClientId,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration tokenRefreshMargin) {

    /**
     * @param clientId a confidential client whose service account holds its own client role
     * {@code register-users} (and no admin role)
     * @param clientSecret its secret ({@code CRIME_API_CLIENT_SECRET})
     */
    record Admin(
            @DefaultValue("crime-api") String clientId,
            @Nullable String clientSecret) {

        @Override
        public String toString() {
            return "Admin[clientId=" + this.clientId + ", clientSecret="
                    + ((this.clientSecret == null) ? "none" : "(hidden)") + "]";
        }
    }
}
