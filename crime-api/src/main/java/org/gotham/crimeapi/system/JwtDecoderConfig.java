package org.gotham.crimeapi.system;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The one {@link JwtDecoder}, built from Spring's standard properties
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri},
 * {@code audiences}) without contacting Keycloak at startup: the JWKS URI is taken as given or derived
 * from the issuer as Keycloak names it, never discovered.
 * <p>
 * Checks: RS256 only; {@code iss} equals the issuer; {@code aud} contains one of the audiences;
 * {@code exp} present and not past, {@code nbf} not future, both with the configured clock skew;
 * {@code typ} absent, {@code JWT} or {@code at+jwt}.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfig {

    /** Keycloak's JWKS path below a realm's issuer. */
    static final String KEYCLOAK_CERTS_PATH = "/protocol/openid-connect/certs";

    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    @Bean
    JwtDecoder jwtDecoder(
            OAuth2ResourceServerProperties resourceServer,
            GothamProperties gotham,
            ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
        OAuth2ResourceServerProperties.Jwt properties = resourceServer.getJwt();
        String issuer = properties.getIssuerUri();
        if (!StringUtils.hasText(issuer)) {
            throw new IllegalStateException(
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri (KEYCLOAK_ISSUER_URI) must be set");
        }
        if (!properties.getJwsAlgorithms().equals(List.of("RS256"))) {
            throw new IllegalStateException(
                    "crime-api accepts RS256 tokens only; jws-algorithms was " + properties.getJwsAlgorithms());
        }
        return build(
                properties,
                gotham.security(),
                additionalValidators.orderedStream().toList());
    }

    /** The decoder for these settings: Nimbus, wrapped to fail closed, then (if enabled) cached. */
    static JwtDecoder build(
            OAuth2ResourceServerProperties.Jwt properties,
            GothamProperties.Security security,
            List<OAuth2TokenValidator<Jwt>> additionalValidators) {
        String issuer = properties.getIssuerUri();
        JWKSource<SecurityContext> keys = keys(jwkSetUri(properties), security.jwks());
        NimbusJwtDecoder nimbus = new NimbusJwtDecoder(processor(keys));
        nimbus.setJwtValidator(
                validator(String.valueOf(issuer), properties.getAudiences(), security, additionalValidators));
        JwtDecoder decoder = new FailClosedJwtDecoder(nimbus);
        if (security.tokenCache().enabled()) {
            decoder = new VerifiedTokenCache(
                    decoder,
                    security.tokenCache().maxSize(),
                    security.tokenCache().maxTtl(),
                    security.clockSkew(),
                    Clock.systemUTC(),
                    new SigningKeyStillPublished(keys));
        }
        return decoder;
    }

    /** The configured {@code jwk-set-uri}, or Keycloak's certs endpoint below the issuer. */
    static String jwkSetUri(OAuth2ResourceServerProperties.Jwt properties) {
        if (StringUtils.hasText(properties.getJwkSetUri())) {
            return properties.getJwkSetUri();
        }
        String issuer = properties.getIssuerUri();
        return stripTrailingSlash(issuer == null ? "" : issuer) + KEYCLOAK_CERTS_PATH;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        // claims are checked by Spring's validators below, with our clock skew
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor;
    }

    /**
     * Keycloak's keys, fetched lazily: cached for {@code cacheTtl} and refreshed ahead of expiry; an
     * unknown {@code kid} refreshes at most twice per {@code minRefreshInterval} whatever the traffic;
     * when Keycloak cannot be reached the last keys stay in use for {@code outageTolerance}.
     */
    static JWKSource<SecurityContext> keys(String jwkSetUri, GothamProperties.Jwks jwks) {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) jwks.connectTimeout().toMillis(), (int) jwks.readTimeout().toMillis(), JWKS_SIZE_LIMIT);
        long ttl = jwks.cacheTtl().toMillis();
        // how long other requests wait for a fetch in progress; a refresh starts this long before expiry
        long waitForRefresh =
                Math.min(jwks.connectTimeout().plus(jwks.readTimeout()).toMillis() + 500, ttl / 2);
        long refreshAhead = Math.min(30_000, ttl / 4);
        return JWKSourceBuilder.<SecurityContext>create(url(jwkSetUri), retriever)
                .cache(ttl, waitForRefresh)
                .refreshAheadCache(refreshAhead, false)
                .rateLimited(jwks.minRefreshInterval().toMillis())
                .outageTolerant(jwks.outageTolerance().toMillis())
                .build();
    }

    private static OAuth2TokenValidator<Jwt> validator(
            String issuer,
            List<String> audiences,
            GothamProperties.Security security,
            List<OAuth2TokenValidator<Jwt>> additional) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(security.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        validators.add(timestamps);
        validators.add(new JwtIssuerValidator(issuer));
        if (!audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<@Nullable Collection<String>>(
                    JwtClaimNames.AUD, (aud) -> aud != null && !Collections.disjoint(aud, audiences)));
        }
        validators.addAll(additional);
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static URL url(String uri) {
        try {
            return URI.create(uri).toURL();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException(
                    "Not a URL: spring.security.oauth2.resourceserver.jwt.jwk-set-uri " + uri, ex);
        }
    }

    static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
