package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gotham.crimeapi.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTest {

    private static final Duration SKEW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-02-12T03:00:00Z"));

    private final AtomicInteger verifications = new AtomicInteger();

    /** A delegate that "verifies" tokens starting with "good" and rejects the rest, counting calls. */
    private JwtDecoder delegate(Function<String, Jwt> accepted) {
        return token -> {
            this.verifications.incrementAndGet();
            if (!token.startsWith("good")) {
                throw new BadJwtException("bad signature");
            }
            return accepted.apply(token);
        };
    }

    private Jwt jwt(String token, Instant expiresAt, Instant notBefore) {
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("batman")
                .issuedAt(notBefore)
                .notBefore(notBefore)
                .expiresAt(expiresAt)
                .build();
    }

    private final AtomicBoolean keyPublished = new AtomicBoolean(true);

    private VerifiedTokenCache cache(Function<String, Jwt> accepted, int maxSize) {
        return new VerifiedTokenCache(
                delegate(accepted), maxSize, Duration.ofMinutes(5), SKEW, this.clock, (jwt) -> this.keyPublished.get());
    }

    private Jwt fiveMinutes(String token) {
        return jwt(token, this.clock.instant().plusSeconds(300), this.clock.instant());
    }

    @Test
    void reusedTokenIsVerifiedOnlyOnce() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);

        Jwt first = cache.decode("good.token.sig");
        Jwt again = cache.decode("good.token.sig");
        cache.decode("good.token.sig");

        assertThat(again).isSameAs(first);
        assertThat(this.verifications).hasValue(1);
    }

    @Test
    void tokenDifferingInItsSignatureIsVerifiedAgainAndRejected() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);
        cache.decode("good.token.sig");

        assertThatThrownBy(() -> cache.decode("bad-copy-of.good.token.sig")).isInstanceOf(BadJwtException.class);
        cache.decode("good.token.sig2");

        assertThat(this.verifications).hasValue(3);
    }

    @Test
    void rememberedTokenWhoseKeyIsNoLongerPublishedIsVerifiedAgain() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);
        cache.decode("good.token.sig");
        this.keyPublished.set(false);

        cache.decode("good.token.sig");

        assertThat(this.verifications).hasValue(2);
    }

    @Test
    void rejectedTokensAreNeverRemembered() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);

        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(this.verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void expiredTokenIsNotServedFromTheCache() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);
        Jwt cached = cache.decode("good.token.sig");

        this.clock.advance(Duration.ofSeconds(301));
        Jwt decoded = cache.decode("good.token.sig");

        assertThat(this.verifications).hasValue(2);
        assertThat(decoded).isNotSameAs(cached);
    }

    @Test
    void tokenNotYetValidAtUseIsVerifiedAgain() {
        // a delegate that (wrongly) let through a token whose nbf is beyond the skew
        VerifiedTokenCache cache = cache(
                token -> jwt(
                        token,
                        this.clock.instant().plusSeconds(600),
                        this.clock.instant().plusSeconds(120)),
                100);

        cache.decode("good.token.sig");
        cache.decode("good.token.sig");

        assertThat(this.verifications).hasValue(2);
    }

    @Test
    void entryLivesNoLongerThanTheTokenNorTheMaximum() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 100);
        Instant now = this.clock.instant();

        assertThat(cache.lifetime(jwt("a", now.plusSeconds(30), now))).isEqualTo(Duration.ofSeconds(30));
        assertThat(cache.lifetime(jwt("b", now.plusSeconds(3600), now))).isEqualTo(Duration.ofMinutes(5));
        assertThat(cache.lifetime(jwt("c", now.minusSeconds(1), now.minusSeconds(100))))
                .isZero();
    }

    @Test
    void cacheHoldsAtMostMaxSizeTokens() {
        VerifiedTokenCache cache = cache(this::fiveMinutes, 10);

        for (int i = 0; i < 200; i++) {
            cache.decode("good.token." + i);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
}
