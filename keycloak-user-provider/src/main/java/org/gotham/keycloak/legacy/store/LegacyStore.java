package org.gotham.keycloak.legacy.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.keycloak.component.ComponentValidationException;

/**
 * What the factory keeps for one federation component: its config, its connection pool and repository, and the
 * memory of which warnings were already logged. Lives from the component's first use until it changes or goes.
 *
 * <p>The store package's entry point: {@link #open} a component's store, {@link #validate} a configuration before it
 * is saved, and reach the table through {@link #repository}.
 */
public final class LegacyStore implements AutoCloseable {

    /** The store's gauge (see {@link LegacyMetrics}). */
    static final String STORE_UP = "gotham.legacy.store.up";

    /** During an outage every sign-in fails; one WARN line per this interval says so, the rest go to DEBUG. */
    static final long OUTAGE_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Bounds the warn-once memory, so a table full of bad rows cannot grow it without end. */
    static final int MAX_REMEMBERED_WARNINGS = 10_000;

    private final String componentId;
    private final LegacyStoreConfig config;
    private final String problem;
    private final HikariDataSource pool;
    private final LegacyUserRepository repository;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastOutageWarning = new AtomicLong(System.nanoTime() - OUTAGE_WARNING_INTERVAL_NANOS);

    private LegacyStore(String componentId, LegacyStoreConfig config, String problem) {
        this.componentId = componentId;
        this.config = config;
        this.problem = problem;
        this.pool = config == null ? null : LegacyConnections.pool(componentId, config);
        this.repository = pool == null ? null : new LegacyUserRepository(pool, config);
        LegacyMetrics.gauge(
                STORE_UP,
                "1 while the legacy database answers, 0 while the provider refuses to try it",
                componentId,
                () -> repository != null && repository.reachable() ? 1 : 0);
    }

    /** A store with a pool; the pool connects on first use. */
    public static LegacyStore open(String componentId, LegacyStoreConfig config) {
        return new LegacyStore(componentId, config, null);
    }

    /** A store whose configuration cannot work (e.g. an imported realm that was never validated). */
    public static LegacyStore misconfigured(String componentId, String problem) {
        return new LegacyStore(componentId, null, problem);
    }

    /**
     * Rejects a configuration that cannot work, with a message for the admin: an unreachable database (after a few
     * seconds), a missing table or column, or (WRITABLE) a database user who may not change the table. Opens one
     * connection outside any pool and closes it; never mentions the password.
     *
     * @throws ComponentValidationException saying what is wrong, as {@link ValidationErrors} writes it
     */
    public static void validate(LegacyStoreConfig config) {
        try (Connection connection = LegacyConnections.open(config, LegacyConnections.VALIDATION_TIMEOUT_SECONDS)) {
            LegacyUserRepository.verifySchema(connection, config);
            if (config.isWritable()) {
                LegacyUserRepository.verifyWritable(connection, config);
            }
        } catch (SQLException e) {
            throw ValidationErrors.validationError(LegacyConnections.describeFailure(config, e));
        }
    }

    public String componentId() {
        return componentId;
    }

    /** The configuration, or {@code null} if misconfigured. */
    public LegacyStoreConfig config() {
        return config;
    }

    /** The configured bcrypt cost, or the default if misconfigured: what a check against no usable hash spends. */
    public int bcryptCost() {
        return config == null ? LegacyStoreConfig.DEFAULT_BCRYPT_COST : config.bcryptCost();
    }

    /** The schemes that sign in and the one written; bcrypt alone if misconfigured. */
    public PasswordSchemes passwordSchemes() {
        return config == null ? PasswordSchemes.BCRYPT_ONLY : config.passwordSchemes();
    }

    /** How long a password check waits for a bcrypt slot; the default if misconfigured. */
    public Duration passwordCheckWait() {
        return config == null ? LegacyPasswordHasher.DEFAULT_MAX_WAIT : config.passwordCheckWait();
    }

    /** @throws LegacyStoreUnavailableException if the configuration cannot work */
    public LegacyUserRepository repository() {
        if (repository == null) {
            throw new LegacyStoreUnavailableException("The configuration is invalid: " + problem, null);
        }
        return repository;
    }

    /** True the first time a warning with this key is asked about (and always once the memory is full). */
    public boolean firstWarning(String key) {
        return warned.size() >= MAX_REMEMBERED_WARNINGS ? false : warned.add(key);
    }

    /** True if no outage WARN was logged in the last interval; claims the slot. */
    public boolean outageWarningDue() {
        long now = System.nanoTime();
        long last = lastOutageWarning.get();
        return now - last >= OUTAGE_WARNING_INTERVAL_NANOS && lastOutageWarning.compareAndSet(last, now);
    }

    public boolean matches(LegacyStoreConfig other) {
        return config != null && config.equals(other);
    }

    public boolean isClosed() {
        return pool == null || pool.isClosed();
    }

    @Override
    public void close() {
        LegacyMetrics.removeGauge(STORE_UP, componentId);
        if (pool != null) {
            pool.close();
        }
    }
}
