package org.gotham.keycloak.legacy.password;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/** Registers the {@value #ID} password policy, e.g. {@code "passwordPolicy": "maxUtf8Bytes(72)"} in a realm. */
public class MaxUtf8BytesPasswordPolicyProviderFactory implements PasswordPolicyProviderFactory {

    public static final String ID = "maxUtf8Bytes";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new MaxUtf8BytesPasswordPolicyProvider(session);
    }

    @Override
    public String getDisplayName() {
        return "Maximum length in UTF-8 bytes";
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.INT_CONFIG_TYPE;
    }

    @Override
    public String getDefaultConfigValue() {
        return Integer.toString(LegacyPasswordHasher.MAX_PASSWORD_BYTES);
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
        // no settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }
}
