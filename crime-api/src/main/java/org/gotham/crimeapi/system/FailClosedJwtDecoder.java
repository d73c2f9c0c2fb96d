package org.gotham.crimeapi.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token we cannot check is a token we do not accept: Spring answers 500 for a {@link JwtException}
 * that is not a {@link BadJwtException} (signing keys unreachable, the JWKS fetch rate limit reached),
 * so this turns every such failure into a {@link BadJwtException}, which gives 401
 * {@code invalid_token}. Tokens whose key is cached keep working while Keycloak is down.
 */
final class FailClosedJwtDecoder implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(FailClosedJwtDecoder.class);

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final JwtDecoder delegate;

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    FailClosedJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        try {
            return this.delegate.decode(token);
        } catch (BadJwtException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            warnAtMostEvery30Seconds(ex);
            throw new BadJwtException("The token cannot be verified now: Keycloak's signing keys are unavailable", ex);
        }
    }

    private void warnAtMostEvery30Seconds(RuntimeException ex) {
        long now = System.nanoTime();
        long last = this.lastWarning.get();
        if (now - last >= LOG_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
            // the message names the cause (unreachable, rate limited), never the token
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn(
                    "Rejecting tokens that cannot be verified now ({}: {})",
                    root.getClass().getSimpleName(),
                    root.getMessage());
        }
    }
}
