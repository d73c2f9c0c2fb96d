package org.gotham.keycloak.legacy.authentication;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** Registers {@link LegacyUsernamePasswordForm} for the realm's browser flow. */
public class LegacyUsernamePasswordFormFactory extends UsernamePasswordFormFactory {

    public static final String PROVIDER_ID = "legacy-auth-username-password-form";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new LegacyUsernamePasswordForm(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form (legacy users)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form, but a locked-out account costs what a wrong password costs "
                + "and a sign-in refused because too many password checks wait is not counted as a failure.";
    }
}
