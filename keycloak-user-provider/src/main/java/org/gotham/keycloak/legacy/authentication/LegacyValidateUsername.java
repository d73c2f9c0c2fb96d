package org.gotham.keycloak.legacy.authentication;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's direct-grant username step, except that a locked-out account is refused after the work of a legacy
 * wrong password (see {@link LockedAccountPadding}); Keycloak's step already spends its own dummy hash on it. The
 * realm's direct-grant flow uses this step in place of Keycloak's.
 */
public class LegacyValidateUsername extends ValidateUsername {

    public static final String PROVIDER_ID = "legacy-direct-grant-username";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        String username = retrieveUsername(context);
        if (username != null) {
            UserModel user;
            try {
                user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
            } catch (ModelDuplicateException e) {
                user = null; // Keycloak's step below answers it
            }
            if (user != null && AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
                LockedAccountPadding.spend(context.getRealm());
            }
        }
        super.authenticate(context);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Username Validation (legacy users)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username validation for direct grants, but a locked-out account costs what a wrong "
                + "password of a legacy user costs.";
    }
}
