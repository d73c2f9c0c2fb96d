package org.gotham.crimeapi.user;

import java.util.List;
import java.util.Map;

/**
 * Keycloak's user profile errors arrive as message keys with parameters ({@code error-invalid-length}
 * with {@code ["username", 3, 255]}), which Keycloak's own pages translate. The ones a registration
 * meets are rendered in English here; any other key is passed on as it came.
 */
final class KeycloakMessages {

    /** Templates for Keycloak's parameters; {@code {0}} is the attribute, the rest the validator's. */
    private static final Map<String, String> ENGLISH = Map.of(
            "error-invalid-length",
            "must be between {1} and {2} characters long",
            "error-invalid-length-too-short",
            "must be at least {1} characters long",
            "error-invalid-length-too-long",
            "must be at most {2} characters long",
            "error-username-invalid-character",
            "contains a character Keycloak does not allow in usernames",
            "error-person-name-invalid-character",
            "contains a character Keycloak does not allow in names",
            "error-invalid-value",
            "is not valid",
            "error-pattern-no-match",
            "is not valid",
            "error-user-attribute-required",
            "is required",
            "missingUsernameMessage",
            "is required");

    private KeycloakMessages() {}

    /** The message for a field: English where known, else the key and its parameters as Keycloak sent them. */
    static String render(String key, List<String> params) {
        String template = ENGLISH.get(key);
        if (template == null) {
            List<String> own = (params.size() > 1) ? params.subList(1, params.size()) : List.of();
            return own.isEmpty() ? key : key + " " + own;
        }
        String text = template;
        for (int i = 0; i < params.size(); i++) {
            text = text.replace("{" + i + "}", params.get(i));
        }
        return text;
    }
}
