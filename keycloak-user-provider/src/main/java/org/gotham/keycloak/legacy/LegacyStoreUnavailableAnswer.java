package org.gotham.keycloak.legacy;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;

/**
 * A new user refused because the legacy store cannot answer, as the admin REST API's answer: 503 with a JSON body
 * that the admin console shows in its alert ({@code errorMessage} in the title, {@code error_description} below).
 *
 * <p>A JAX-RS exception that carries its own response with an entity is sent as it is (Jakarta REST 3.1, 3.3.4).
 * Keycloak's own mapping would not do: its {@code UsersResource} turns any {@code ModelException} from a new user
 * into 400 "Could not create user", and its error handler replaces a 5xx's description with "For more on this error
 * consult the server log." and logs a stack trace. The body names the component (an admin's own name for it),
 * nothing about the database.
 */
public final class LegacyStoreUnavailableAnswer extends ServiceUnavailableException {

    static final String NEW_USER_DESCRIPTION = "No user can be created until its database answers again: whether "
            + "the name belongs to a legacy user cannot be checked.";

    private LegacyStoreUnavailableAnswer(String storeName, String description, LegacyStoreUnavailableException cause) {
        super(
                Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("errorMessage", message(storeName), "error_description", description))
                        .build(),
                cause);
    }

    /** For a new Keycloak user whose name cannot be checked against the legacy table. */
    static LegacyStoreUnavailableAnswer forNewUser(String storeName, LegacyStoreUnavailableException cause) {
        return new LegacyStoreUnavailableAnswer(storeName, NEW_USER_DESCRIPTION, cause);
    }

    /** The answer's title for the admin console, naming the component as the admin named it. */
    public static String message(String storeName) {
        return "The legacy user store '" + storeName + "' is unavailable.";
    }
}
