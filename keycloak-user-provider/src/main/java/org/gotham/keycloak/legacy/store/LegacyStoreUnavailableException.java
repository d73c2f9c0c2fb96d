package org.gotham.keycloak.legacy.store;

import org.keycloak.models.ModelException;

/**
 * The legacy database could not answer (unreachable, timed out, misconfigured, or an SQL error).
 *
 * <p>The message is always {@value #MESSAGE}; what went wrong is in the cause, a {@link ModelException} carrying a
 * description without credentials. Keycloak 26.7 answers an uncaught one with 500 and "For more on this error consult
 * the server log." (its error handler replaces the description of every 5xx); where an admin should read the message,
 * the provider throws {@link org.gotham.keycloak.legacy.LegacyStoreUnavailableAnswer} instead.
 */
public class LegacyStoreUnavailableException extends ModelException {

    public static final String MESSAGE = "The legacy user store is unavailable";

    public LegacyStoreUnavailableException(String detail, Throwable cause) {
        super(MESSAGE, new ModelException(detail, cause));
    }

    /** What went wrong, without credentials: safe for a WARN line. */
    public String detail() {
        return getCause().getMessage();
    }
}
