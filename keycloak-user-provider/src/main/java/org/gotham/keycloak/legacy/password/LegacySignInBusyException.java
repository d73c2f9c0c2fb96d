package org.gotham.keycloak.legacy.password;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A sign-in refused because too many password checks are waiting for a bcrypt slot: nothing about the user or the
 * password is known, so it must not count as a failed login.
 *
 * <p>Thrown from inside Keycloak's authenticators (the password check, or the lookup of an unknown name that pays for a
 * dummy check). An exception there never reaches the step that records a failure for brute-force detection; a JAX-RS
 * exception that carries its own response is sent as it is (Jakarta REST 3.1, 3.3.4), so the token endpoint answers
 * {@code 429 Too Many Requests} with {@code Retry-After} and the OAuth error {@code temporarily_unavailable}, the code
 * OAuth has for "try again later". Keycloak's own 503 is left for its HTTP queue limit; a refusal here is the client's
 * to retry. The realm's login form ({@link org.gotham.keycloak.legacy.authentication.LegacyUsernamePasswordForm})
 * catches it and shows the form again with {@link #MESSAGE}.
 */
public final class LegacySignInBusyException extends WebApplicationException {

    public static final String ERROR = "temporarily_unavailable";
    public static final String MESSAGE = "Too many sign-ins are being checked right now. Please try again in a moment.";
    /** Seconds a client should wait: about what one check at the default cost takes with a full queue. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /** The HTTP status of the refusal (Jakarta REST 3.1 has no constant for it). */
    public static final int TOO_MANY_REQUESTS = 429;

    public LegacySignInBusyException() {
        super(
                MESSAGE,
                Response.status(TOO_MANY_REQUESTS)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .entity(Map.of("error", ERROR, "error_description", MESSAGE))
                        .build());
    }
}
