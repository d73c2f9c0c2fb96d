package org.gotham.keycloak.legacy.registration;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code POST /realms/{realm}/legacy-registration/users}: a registration for the old app's {@code /users/register}
 * route, so that the client calling it (crime-api) needs no admin role that could change an existing user.
 */
public final class LegacyRegistrationResourceProviderFactory implements RealmResourceProviderFactory {

    /** The path segment below {@code /realms/{realm}/}. */
    public static final String PROVIDER_ID = "legacy-registration";

    /** The client role a caller's service account must hold, of the caller's own client. */
    public static final String REGISTER_USERS_ROLE = "register-users";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new LegacyRegistrationResourceProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        // no settings: the realm's registration switch, user profile and password policy decide
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to prepare
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
