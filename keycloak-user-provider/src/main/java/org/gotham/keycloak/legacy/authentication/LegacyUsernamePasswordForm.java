package org.gotham.keycloak.legacy.authentication;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.gotham.keycloak.legacy.password.LegacySignInBusyException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.validation.Validation;

/**
 * Keycloak's username and password form, with two differences that matter under attack:
 *
 * <ul>
 *   <li>a locked-out account is refused after the same work as a wrong password (a bcrypt check at the legacy cost
 *       and a hash with the realm's algorithm, see {@link LockedAccountPadding}), not at once;</li>
 *   <li>a sign-in refused because too many password checks wait ({@link LegacySignInBusyException}) shows the form
 *       again with a "try again" message and status 429, and is not counted as a failed login.</li>
 * </ul>
 *
 * Everything else is Keycloak's own form; the realm's browser flow uses this one in its place.
 */
public class LegacyUsernamePasswordForm extends UsernamePasswordForm {

    public LegacyUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        try {
            super.action(context);
        } catch (LegacySignInBusyException e) {
            context.clearUser();
            Response form = challenge(context, LegacySignInBusyException.MESSAGE, Validation.FIELD_USERNAME);
            context.forceChallenge(Response.fromResponse(form)
                    .status(LegacySignInBusyException.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, LegacySignInBusyException.RETRY_AFTER_SECONDS)
                    .build());
        }
    }

    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        if (AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            // Keycloak's own refusal below hashes nothing: pay what a wrong password pays first
            LockedAccountPadding.spend(context.getRealm());
            AuthenticatorUtils.dummyHash(context);
        }
        return super.isDisabledByBruteForce(context, user);
    }
}
