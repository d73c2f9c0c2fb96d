package org.gotham.keycloak.legacy.store;

/**
 * A role every legacy user gets: {@code client-id/role} for a client role (split at the last {@code /}, since
 * client ids may be URLs), or a plain {@code role} for a realm role.
 */
public record RoleReference(String clientId, String roleName) {

    /** The role a setting's value names, or null if its client or role part is empty. */
    static RoleReference parse(String value) {
        int slash = value.lastIndexOf('/');
        if (slash < 0) {
            return new RoleReference(null, value);
        }
        String client = value.substring(0, slash).trim();
        String role = value.substring(slash + 1).trim();
        return client.isEmpty() || role.isEmpty() ? null : new RoleReference(client, role);
    }

    public boolean isClientRole() {
        return clientId != null;
    }

    @Override
    public String toString() {
        return clientId == null ? roleName : clientId + "/" + roleName;
    }
}
