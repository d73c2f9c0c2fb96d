package org.gotham.crimeapi.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed full verification, so a client re-using its token does not pay the
 * RS256 check (~66 µs) on every request.
 * <p>
 * Safe because: the key is the whole token string (header, payload and signature), compared in full,
 * so any change to any byte is a miss and goes through full verification (the token is held in memory
 * anyway, as {@link Jwt#getTokenValue()} of the cached value); only successfully verified
 * tokens are stored; {@code exp} and {@code nbf} are checked again on every hit, and so is that the
 * signing key is still in the key set ({@code keyStillPublished}), so a key removed from Keycloak stops
 * being honoured as soon as crime-api's key cache drops it; an entry lives no longer than the token's
 * own {@code exp} nor than {@code maxTtl}; the cache is bounded to {@code maxSize}.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;

    private final Clock clock;

    private final Duration clockSkew;

    private final Duration maxTtl;

    private final Predicate<Jwt> keyStillPublished;

    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(
            JwtDecoder delegate,
            int maxSize,
            Duration maxTtl,
            Duration clockSkew,
            Clock clock,
            Predicate<Jwt> keyStillPublished) {
        this.delegate = delegate;
        this.keyStillPublished = keyStillPublished;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.maxTtl = maxTtl;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
                        return lifetime(jwt).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
                        return lifetime(jwt).toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = this.verified.getIfPresent(token);
        if (cached != null && stillValid(cached) && this.keyStillPublished.test(cached)) {
            return cached;
        }
        if (cached != null) {
            this.verified.invalidate(token);
        }
        Jwt jwt = this.delegate.decode(token);
        if (!lifetime(jwt).isZero()) {
            this.verified.put(token, jwt);
        }
        return jwt;
    }

    /** How many entries are held now (for tests and metrics). */
    long size() {
        this.verified.cleanUp();
        return this.verified.estimatedSize();
    }

    private boolean stillValid(Jwt jwt) {
        Instant now = this.clock.instant();
        Instant expiresAt = jwt.getExpiresAt();
        Instant notBefore = jwt.getNotBefore();
        return expiresAt != null
                && now.isBefore(expiresAt)
                && (notBefore == null || !now.plus(this.clockSkew).isBefore(notBefore));
    }

    Duration lifetime(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return Duration.ZERO;
        }
        Duration untilExpiry = Duration.between(this.clock.instant(), expiresAt);
        if (untilExpiry.isNegative()) {
            return Duration.ZERO;
        }
        return (untilExpiry.compareTo(this.maxTtl) < 0) ? untilExpiry : this.maxTtl;
    }
}
