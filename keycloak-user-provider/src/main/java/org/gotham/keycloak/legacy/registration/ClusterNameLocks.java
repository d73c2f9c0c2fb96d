package org.gotham.keycloak.legacy.registration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;

/**
 * A name held across the whole Keycloak cluster for as long as a request needs it, with Keycloak's own cluster-wide
 * task lock ({@link ClusterProvider#executeIfNotExecuted}, the lock its user sync takes).
 *
 * <p>That lock is held only while its task runs, and the request needs the name from one step of the registration
 * form until its session closes. So a holder thread takes the lock with a task that waits until the request lets go;
 * the request waits for the holder to say whether it got the lock, and while another node holds the name it tries
 * again every {@link #RETRY_MILLIS} ms until its deadline. A node that dies holding a name holds it at most
 * {@code leaseSeconds} more: Keycloak's lock entry expires then.
 *
 * <p>Holder threads are few and bounded ({@code maxHolders}); when all are busy a registration goes on unguarded,
 * as it does after its wait, and the legacy table's unique index still admits one row.
 */
final class ClusterNameLocks implements AutoCloseable {

    /** How long a request waits before asking again whether another node still holds the name. */
    static final long RETRY_MILLIS = 50;

    private final ThreadPoolExecutor holders;
    private final int leaseSeconds;

    ClusterNameLocks(int maxHolders, int leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
        AtomicInteger count = new AtomicInteger();
        this.holders = new ThreadPoolExecutor(0, maxHolders, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "legacy-registration-lock-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Waits up to {@code timeoutMillis} for the name across the cluster.
     *
     * @return the held name, to be closed once, or {@code null} if it was not had in time or no holder thread was free
     * @throws IllegalStateException if Keycloak's cluster lock itself failed
     */
    Held tryLock(ClusterProvider cluster, String key, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Attempt attempt = new Attempt(cluster, key);
            try {
                holders.execute(attempt);
            } catch (RejectedExecutionException e) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (attempt.awaitTaken(left)) {
                return new Held(attempt.release);
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS)));
        }
    }

    /** Lets every held name go and stops the holder threads. */
    @Override
    public void close() {
        holders.shutdownNow();
    }

    /** One try for the lock, on a holder thread; holds it until released or the lease runs out. */
    private final class Attempt implements Runnable {

        private final ClusterProvider cluster;
        private final String key;
        /** Completed true by the holder once it holds the lock, false when the lock is taken or the caller gave up. */
        private final CompletableFuture<Boolean> taken = new CompletableFuture<>();

        private final CountDownLatch release = new CountDownLatch(1);

        Attempt(ClusterProvider cluster, String key) {
            this.cluster = cluster;
            this.key = key;
        }

        @Override
        public void run() {
            try {
                ExecutionResult<Void> result = cluster.executeIfNotExecuted(key, leaseSeconds, () -> {
                    if (taken.complete(true)) {
                        release.await(leaseSeconds, TimeUnit.SECONDS);
                    }
                    return null;
                });
                if (!result.isExecuted()) {
                    taken.complete(false);
                }
            } catch (RuntimeException e) {
                taken.completeExceptionally(e);
            }
        }

        /** Whether the lock is held for the caller, waiting at most {@code nanos} for the holder to know. */
        boolean awaitTaken(long nanos) throws InterruptedException {
            try {
                return taken.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // gives up; should the holder have got the lock in the meantime, it is the caller's after all
                taken.complete(false);
                return taken.getNow(false);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Keycloak's cluster lock failed", e.getCause());
            } catch (InterruptedException e) {
                taken.complete(false);
                if (taken.getNow(false)) {
                    release.countDown();
                }
                throw e;
            }
        }
    }

    /** A name held; closing it again does nothing. */
    static final class Held implements AutoCloseable {

        private final CountDownLatch release;

        private Held(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
