package org.gotham.keycloak.legacy;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * "Sync all users" refused for a WRITABLE store, as the admin REST API's answer: 400 with the JSON body the admin
 * console shows in its alert (see {@link LegacyStoreUnavailableAnswer} for why the answer carries its own response).
 * After an import the users are Keycloak's own, so what changes for them later (a password, a deletion) would no
 * longer reach the legacy table the old app still reads; READ_ONLY first makes that a decision, not an accident.
 */
final class LegacyImportRefused extends BadRequestException {

    static final String DESCRIPTION = "Set its edit mode to READ_ONLY first: imported users are Keycloak users, and "
            + "what changes for them afterwards (passwords, deletions) is no longer written to the legacy table "
            + "the old app reads.";

    LegacyImportRefused(String storeName) {
        super(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("errorMessage", message(storeName), "error_description", DESCRIPTION))
                .build());
    }

    static String message(String storeName) {
        return "The legacy user store '" + storeName + "' is WRITABLE: its users are not imported.";
    }
}
