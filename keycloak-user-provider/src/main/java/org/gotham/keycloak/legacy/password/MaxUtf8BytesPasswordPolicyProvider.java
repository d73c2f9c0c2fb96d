package org.gotham.keycloak.legacy.password;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@value MaxUtf8BytesPasswordPolicyProviderFactory#ID}: at most N bytes in UTF-8. The legacy app's
 * passlib silently uses only the first 72 bytes of a password; a longer new password is refused with a message
 * before anything is written, rather than cut without telling anyone. Keycloak's own {@code maxLength} counts
 * characters, which is not the same for anything but ASCII.
 */
public final class MaxUtf8BytesPasswordPolicyProvider implements PasswordPolicyProvider {

    /**
     * The message for a limit, shown as is by Keycloak's pages and admin API: not a message key, and with the
     * number already in it (the login theme does not fill parameters into text that is not one of its keys).
     */
    public static String message(int max) {
        return "Password is too long: at most " + max + " bytes in UTF-8 (the legacy app would silently ignore "
                + "the rest).";
    }

    private final KeycloakSession session;

    MaxUtf8BytesPasswordPolicyProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        return check(realm, password);
    }

    @Override
    public PolicyError validate(String user, String password) {
        return check(session.getContext().getRealm(), password);
    }

    /** The error for a password over {@code max} UTF-8 bytes (or not text at all), else null. */
    static PolicyError check(int max, String password) {
        int bytes = LegacyPasswordHasher.utf8Length(password);
        return bytes < 0 || bytes > max ? new PolicyError(message(max)) : null;
    }

    private static PolicyError check(RealmModel realm, String password) {
        PasswordPolicy policy = realm == null ? null : realm.getPasswordPolicy();
        Integer max = policy == null ? null : policy.getPolicyConfig(MaxUtf8BytesPasswordPolicyProviderFactory.ID);
        return check(max == null ? LegacyPasswordHasher.MAX_PASSWORD_BYTES : max, password);
    }

    @Override
    public Object parseConfig(String value) {
        return parseInteger(value, LegacyPasswordHasher.MAX_PASSWORD_BYTES);
    }

    @Override
    public void close() {
        // nothing held
    }
}
