package org.gotham.crimeapi.system;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client-address limits of the old {@code POST /users/login} and {@code POST /users/register}
 * routes ({@code gotham.rate-limit.*}). Each route has its own bucket per address: {@code capacity}
 * requests at once, refilled at {@code capacity} per {@code period}.
 *
 * @param enabled false turns the limits off (a benchmark, say)
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For}
 * is believed; empty (the default): the header is ignored and the connection's address counts
 * @param maxTrackedAddresses at most this many address buckets are kept (least recently used go)
 * @param login the limit of {@code /users/login}
 * @param register the limit of {@code /users/register}
 */
@ConfigurationProperties("gotham.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("100000") int maxTrackedAddresses,
        @Nullable Limit login,
        @Nullable Limit register) {

    /** Ten sign-ins at once per address, ten more a minute. */
    static final Limit DEFAULT_LOGIN = new Limit(10, Duration.ofMinutes(1));

    /** Five registrations at once per address, five more every ten minutes. */
    static final Limit DEFAULT_REGISTER = new Limit(5, Duration.ofMinutes(10));

    RateLimitProperties {
        login = (login != null) ? login : DEFAULT_LOGIN;
        register = (register != null) ? register : DEFAULT_REGISTER;
        if (maxTrackedAddresses < 1) {
            throw new IllegalStateException("gotham.rate-limit.max-tracked-addresses must be at least 1");
        }
    }

    /**
     * @param capacity requests allowed at once (at least 1)
     * @param period the time in which {@code capacity} requests are granted again
     */
    record Limit(int capacity, Duration period) {

        Limit {
            if (capacity < 1 || period == null || period.isZero() || period.isNegative()) {
                throw new IllegalStateException(
                        "a gotham.rate-limit limit needs a capacity of at least 1 and a positive period");
            }
        }
    }
}
