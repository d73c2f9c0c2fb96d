package org.gotham.keycloak.legacy.registration;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Hands Keycloak the registration resource for one request. */
final class LegacyRegistrationResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    LegacyRegistrationResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new LegacyRegistrationResource(session);
    }

    @Override
    public void close() {
        // nothing held
    }
}
