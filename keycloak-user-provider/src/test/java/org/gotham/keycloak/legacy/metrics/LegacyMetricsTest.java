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
        // a component of this test's own: other tests of the run count sign-ins in the same global registry
        String component = "metrics-test-" + java.util.UUID.randomUUID();
        LegacyMetrics.signIn(component, LegacyMetrics.SignIn.MATCH);
        LegacyMetrics.signIn(component, LegacyMetrics.SignIn.MATCH);
        LegacyMetrics.signIn(component, LegacyMetrics.SignIn.UNKNOWN_NAME);

        assertThat(registry.get("gotham.legacy.sign.ins")
                        .tag("component", component)
                        .tag("outcome", "match")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("gotham.legacy.sign.ins")
                        .tag("component", component)
                        .tag("outcome", "unknown_name")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aGaugeRegisteredAgainReadsItsNewSourceAndNaNOnceRemoved() {
        String component = "metrics-test-" + java.util.UUID.randomUUID();
        AtomicInteger first = new AtomicInteger(1);
        AtomicInteger second = new AtomicInteger(7);
        LegacyMetrics.gauge("gotham.test.gauge", "test", component, first::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", component)
                        .gauge()
                        .value())
                .isEqualTo(1);

        LegacyMetrics.gauge("gotham.test.gauge", "test", component, second::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", component)
                        .gauge()
                        .value())
                .isEqualTo(7);

        LegacyMetrics.removeGauge("gotham.test.gauge", component);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", component)
                        .gauge()
                        .value())
                .isNaN();

        LegacyMetrics.gauge("gotham.test.gauge", "test", component, first::get);
        assertThat(registry.get("gotham.test.gauge")
                        .tag("component", component)
                        .gauge()
                        .value())
                .isEqualTo(1);
    }
}
