package org.gotham.crimeapi.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what. Stateless bearer tokens from Keycloak; {@code reader} reads crimes,
 * {@code editor} also creates and updates them, {@code admin} also deletes them (the hierarchy is
 * applied here even though Keycloak's composite roles already expand it in tokens).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /**
     * Open to anyone: the web page and its configuration, API docs, health probes and metrics, and the
     * old app's registration and sign-in (Keycloak checks those).
     */
    static final String[] PUBLIC_PATHS = {
        "/",
        "/index.html",
        "/app.js",
        "/app.css",
        "/favicon.ico",
        "/web-config",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/error",
        "/users/register",
        "/users/login"
    };

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            GothamProperties gotham,
            OAuth2ResourceServerProperties tokens,
            ProblemSecurityHandlers problems)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        if (!gotham.security().enabled()) {
            log.warn("gotham.security.enabled=false: EVERY route is open WITHOUT authentication."
                    + " Use this only for the benchmark baseline, never where real data is served.");
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        // the crime rules first: they serve nearly every request, and no public path overlaps them
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/crimes", "/crimes/**")
                        .hasRole("reader")
                        .requestMatchers(HttpMethod.POST, "/crimes")
                        .hasRole("editor")
                        .requestMatchers(HttpMethod.PUT, "/crimes/*")
                        .hasRole("editor")
                        .requestMatchers(HttpMethod.DELETE, "/crimes/*")
                        .hasRole("admin")
                        // other methods on crime paths: a reader learns 405 from Spring MVC
                        .requestMatchers("/crimes", "/crimes/**")
                        .hasRole("reader")
                        .requestMatchers(PUBLIC_PATHS)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new BearerHeaderResolver())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter(gotham)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource names Keycloak as the issuer
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder ->
                                builder.authorizationServer(tokens.getJwt().getIssuerUri())
                                        .resourceName("Gotham crime API")
                                        .tlsClientCertificateBoundAccessTokens(false))))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** Spring's default firewall, with the same header-value rule checked without regular expressions. */
    @Bean
    WebSecurityCustomizer firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(new HeaderValues());
        return web -> web.httpFirewall(firewall);
    }

    /**
     * No Micrometer observations of the security filter chain, its authentications and authorizations:
     * {@code http.server.requests} already times every request with its outcome, and the per-filter
     * observations cost more CPU than the whole check of a reused token.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("admin")
                .implies("editor")
                .role("editor")
                .implies("reader")
                .build();
    }

    private static JwtAuthenticationConverter jwtAuthenticationConverter(GothamProperties gotham) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(
                new KeycloakRolesConverter(gotham.security().clientId()));
        return converter;
    }
}
