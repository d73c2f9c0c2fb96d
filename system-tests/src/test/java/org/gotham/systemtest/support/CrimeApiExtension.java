package org.gotham.systemtest.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link CrimeApiServer} of this run, beside the run's Keycloak: started on first
 * use, stopped when the whole run ends (the root store closes it before Keycloak, which it was added
 * after). Use it together with {@link KeycloakExtension} when a test also needs Keycloak itself.
 */
public final class CrimeApiExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CrimeApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        GothamKeycloak keycloak = KeycloakExtension.keycloak(context);
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(CrimeApiExtension.class))
                .getOrComputeIfAbsent("crime-api", key -> new Resource(CrimeApiServer.start(keycloak)), Resource.class)
                .server();
    }

    private record Resource(CrimeApiServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
