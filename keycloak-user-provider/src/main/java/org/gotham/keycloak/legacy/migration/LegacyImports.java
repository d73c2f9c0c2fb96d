package org.gotham.keycloak.legacy.migration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * The bulk import's entry point for the factory, which owns one: runs imports ({@link LegacyUserImport}) in the
 * background, one at a time per component across the cluster, remembers each component's latest run for the status
 * endpoint, and runs the dry run and the migration report in the caller's thread.
 *
 * <p>Why in the background: Keycloak cancels an admin request's transaction after 300 s, and a million users take
 * longer than that, so an import that ran inside the request would be reported as failed (400 "UnknownError") while
 * it went on and succeeded. "Sync all users" therefore starts the import on a thread of its own and waits for it a
 * little ({@link #IN_REQUEST_WAIT}): a table that is done by then answers with its counts, as before; a larger one
 * answers at once that it runs in the background, and the log and the status endpoint follow it.
 *
 * <p>Why once: a second click while an import runs must not start another. On one node the latest run says so; across
 * nodes, the run holds Keycloak's cluster-wide task lock ({@link ClusterProvider#executeIfNotExecuted}, the lock
 * Keycloak's own sync takes, under a key of ours that outlives Keycloak's 30-second one) for as long as it runs. If
 * the node running it dies, the lock lapses after {@link #LOCK_TIMEOUT}; then a new run completes the rest.
 */
public final class LegacyImports implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LegacyImports.class);

    /** How long "Sync all users" waits for the import to end before answering that it runs in the background. */
    static final Duration IN_REQUEST_WAIT = Duration.ofSeconds(20);
    /** How long a dead node's lock keeps other nodes from importing: longer than a million users take. */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(60);

    private final Map<String, ImportProgress> latest = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(new ThreadFactoryWithNames());

    /**
     * "Sync all users": starts an import of the component's legacy users from {@code store} unless one runs, waits for
     * it up to {@link #IN_REQUEST_WAIT}, and says what the console should show.
     */
    public SynchronizationResult sync(
            KeycloakSessionFactory sessionFactory,
            String realmId,
            ComponentModel model,
            LegacyStore store,
            LegacyPasswordHasher hasher) {
        return sync(
                sessionFactory,
                model,
                new LegacyUserImport(sessionFactory, realmId, model, store, hasher),
                IN_REQUEST_WAIT);
    }

    /**
     * Starts an import of the component unless one runs, waits for it up to {@code wait}, and says what the console
     * should show.
     */
    SynchronizationResult sync(
            KeycloakSessionFactory sessionFactory, ComponentModel model, LegacyUserImport job, Duration wait) {
        ImportProgress progress = new ImportProgress(false);
        ImportProgress current = latest.compute(
                model.getId(),
                (id, previous) ->
                        previous != null && previous.state() == ImportProgress.State.RUNNING ? previous : progress);
        if (current != progress) {
            return notice(current, model, "An import of this legacy user store is already running");
        }
        LegacyMetrics.gauge(
                "gotham.legacy.import.rows.processed",
                "Rows the running (or last) import of this component has gone through",
                model.getId(),
                progress::processed);
        LegacyMetrics.gauge(
                "gotham.legacy.import.rows.expected",
                "Rows the running (or last) import of this component found when it started",
                model.getId(),
                () -> Math.max(0, progress.total()));
        executor.execute(() -> runOnce(sessionFactory, model, job, progress));
        try {
            progress.await(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return switch (progress.state()) {
            case DONE -> progress.result();
            case ALREADY_RUNNING ->
                notice(progress, model, "An import of this legacy user store is already running on another node");
            case FAILED ->
                new Notice(progress.problem() + "; what was imported stays, and the next run imports the rest");
            case RUNNING -> notice(progress, model, "The import goes on in the background");
        };
    }

    /** The latest run of this component on this node as the status endpoint shows it, or null if none ran here. */
    public Map<String, Object> status(String componentId) {
        ImportProgress progress = latest.get(componentId);
        return progress == null ? null : progress.toMap();
    }

    /**
     * What an import would do now, row by row as the import decides it, without writing anything: the same walk and
     * the same plan, counted. Runs in the caller's thread.
     *
     * @throws LegacyStoreUnavailableException if the legacy table cannot be read
     */
    public Map<String, Object> dryRun(
            KeycloakSessionFactory sessionFactory,
            String realmId,
            ComponentModel model,
            LegacyStore store,
            LegacyPasswordHasher hasher) {
        ImportProgress progress = new ImportProgress(true);
        new LegacyUserImport(sessionFactory, realmId, model, store, hasher).run(progress);
        progress.done();
        return progress.toMap();
    }

    /**
     * Where the migration stands ({@link LegacyMigrationReport}), with this node's latest import, from a few aggregate
     * queries (never a query per row).
     *
     * @throws LegacyStoreUnavailableException if the legacy table cannot be read
     */
    public Map<String, Object> report(
            KeycloakSession session, RealmModel realm, ComponentModel model, LegacyStore store) {
        return LegacyMigrationReport.of(
                store.repository(),
                new KeycloakUserIndex(session, realm.getId(), model.getId()),
                status(model.getId()),
                store.passwordSchemes());
    }

    private void runOnce(
            KeycloakSessionFactory sessionFactory,
            ComponentModel model,
            LegacyUserImport job,
            ImportProgress progress) {
        KeycloakSession session = sessionFactory.create();
        try {
            ExecutionResult<Boolean> result = session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(lockKey(model), (int) LOCK_TIMEOUT.toSeconds(), () -> {
                        job.run(progress);
                        return true;
                    });
            if (!result.isExecuted()) {
                LOG.infof(
                        "Did not import the users of legacy user store '%s' (%s): an import runs on another node",
                        model.getName(), model.getId());
                progress.alreadyRunning();
                return;
            }
            progress.done();
        } catch (LegacyStoreUnavailableException e) {
            LOG.warnf(
                    "Could not import the users of legacy user store '%s' (%s); what was imported stays, the next run "
                            + "imports the rest: %s",
                    model.getName(), model.getId(), e.detail());
            progress.failed("The legacy database is unavailable: " + e.detail());
        } catch (RuntimeException | Error e) {
            LOG.errorf(
                    e,
                    "The import of legacy user store '%s' (%s) stopped; what was imported stays, the next run imports "
                            + "the rest",
                    model.getName(),
                    model.getId());
            progress.failed("The import stopped: " + e.getClass().getSimpleName());
        } finally {
            session.close();
        }
    }

    static String lockKey(ComponentModel model) {
        return "legacy-user-import::" + model.getId();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Notice notice(ImportProgress progress, ComponentModel model, String what) {
        return new Notice(String.format(
                "%s (%d of %d rows so far); the server log shows its progress, and GET "
                        + "/admin/realms/{realm}/legacy-migration/%s/import its status",
                what, progress.processed(), Math.max(0, progress.total()), model.getId()));
    }

    /**
     * What the console shows when the import has not simply ended within the request: a notice with how far it got
     * and where to follow it. Keycloak shows an "ignored" result's status as a warning, not as an error.
     */
    static final class Notice extends SynchronizationResult {

        private final String status;

        Notice(String status) {
            setIgnored(true);
            this.status = status;
        }

        @Override
        public String getStatus() {
            return status;
        }
    }

    private static final class ThreadFactoryWithNames implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "legacy-user-import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
