package org.gotham.keycloak.legacy.store;

/**
 * What the optional columns of a legacy row hold ({@link OptionalColumn}); each value is null where its column is not
 * configured, is NULL, or (the creation time) cannot be read.
 *
 * @param email the e-mail as stored, trimmed
 * @param firstName the first name as stored
 * @param lastName the last name as stored
 * @param enabled false if the row is disabled; null (no column, or NULL) means enabled
 * @param createdTimestamp the creation time in milliseconds since the epoch, the stored time read as UTC
 */
public record LegacyUserDetails(
        String email, String firstName, String lastName, Boolean enabled, Long createdTimestamp) {

    /** A row of a table without optional columns. */
    public static final LegacyUserDetails NONE = new LegacyUserDetails(null, null, null, null, null);

    /** Whether the row says the user may not sign in. */
    public boolean disabled() {
        return Boolean.FALSE.equals(enabled);
    }

    /** The value of a text column. */
    public String text(OptionalColumn column) {
        return switch (column) {
            case EMAIL -> email;
            case FIRST_NAME -> firstName;
            case LAST_NAME -> lastName;
            default -> throw new IllegalArgumentException(column + " is not a text column");
        };
    }

    /** A copy with one text value changed. */
    public LegacyUserDetails withText(OptionalColumn column, String value) {
        return switch (column) {
            case EMAIL -> new LegacyUserDetails(value, firstName, lastName, enabled, createdTimestamp);
            case FIRST_NAME -> new LegacyUserDetails(email, value, lastName, enabled, createdTimestamp);
            case LAST_NAME -> new LegacyUserDetails(email, firstName, value, enabled, createdTimestamp);
            default -> throw new IllegalArgumentException(column + " is not a text column");
        };
    }

    public LegacyUserDetails withEnabled(boolean value) {
        return new LegacyUserDetails(email, firstName, lastName, value, createdTimestamp);
    }
}
