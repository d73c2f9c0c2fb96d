package org.gotham.keycloak.legacy;

import org.keycloak.models.ModelException;

/**
 * The legacy database could not answer (unreachable, timed out, misconfigured, or an SQL error).
 *
 * <p>The message is always {@value #MESSAGE}; what went wrong is in the cause, a {@link ModelException} carrying a
 * description without credentials. The cause being a {@code ModelException} is deliberate: Keycloak's error handler
 * then puts this exception's message into the JSON error's {@code error_description}, so the admin console shows it.
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
