package org.gotham.keycloak.legacy.password;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * A password hashed the way Keycloak itself would hash it in a realm: what lazy migration stores for a legacy user's
 * password, and what a wrong legacy password spends besides bcrypt so that it costs what a wrong password of a Keycloak
 * user costs.
 */
public final class KeycloakPasswordHash {

    /** What Keycloak's own dummy hash for an unknown user hashes (AuthenticatorUtils.dummyHash). */
    public static final String DUMMY_PASSWORD = "SlightlyLongerDummyPassword";

    private KeycloakPasswordHash() {}

    /** The password hashed as Keycloak would hash a new one in this realm (its policy's algorithm, or the default). */
    public static PasswordCredentialModel of(KeycloakSession session, RealmModel realm, String password) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider provider = policy != null && policy.getHashAlgorithm() != null
                ? session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm())
                : session.getProvider(PasswordHashProvider.class);
        return provider.encodedCredential(password, policy != null ? policy.getHashIterations() : -1);
    }
}
