package org.gotham.crimeapi.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Brakes on the old public routes that reach Keycloak: each client address (see
 * {@link ClientAddresses}) gets its own token bucket per route; past it the answer is 429 with
 * {@code Retry-After} (whole seconds until a request is granted again) and a problem body, and
 * Keycloak is not asked. Every request to the route counts, whatever its outcome.
 */
class LegacyRouteRateLimitFilter extends OncePerRequestFilter {

    private final Map<String, RateLimitProperties.Limit> limits;

    private final ClientAddresses addresses;

    private final ProblemWriter problems;

    private final Cache<String, Bucket> buckets;

    LegacyRouteRateLimitFilter(RateLimitProperties properties, ProblemWriter problems) {
        this.limits = Map.of("/users/login", properties.login(), "/users/register", properties.register());
        this.addresses = new ClientAddresses(properties.trustedProxies());
        this.problems = problems;
        Duration longest =
                properties.login().period().compareTo(properties.register().period()) > 0
                        ? properties.login().period()
                        : properties.register().period();
        // a bucket untouched for a whole period is full again: forgetting it changes nothing
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxTrackedAddresses())
                .expireAfterAccess(longest)
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !this.limits.containsKey(route(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String route = route(request);
        RateLimitProperties.Limit limit = this.limits.get(route);
        String address = this.addresses.of(request);
        Bucket bucket = this.buckets.get(route + ' ' + address, (key) -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        this.problems.write(
                request,
                response,
                429,
                "Too many requests to " + route + " from this address (at most " + limit.capacity() + " per "
                        + limit.period().toSeconds() + " s); retry after " + seconds + " s.");
    }

    private static String route(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return (context != null && !context.isEmpty() && uri.startsWith(context))
                ? uri.substring(context.length())
                : uri;
    }

    private static Bucket newBucket(RateLimitProperties.Limit limit) {
        return Bucket.builder()
                .addLimit((bandwidth) ->
                        bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }
}
