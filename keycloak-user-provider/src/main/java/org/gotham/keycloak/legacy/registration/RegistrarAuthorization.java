package org.gotham.keycloak.legacy.registration;

import java.util.Locale;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.TokenUtil;

/**
 * Who may register users: the bearer of an access token of this realm, issued to a client by its own service
 * account (client credentials), that holds that client's role {@value
 * LegacyRegistrationResourceProviderFactory#REGISTER_USERS_ROLE}. The role is read from the service account now,
 * not from the token, so taking it away (or disabling the client) takes effect at once.
 */
final class RegistrarAuthorization {

    /** The outcome: who the caller is, or why not. */
    record Outcome(Refusal refusal, ClientModel client) {

        boolean allowed() {
            return refusal == null;
        }
    }

    /** Why a caller is refused: 401 (no valid token of this realm) or 403 (a valid token without the right). */
    enum Refusal {
        INVALID_TOKEN,
        INSUFFICIENT_SCOPE
    }

    private static final String BEARER = "bearer ";

    private RegistrarAuthorization() {}

    static Outcome check(KeycloakSession session, RealmModel realm, String authorization) {
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization
                        .substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            return refused(Refusal.INVALID_TOKEN);
        }
        // verified with this realm's keys: null for a token that is not one of its signed tokens
        AccessToken token =
                session.tokens().decode(authorization.substring(BEARER.length()).strip(), AccessToken.class);
        if (token == null
                || !token.isActive()
                || !TokenUtil.TOKEN_TYPE_BEARER.equalsIgnoreCase(token.getType())
                || token.getIssuer() == null
                || !token.getIssuer().endsWith("/realms/" + realm.getName())
                || (token.getIat() != null && token.getIat() < realm.getNotBefore())) {
            return refused(Refusal.INVALID_TOKEN);
        }
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        if (client == null || !client.isEnabled()) {
            return refused(Refusal.INVALID_TOKEN);
        }
        UserModel caller = token.getSubject() == null ? null : session.users().getUserById(realm, token.getSubject());
        if (caller == null || !caller.isEnabled() || !client.getId().equals(caller.getServiceAccountClientLink())) {
            // a person's token, or another client's service account: registering is a service's job
            return refused(Refusal.INSUFFICIENT_SCOPE);
        }
        RoleModel role = client.getRole(LegacyRegistrationResourceProviderFactory.REGISTER_USERS_ROLE);
        if (role == null || !caller.hasRole(role)) {
            return refused(Refusal.INSUFFICIENT_SCOPE);
        }
        return new Outcome(null, client);
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome(refusal, null);
    }
}
