package org.gotham.systemtest.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link GothamKeycloak} of this run: started on first use, stopped when the
 * whole run ends (it lives in the root context's store).
 */
public final class KeycloakExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GothamKeycloak.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return keycloak(context);
    }

    /** The run's Keycloak, started on first use; for extensions that run something beside it. */
    static GothamKeycloak keycloak(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(KeycloakExtension.class))
                .getOrComputeIfAbsent("keycloak", key -> new Resource(GothamKeycloak.start()), Resource.class)
                .keycloak();
    }

    private record Resource(GothamKeycloak keycloak) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            keycloak.close();
        }
    }
}
