package org.gotham.keycloak.legacy.password;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;

/** Registers the {@value #ID} password hash provider, with the JVM's one bounded hasher. */
public class PasslibPasswordHashProviderFactory extends LegacyHashProviderFactory {

    public static final String ID = "passlib";

    public PasslibPasswordHashProviderFactory() {
        this(LegacyPasswordHasher.shared());
    }

    PasslibPasswordHashProviderFactory(LegacyPasswordHasher hasher) {
        super(hasher);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new PasslibPasswordHashProvider(hasher);
    }
}
