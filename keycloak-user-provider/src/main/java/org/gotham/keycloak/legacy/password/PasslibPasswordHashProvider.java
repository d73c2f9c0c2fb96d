package org.gotham.keycloak.legacy.password;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Keycloak password hash provider {@value PasslibPasswordHashProviderFactory#ID}: verifies the imported passlib hashes
 * that no provider of Keycloak checks ({@code bcrypt_sha256}, {@code sha256_crypt}, {@code sha512_crypt},
 * {@code md5_crypt}, Django's {@code bcrypt_sha256}; see {@link ImportedCredentials}), the whole passlib string being
 * the credential's value. It only verifies: its policy check always fails, so Keycloak replaces such a credential with
 * the realm's own hash at the first successful sign-in, and it makes no new hashes.
 */
public final class PasslibPasswordHashProvider implements PasswordHashProvider {

    private final LegacyPasswordHasher hasher;

    PasslibPasswordHashProvider(LegacyPasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        return false;
    }

    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        throw new ModelException("The " + PasslibPasswordHashProviderFactory.ID + " password hash provider only "
                + "verifies imported hashes; choose another hash algorithm in the password policy");
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        String hash = credential.getPasswordSecretData() == null
                ? null
                : credential.getPasswordSecretData().getValue();
        LegacyPasswordHasher.Result result = hasher.verify(
                rawPassword,
                hash,
                PasswordSchemes.ALL,
                LegacyPasswordHasher.MIN_COST,
                LegacyPasswordHasher.DEFAULT_MAX_WAIT);
        if (result == LegacyPasswordHasher.Result.BUSY) {
            throw new LegacySignInBusyException();
        }
        return result == LegacyPasswordHasher.Result.MATCH;
    }

    @Override
    public void close() {
        // the hasher is shared and lives with Keycloak
    }
}
