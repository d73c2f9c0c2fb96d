package org.gotham.crimeapi.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The service account's access token, fetched once and reused until shortly before it expires, so a
 * burst of registrations costs Keycloak one client-credentials grant, not one each. One fetch at a
 * time: callers arriving during a fetch wait for its result.
 */
final class ServiceAccountToken {

    /** A token as the token endpoint issued it. */
    record Issued(String value, Duration lifetime) {

        @Override
        public String toString() {
            return "Issued[lifetime=" + this.lifetime + "]";
        }
    }

    private record Cached(String value, Instant refreshAt) {}

    private final Supplier<Issued> fetch;

    private final Duration refreshMargin;

    private final Clock clock;

    private final Object lock = new Object();

    private volatile @Nullable Cached cached;

    ServiceAccountToken(Supplier<Issued> fetch, Duration refreshMargin, Clock clock) {
        this.fetch = fetch;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /** A token valid for a while yet; fetched when there is none or the cached one is about to expire. */
    String get() {
        Cached current = this.cached;
        if (current != null && this.clock.instant().isBefore(current.refreshAt())) {
            return current.value();
        }
        synchronized (this.lock) {
            current = this.cached;
            Instant now = this.clock.instant();
            if (current != null && now.isBefore(current.refreshAt())) {
                return current.value();
            }
            Issued issued = this.fetch.get();
            // never more than half the lifetime early, so a short-lived token is still reused
            Duration margin = this.refreshMargin.compareTo(issued.lifetime().dividedBy(2)) < 0
                    ? this.refreshMargin
                    : issued.lifetime().dividedBy(2);
            this.cached = new Cached(issued.value(), now.plus(issued.lifetime()).minus(margin));
            return issued.value();
        }
    }

    /** Forgets {@code value} (Keycloak refused it: restarted, key rotated), unless a newer one replaced it. */
    void invalidate(String value) {
        synchronized (this.lock) {
            Cached current = this.cached;
            if (current != null && current.value().equals(value)) {
                this.cached = null;
            }
        }
    }
}
