package org.gotham.crimeapi.user;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client secrets this repository prints (the realm file's and run.sh's defaults): anyone can read
 * them, so they are accepted only by the one-command demo ({@code gotham.demo=true}, which run.sh
 * sets), never by a deployment.
 */
final class DevelopmentSecrets {

    static final Set<String> KNOWN = Set.of("crime-api-dev-secret", "importer-dev-secret", "secret", "changeme");

    private DevelopmentSecrets() {}

    /**
     * @throws IllegalStateException at startup, when {@code secret} is a known development secret
     * outside the demo; the message names the setting, never the value
     */
    static void refuseOutsideDemo(@Nullable String secret, boolean demo) {
        if (!demo && secret != null && KNOWN.contains(secret.strip())) {
            throw new IllegalStateException("CRIME_API_CLIENT_SECRET (gotham.keycloak.admin.client-secret) is a"
                    + " development secret printed in this repository: set the crime-api client's own secret"
                    + " (Keycloak: Clients > crime-api > Credentials), or GOTHAM_DEMO=true for the local demo only");
        }
    }
}
