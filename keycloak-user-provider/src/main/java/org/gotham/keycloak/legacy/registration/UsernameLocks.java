package org.gotham.keycloak.legacy.registration;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One lock per name, striped: a fixed number of semaphores, a name always maps to the same one, and two names that
 * share a stripe only wait for each other. Semaphores rather than locks, because a permit is given back when the
 * Keycloak session closes, which need not be on the thread that took it.
 */
final class UsernameLocks {

    private final Semaphore[] stripes;

    UsernameLocks(int stripes) {
        if (stripes <= 0) {
            throw new IllegalArgumentException("stripes must be positive");
        }
        this.stripes = new Semaphore[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Semaphore(1, true);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for the name's lock.
     *
     * @return the held lock, to be closed once, or {@code null} if it was not had in time
     */
    Held tryLock(String name, long timeoutMillis) throws InterruptedException {
        Semaphore stripe = stripes[Math.floorMod(name.hashCode(), stripes.length)];
        return stripe.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS) ? new Held(stripe) : null;
    }

    /** A lock held; closing it again does nothing. */
    static final class Held implements AutoCloseable {

        private Semaphore stripe;

        private Held(Semaphore stripe) {
            this.stripe = stripe;
        }

        @Override
        public synchronized void close() {
            if (stripe != null) {
                stripe.release();
                stripe = null;
            }
        }
    }
}
