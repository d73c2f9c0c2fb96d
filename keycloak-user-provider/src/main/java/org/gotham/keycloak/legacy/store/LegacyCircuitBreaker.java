package org.gotham.keycloak.legacy.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fails fast while the legacy database is known to be unreachable. After a connection failure, calls are refused at
 * once for {@link #OPEN_NANOS}; then one call (the probe) may try to connect while the others are still refused; its
 * success closes the breaker, its failure opens it for another interval. So during an outage a lookup costs nothing
 * most of the time, instead of a full connection timeout each, and once the database is back the first probe after
 * at most one interval lets every call through again.
 */
final class LegacyCircuitBreaker {

    /** How long calls are refused after a connection failure before one may try again. */
    static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier clock;
    private final long openNanos;
    private boolean open;
    private boolean probing;
    private long openedAt;
    private String lastFailure;

    LegacyCircuitBreaker() {
        this(System::nanoTime, OPEN_NANOS);
    }

    LegacyCircuitBreaker(LongSupplier clock, long openNanos) {
        this.clock = clock;
        this.openNanos = openNanos;
    }

    /**
     * Null if the call may try to connect (then it must report {@link #succeeded} or {@link #failed}); else why not:
     * the last connection failure, without credentials.
     */
    synchronized String refusal() {
        if (!open) {
            return null;
        }
        if (!probing && clock.getAsLong() - openedAt >= openNanos) {
            probing = true;
            return null;
        }
        return lastFailure;
    }

    /** Whether calls are being refused now (the last connection failed and no probe succeeded since). */
    synchronized boolean isOpen() {
        return open;
    }

    synchronized void succeeded() {
        open = false;
        probing = false;
    }

    /**
     * The call could not say whether the database is reachable (it waited for a busy pool): a probe ends without a
     * verdict, so the next call after it may probe again; the breaker stays as it was.
     */
    synchronized void inconclusive() {
        probing = false;
    }

    /** @param detail what went wrong, without credentials */
    synchronized void failed(String detail) {
        open = true;
        probing = false;
        openedAt = clock.getAsLong();
        lastFailure = detail;
    }
}
