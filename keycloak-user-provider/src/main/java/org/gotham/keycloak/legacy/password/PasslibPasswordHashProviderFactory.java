package org.gotham.keycloak.legacy.password;

import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the {@value #ID} password hash provider, with the JVM's one bounded hasher. */
public class PasslibPasswordHashProviderFactory implements PasswordHashProviderFactory {

    public static final String ID = "passlib";

    private final LegacyPasswordHasher hasher;

    public PasslibPasswordHashProviderFactory() {
        this(LegacyPasswordHasher.shared());
    }

    PasslibPasswordHashProviderFactory(LegacyPasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new PasslibPasswordHashProvider(hasher);
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
