package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LegacyCircuitBreakerTest {

    private static final long INTERVAL = 1_000;

    private final AtomicLong now = new AtomicLong(5_000);
    private final LegacyCircuitBreaker breaker = new LegacyCircuitBreaker(now::get, INTERVAL);

    @Test
    void letsEveryCallThroughUntilAConnectionFails() {
        assertThat(breaker.refusal()).isNull();
        breaker.succeeded();
        assertThat(breaker.refusal()).isNull();
    }

    @Test
    void refusesAtOnceWithTheLastFailureForOneIntervalAfterAConnectionFailure() {
        breaker.failed("Connection refused");

        assertThat(breaker.refusal()).isEqualTo("Connection refused");
        now.addAndGet(INTERVAL - 1);
        assertThat(breaker.refusal()).isEqualTo("Connection refused");
    }

    @Test
    void afterTheIntervalLetsOneProbeThroughWhileTheOthersAreStillRefused() {
        breaker.failed("Connection refused");
        now.addAndGet(INTERVAL);

        assertThat(breaker.refusal()).as("the probe").isNull();
        assertThat(breaker.refusal()).as("a call during the probe").isEqualTo("Connection refused");
    }

    @Test
    void aSuccessfulProbeClosesTheBreaker() {
        breaker.failed("Connection refused");
        now.addAndGet(INTERVAL);
        assertThat(breaker.refusal()).isNull();

        breaker.succeeded();

        assertThat(breaker.refusal()).isNull();
        assertThat(breaker.refusal()).isNull();
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherInterval() {
        breaker.failed("Connection refused");
        now.addAndGet(INTERVAL);
        assertThat(breaker.refusal()).isNull();

        breaker.failed("Connection timed out");

        assertThat(breaker.refusal()).isEqualTo("Connection timed out");
        now.addAndGet(INTERVAL);
        assertThat(breaker.refusal()).as("the next probe").isNull();
    }

    @Test
    void anInconclusiveProbeLeavesTheBreakerOpenAndLetsTheNextCallProbe() {
        breaker.failed("Connection refused");
        now.addAndGet(INTERVAL);
        assertThat(breaker.refusal()).as("the probe").isNull();

        breaker.inconclusive();

        assertThat(breaker.refusal()).as("the next probe").isNull();
        assertThat(breaker.refusal()).as("a call during it").isEqualTo("Connection refused");
    }

    @Test
    void anInconclusiveCallDoesNotOpenAClosedBreaker() {
        assertThat(breaker.refusal()).isNull();

        breaker.inconclusive();

        assertThat(breaker.refusal()).isNull();
    }
}
