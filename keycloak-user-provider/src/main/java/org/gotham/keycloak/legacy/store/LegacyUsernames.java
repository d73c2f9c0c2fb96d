package org.gotham.keycloak.legacy.store;

import java.util.Locale;

/**
 * What makes a name a username Keycloak may write into the legacy table. Pure logic: Keycloak's user profile usually
 * refuses such names first; this is the last check before a row is written, whoever called.
 */
public final class LegacyUsernames {

    /** The legacy column is VARCHAR(255) on MariaDB; Keycloak's own usernames are at most 255 characters too. */
    public static final int MAX_LENGTH = 255;

    private LegacyUsernames() {}

    /** Why {@code name} cannot be written as a new legacy username, as a sentence for the user; null if it can. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "Username is empty.";
        }
        if (name.isBlank()) {
            return "Username is only whitespace.";
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return "Username is longer than " + MAX_LENGTH + " characters.";
        }
        if (!name.strip().equals(name)) {
            return "Username starts or ends with whitespace.";
        }
        boolean invisible = name.codePoints().anyMatch(c -> {
            int type = Character.getType(c);
            return type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
        });
        if (invisible) {
            return "Username contains control or invisible characters.";
        }
        return null;
    }

    /** The name as Keycloak and the legacy table store it: lower case, as Keycloak shows every username. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
