package org.gotham.crimeapi.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs}; Swagger UI's Authorize button signs in through
 * Keycloak (authorization code + PKCE, public client {@code gotham.web.client-id}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String SCHEME = "keycloak";

    @Bean
    KeycloakWebSettings keycloakWebSettings(GothamProperties gotham, OAuth2ResourceServerProperties resourceServer) {
        return KeycloakWebSettings.from(gotham.web(), resourceServer.getJwt().getIssuerUri());
    }

    @Bean
    OpenAPI crimeApiOpenApi(KeycloakWebSettings keycloak) {
        OAuthFlow authorizationCode = new OAuthFlow()
                .authorizationUrl(keycloak.authorizationUrl())
                .tokenUrl(keycloak.tokenUrl())
                .scopes(new Scopes().addString("openid", "sign in"));
        SecurityScheme scheme = new SecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Keycloak realm " + keycloak.realm() + "; roles are client roles of crime-api")
                .flows(new OAuthFlows().authorizationCode(authorizationCode));
        return new OpenAPI()
                .info(new Info()
                        .title("Gotham crime API")
                        .version("1")
                        .description(
                                "The legacy crime data, for Keycloak tokens. Errors are application/problem+json."))
                .components(new Components().addSecuritySchemes(SCHEME, scheme))
                .addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }
}
