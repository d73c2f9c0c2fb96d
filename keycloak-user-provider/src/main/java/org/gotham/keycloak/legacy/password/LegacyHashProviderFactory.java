package org.gotham.keycloak.legacy.password;

import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSessionFactory;

/** What the provider's password hash factories share: the JVM's one bounded hasher, and no settings. */
abstract class LegacyHashProviderFactory implements PasswordHashProviderFactory {

    final LegacyPasswordHasher hasher;

    LegacyHashProviderFactory(LegacyPasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public void init(Config.Scope config) {
        // no settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // the hasher is shared and lives with Keycloak
    }
}
