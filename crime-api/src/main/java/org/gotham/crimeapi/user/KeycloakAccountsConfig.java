package org.gotham.crimeapi.user;

import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link KeycloakAccounts} for the realm of the configured issuer, reached at
 * {@code gotham.keycloak.url} ({@code KEYCLOAK_INTERNAL_URL}) or the issuer's own host. Nothing is
 * contacted at startup; a development client secret outside the demo stops the startup.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeycloakAccountsProperties.class)
class KeycloakAccountsConfig {

    @Bean
    KeycloakAccounts keycloakAccounts(
            KeycloakAccountsProperties properties,
            OAuth2ResourceServerProperties resourceServer,
            JsonMapper json,
            @Value("${gotham.demo:false}") boolean demo) {
        DevelopmentSecrets.refuseOutsideDemo(properties.admin().clientSecret(), demo);
        KeycloakEndpoints endpoints =
                KeycloakEndpoints.from(properties.url(), resourceServer.getJwt().getIssuerUri());
        return new KeycloakAccounts(restClient(properties), endpoints, properties, json, Clock.systemUTC());
    }

    static RestClient restClient(KeycloakAccountsProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        return RestClient.builder().requestFactory(requests).build();
    }
}
