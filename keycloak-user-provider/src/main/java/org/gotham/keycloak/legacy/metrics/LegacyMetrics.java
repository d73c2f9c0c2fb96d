package org.gotham.keycloak.legacy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * The provider's metrics, on Keycloak's metrics endpoint ({@code --metrics-enabled=true}, management port,
 * {@code /metrics}): Keycloak's Micrometer registry is the global one, which this class registers in. Names as
 * Prometheus shows them:
 *
 * <ul>
 *   <li>{@code gotham_legacy_sign_ins_total{component,outcome}}: legacy password checks by {@link SignIn outcome};
 *   <li>{@code gotham_legacy_password_check_wait_seconds} and {@code gotham_legacy_password_check_seconds}:
 *       histograms of the wait for a bcrypt slot and of the check itself (with its padding), for the whole Keycloak;
 *   <li>{@code gotham_legacy_store_up{component}}: 1 while the legacy database answers, 0 while the circuit breaker
 *       holds it down;
 *   <li>{@code hikaricp_connections_*{pool}}: the connection pool, from Hikari's own Micrometer binding;
 *   <li>{@code gotham_legacy_rows_written_total{component,change}} ({@code created}, {@code password},
 *       {@code deleted}), {@code gotham_legacy_rehashes_total{component}},
 *       {@code gotham_legacy_lazy_migrations_total{component}};
 *   <li>{@code gotham_legacy_import_rows_processed{component}} and {@code gotham_legacy_import_rows_expected} of the
 *       running (or last) import, and {@code gotham_legacy_users_left{component}}, rows without a Keycloak user of
 *       their own, recounted in the background at most every few minutes (never on a scrape).
 * </ul>
 *
 * The component tag is the component's name in the admin console. Nothing here can fail a sign-in: a metric that
 * cannot be recorded is skipped.
 */
public final class LegacyMetrics {

    /** What a legacy sign-in's password check found. */
    public enum SignIn {
        MATCH,
        MISMATCH,
        /** The name has no row: the dummy check that makes it cost as much as a known name. */
        UNKNOWN_NAME,
        UNUSABLE_HASH,
        STORE_UNAVAILABLE,
        /** Refused before any check: no bcrypt slot in time (HTTP 429). */
        BUSY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<String, AtomicReference<DoubleSupplier>> GAUGES = new ConcurrentHashMap<>();

    private LegacyMetrics() {}

    static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    public static void signIn(String component, SignIn outcome) {
        Counter.builder("gotham.legacy.sign.ins")
                .description("Legacy password checks by outcome")
                .tag("component", component)
                .tag("outcome", outcome.tag())
                .register(registry())
                .increment();
    }

    /** One bcrypt check: how long it waited for a slot and how long it ran (with its padding). */
    public static void passwordCheck(long waitNanos, long checkNanos) {
        timer("gotham.legacy.password.check.wait", "Time a legacy password check waited for a bcrypt slot")
                .record(Duration.ofNanos(waitNanos));
        timer("gotham.legacy.password.check", "Time a legacy password check ran (bcrypt with its padding)")
                .record(Duration.ofNanos(checkNanos));
    }

    /** A check refused before running: only its wait is recorded. */
    public static void passwordCheckRefused(long waitNanos) {
        timer("gotham.legacy.password.check.wait", "Time a legacy password check waited for a bcrypt slot")
                .record(Duration.ofNanos(waitNanos));
    }

    public static void rowWritten(String component, String change) {
        Counter.builder("gotham.legacy.rows.written")
                .description("Rows the provider wrote to the legacy table")
                .tag("component", component)
                .tag("change", change)
                .register(registry())
                .increment();
    }

    public static void rehash(String component) {
        Counter.builder("gotham.legacy.rehashes")
                .description("Legacy hashes rewritten at the configured cost after a sign-in")
                .tag("component", component)
                .register(registry())
                .increment();
    }

    public static void lazyMigration(String component) {
        Counter.builder("gotham.legacy.lazy.migrations")
                .description("Legacy users made Keycloak users at their sign-in")
                .tag("component", component)
                .register(registry())
                .increment();
    }

    /**
     * A gauge of this component, read from {@code value} at each scrape; registering the same name and component
     * again replaces the source (a component whose configuration changed gets a new store). The gauge itself is
     * registered once and never removed: Keycloak's Prometheus registry does not export a meter registered again
     * after a removal.
     */
    public static void gauge(String name, String description, String component, DoubleSupplier value) {
        GAUGES.computeIfAbsent(name + "\u0000" + component, key -> {
                    AtomicReference<DoubleSupplier> source = new AtomicReference<>(value);
                    Gauge.builder(name, () -> source.get().getAsDouble())
                            .description(description)
                            .tag("component", component)
                            .strongReference(true)
                            .register(registry());
                    return source;
                })
                .set(value);
    }

    /** A component's gauge reads NaN from now on (its store closed), until a new source is given. */
    public static void removeGauge(String name, String component) {
        AtomicReference<DoubleSupplier> source = GAUGES.get(name + "\u0000" + component);
        if (source != null) {
            source.set(() -> Double.NaN);
        }
    }

    /** HikariCP's own Micrometer binding, into Keycloak's registry. */
    public static com.zaxxer.hikari.metrics.MetricsTrackerFactory hikari() {
        return new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry());
    }

    private static Timer timer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry());
    }
}
