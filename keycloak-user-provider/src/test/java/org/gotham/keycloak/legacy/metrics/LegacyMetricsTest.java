package org.gotham.keycloak.legacy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LegacyMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void signInsAreCountedByComponentAndOutcome() {
        LegacyMetrics.signIn("c1", LegacyMetrics.SignIn.MATCH);
        LegacyMetrics.signIn("c1", LegacyMetrics.SignIn.MATCH);
        LegacyMetrics.signIn("c1", LegacyMetrics.SignIn.UNKNOWN_NAME);

        assertThat(registry.get("gotham.legacy.sign.ins")
                        .tag("component", "c1")
                        .tag("outcome", "match")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("gotham.legacy.sign.ins")
                        .tag("outcome", "unknown_name")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aGaugeRegisteredAgainReadsItsNewSourceAndNaNOnceRemoved() {
        AtomicInteger first = new AtomicInteger(1);
        AtomicInteger second = new AtomicInteger(7);
        LegacyMetrics.gauge("gotham.test.gauge", "test", "c2", first::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", "c2")
                        .gauge()
                        .value())
                .isEqualTo(1);

        LegacyMetrics.gauge("gotham.test.gauge", "test", "c2", second::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", "c2")
                        .gauge()
                        .value())
                .isEqualTo(7);

        LegacyMetrics.removeGauge("gotham.test.gauge", "c2");
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", "c2")
                        .gauge()
                        .value())
                .isNaN();

        LegacyMetrics.gauge("gotham.test.gauge", "test", "c2", first::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", "c2")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }
}
