package org.gotham.keycloak.legacy.store;

/**
 * One row of the legacy users table. Every column may be NULL in the legacy DDL except the id.
 *
 * @param id the legacy primary key
 * @param username the username as the legacy app stored it (original case), or {@code null}
 * @param passwordHash the stored bcrypt hash, or {@code null} (also when a query did not read it)
 * @param details the optional columns' values ({@link LegacyUserDetails#NONE} where none is configured)
 */
public record LegacyUser(long id, String username, String passwordHash, LegacyUserDetails details) {

    public LegacyUser {
        details = details == null ? LegacyUserDetails.NONE : details;
    }

    /** A row without optional columns. */
    public LegacyUser(long id, String username, String passwordHash) {
        this(id, username, passwordHash, LegacyUserDetails.NONE);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "LegacyUser[id=" + id + ", username=" + username + "]";
    }
}
