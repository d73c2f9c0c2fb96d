package org.gotham.keycloak.legacy.store;

import java.text.MessageFormat;
import org.keycloak.component.ComponentValidationException;

/**
 * The validation errors an admin reads when a federation component is saved: made here, with the text finished and
 * escaped for Keycloak's {@link MessageFormat}, and read back as the admin console shows them. Keycloak runs the
 * message through {@link MessageFormat} and would translate parameters that happen to be message keys (a table named
 * {@code users} became "Users"), so no error carries parameters.
 */
public final class ValidationErrors {

    private ValidationErrors() {}

    /**
     * A validation error for the admin console.
     *
     * @param pattern a {@link MessageFormat} pattern (quotes written as {@code ''})
     * @param values strings to fill in, used as they are
     */
    static ComponentValidationException invalid(String pattern, Object... values) {
        return validationError(MessageFormat.format(pattern, values));
    }

    /** A validation error whose message is exactly {@code text}, whatever quotes or braces it contains. */
    static ComponentValidationException validationError(String text) {
        return new ComponentValidationException(
                text.replace("'", "''").replace("{", "'{'").replace("}", "'}'"));
    }

    /** A validation error's text as the admin console shows it (Keycloak formats it with MessageFormat). */
    public static String message(ComponentValidationException e) {
        Object[] parameters = e.getParameters();
        return MessageFormat.format(e.getMessage(), parameters == null ? new Object[0] : parameters);
    }
}
