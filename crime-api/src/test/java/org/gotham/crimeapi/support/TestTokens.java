package org.gotham.crimeapi.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Real RS256 tokens shaped like Keycloak's access tokens for the {@code gotham} realm, signed with a
 * key generated for the test run.
 */
public final class TestTokens {

    public static final String REALM_KID = "realm-key-1";

    private static final RSAKey REALM_KEY = generate(REALM_KID);

    private final String issuer;

    public TestTokens(String issuer) {
        this.issuer = issuer;
    }

    public static RSAKey realmKey() {
        return REALM_KEY;
    }

    public static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Claims of a valid token for a user with these crime-api roles: 5 minutes left. */
    public JWTClaimsSet.Builder claims(String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(this.issuer)
                .subject(UUID.randomUUID().toString())
                .audience(List.of("crime-api", "account"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("azp", "crime-cli")
                .claim("preferred_username", "batman")
                .claim("typ", "Bearer")
                .claim("resource_access", Map.of("crime-api", Map.of("roles", List.of(roles))));
    }

    public String valid(String... roles) {
        return sign(REALM_KEY, claims(roles).build());
    }

    public String with(Consumer<JWTClaimsSet.Builder> change, String... roles) {
        JWTClaimsSet.Builder builder = claims(roles);
        change.accept(builder);
        return sign(REALM_KEY, builder.build());
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, JWSAlgorithm.RS256, claims);
    }

    public static String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
