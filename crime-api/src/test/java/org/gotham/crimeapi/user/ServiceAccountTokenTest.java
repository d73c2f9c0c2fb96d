package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.crimeapi.support.MutableClock;
import org.junit.jupiter.api.Test;

class ServiceAccountTokenTest {

    private final MutableClock clock = new MutableClock();

    private final AtomicInteger fetches = new AtomicInteger();

    private ServiceAccountToken token(Duration lifetime) {
        return new ServiceAccountToken(
                () -> new ServiceAccountToken.Issued("token-" + this.fetches.incrementAndGet(), lifetime),
                Duration.ofSeconds(30),
                this.clock);
    }

    @Test
    void tokenIsReusedUntilTheMarginBeforeItExpires() {
        ServiceAccountToken token = token(Duration.ofMinutes(5));

        assertThat(token.get()).isEqualTo("token-1");
        this.clock.advance(Duration.ofSeconds(269));
        assertThat(token.get()).isEqualTo("token-1");
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(token.get()).isEqualTo("token-2");
        assertThat(this.fetches).hasValue(2);
    }

    @Test
    void shortLivedTokenIsStillReusedForHalfItsLifetime() {
        ServiceAccountToken token = token(Duration.ofSeconds(20));

        assertThat(token.get()).isEqualTo("token-1");
        this.clock.advance(Duration.ofSeconds(9));
        assertThat(token.get()).isEqualTo("token-1");
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(token.get()).isEqualTo("token-2");
    }

    @Test
    void invalidatedTokenIsFetchedAgainButANewerOneIsKept() {
        ServiceAccountToken token = token(Duration.ofMinutes(5));
        String first = token.get();
        token.invalidate(first);
        String second = token.get();

        token.invalidate(first);

        assertThat(second).isEqualTo("token-2");
        assertThat(token.get()).isEqualTo("token-2");
    }
}
