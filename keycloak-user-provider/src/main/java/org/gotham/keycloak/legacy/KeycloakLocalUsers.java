package org.gotham.keycloak.legacy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.DatastoreProvider;
import org.keycloak.storage.StoreManagers;

/**
 * Keycloak's own user store, without federation: where the users who moved out of the legacy table live. The admin
 * search asks it which legacy users are Keycloak users by now; the migration creates them there, never through the user
 * storage SPI, so that no federation provider (ours in WRITABLE mode included) is asked to add them.
 */
public final class KeycloakLocalUsers {

    private KeycloakLocalUsers() {}

    /** Keycloak's own user store of this session, without federation. */
    public static UserProvider of(KeycloakSession session) {
        return ((StoreManagers) session.getProvider(DatastoreProvider.class)).userLocalStorage();
    }
}
