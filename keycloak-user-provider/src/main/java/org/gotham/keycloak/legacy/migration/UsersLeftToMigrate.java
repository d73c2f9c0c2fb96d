package org.gotham.keycloak.legacy.migration;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The gauge {@code gotham_legacy_users_left{component}}: rows of the legacy table that have no Keycloak user of their
 * own yet (made by the import or by lazy migration, which both record the row's id as {@code legacy_id}, counted by
 * {@link KeycloakUserIndex#countWithLegacyId}). Counting reads the whole legacy table and Keycloak's attribute
 * index, so it never runs on a scrape: a scrape reads the last count and, if it is older than {@link #RECOUNT}, asks
 * one background thread (shared by all components) to count again. Until the first count ends the gauge is NaN; a count that fails (legacy database down) keeps the last one.
 */
public final class UsersLeftToMigrate {

    public static final String GAUGE = "gotham.legacy.users.left";
    static final Duration RECOUNT = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(UsersLeftToMigrate.class);
    private static final ExecutorService RECOUNTS = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "legacy-users-left");
        thread.setDaemon(true);
        return thread;
    });

    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;
    private final LegacyStore store;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile double left = Double.NaN;
    private volatile long countedAt = System.nanoTime() - RECOUNT.toNanos();

    private UsersLeftToMigrate(KeycloakSessionFactory sessionFactory, String realmId, LegacyStore store) {
        this.sessionFactory = sessionFactory;
        this.realmId = realmId;
        this.store = store;
    }

    /** Registers (or replaces) the gauge of a component's store. */
    public static void register(KeycloakSessionFactory sessionFactory, String realmId, LegacyStore store) {
        UsersLeftToMigrate gauge = new UsersLeftToMigrate(sessionFactory, realmId, store);
        LegacyMetrics.gauge(
                GAUGE,
                "Legacy rows without a Keycloak user of their own (recounted at most every 5 minutes)",
                store.componentId(),
                gauge::read);
    }

    private double read() {
        if (System.nanoTime() - countedAt >= RECOUNT.toNanos() && counting.compareAndSet(false, true)) {
            try {
                RECOUNTS.execute(this::recount);
            } catch (RuntimeException e) {
                counting.set(false);
            }
        }
        return left;
    }

    private void recount() {
        try {
            long rows = store.repository().countRows();
            long migrated = KeycloakModelUtils.runJobInTransactionWithResult(
                    sessionFactory,
                    session -> new KeycloakUserIndex(session, realmId, store.componentId()).countWithLegacyId());
            left = Math.max(0, rows - migrated);
        } catch (RuntimeException e) {
            LOG.debugf("Could not count the legacy users left of %s: %s", store.componentId(), e.toString());
        } finally {
            countedAt = System.nanoTime();
            counting.set(false);
        }
    }
}
