package org.gotham.keycloak.legacy.password;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;

/** Registers the {@value #ID} password hash provider, with the JVM's one bounded bcrypt hasher. */
public class BcryptPasswordHashProviderFactory extends LegacyHashProviderFactory {

    public static final String ID = "bcrypt";

    public BcryptPasswordHashProviderFactory() {
        this(LegacyPasswordHasher.shared());
    }

    BcryptPasswordHashProviderFactory(LegacyPasswordHasher hasher) {
        super(hasher);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new BcryptPasswordHashProvider(hasher, LegacyPasswordHasher.PASSLIB_DEFAULT_COST);
    }
}
