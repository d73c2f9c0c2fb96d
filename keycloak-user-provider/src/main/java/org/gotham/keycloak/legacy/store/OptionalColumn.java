package org.gotham.keycloak.legacy.store;

import org.keycloak.models.UserModel;

/**
 * The columns a legacy users table may have beside id, username and hash, each named in a component setting that is
 * empty by default. Where a setting is empty, the provider behaves as if the table had no such column.
 */
public enum OptionalColumn {
    EMAIL(LegacyStoreConfig.EMAIL_COLUMN, "e-mail column", Kind.TEXT, UserModel.EMAIL),
    FIRST_NAME(LegacyStoreConfig.FIRST_NAME_COLUMN, "first name column", Kind.TEXT, UserModel.FIRST_NAME),
    LAST_NAME(LegacyStoreConfig.LAST_NAME_COLUMN, "last name column", Kind.TEXT, UserModel.LAST_NAME),
    ENABLED(LegacyStoreConfig.ENABLED_COLUMN, "enabled column", Kind.FLAG, UserModel.ENABLED),
    CREATED(LegacyStoreConfig.CREATED_COLUMN, "creation time column", Kind.TIME, UserModel.CREATED_TIMESTAMP);

    /** What a column holds, and so which SQL types it may have (see {@link LegacyColumnValues#typeProblem}). */
    public enum Kind {
        TEXT,
        FLAG,
        TIME
    }

    private final String configKey;
    private final String label;
    private final Kind kind;
    private final String attribute;

    OptionalColumn(String configKey, String label, Kind kind, String attribute) {
        this.configKey = configKey;
        this.label = label;
        this.kind = kind;
        this.attribute = attribute;
    }

    /** The component setting that names the column. */
    public String configKey() {
        return configKey;
    }

    /** How an admin reads it in a message: "e-mail column". */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** Keycloak's name for the value ({@link UserModel#EMAIL}, {@link UserModel#ENABLED}, ...). */
    public String attribute() {
        return attribute;
    }

    /** The text column Keycloak reads and writes as this user attribute, or null. */
    public static OptionalColumn forTextAttribute(String attribute) {
        for (OptionalColumn column : values()) {
            if (column.kind == Kind.TEXT && column.attribute.equals(attribute)) {
                return column;
            }
        }
        return null;
    }
}
