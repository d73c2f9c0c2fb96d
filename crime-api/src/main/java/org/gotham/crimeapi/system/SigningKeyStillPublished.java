package org.gotham.crimeapi.system;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whether the key that signed an already verified token is still in Keycloak's key set as crime-api
 * knows it now: the key set cached for full verification, read without asking for a refresh (so this
 * costs no request to Keycloak, and a flood of unknown {@code kid}s, which uses up the refresh rate
 * limit, cannot make it answer "cannot tell"). A token remembered by {@link VerifiedTokenCache} stops
 * being accepted once its key is gone from that set: a key removed in Keycloak is refused within the
 * key cache's lifetime, for remembered tokens as for new ones.
 */
final class SigningKeyStillPublished implements Predicate<Jwt> {

    private final JWKSetSource<SecurityContext> keySets;

    SigningKeyStillPublished(JWKSource<SecurityContext> keys) {
        if (!(keys instanceof JWKSetBasedJWKSource<SecurityContext> cached)) {
            throw new IllegalArgumentException("Expected the key source JWKSourceBuilder makes, got " + keys);
        }
        this.keySets = cached.getJWKSetSource();
    }

    @Override
    public boolean test(Jwt jwt) {
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyType(KeyType.RSA)
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(JWSAlgorithm.RS256, null);
        if (jwt.getHeaders().get(JoseHeaderNames.KID) instanceof String kid) {
            matcher.keyID(kid);
        }
        try {
            JWKSet current =
                    this.keySets.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null);
            return !new JWKSelector(matcher.build()).select(current).isEmpty();
        } catch (KeySourceException ex) {
            // no key set can be read now (the cache expired and Keycloak cannot be reached): the token was
            // verified against the last one, which full verification also keeps using through an outage
            return true;
        }
    }
}
