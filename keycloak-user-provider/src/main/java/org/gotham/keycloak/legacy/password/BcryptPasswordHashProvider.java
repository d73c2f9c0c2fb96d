package org.gotham.keycloak.legacy.password;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Keycloak password hash provider {@value BcryptPasswordHashProviderFactory#ID}: verifies the passlib bcrypt hashes
 * that the bulk import stores as Keycloak password credentials.
 *
 * <p>Such a credential holds the whole {@code $2b$...} (or {@code $2$}, {@code $2a$}, {@code $2y$}) string as its value, no
 * separate salt (bcrypt keeps its salt inside the string), and the bcrypt cost as its hash iterations. At the first
 * successful sign-in Keycloak's password credential provider sees that the realm's hash algorithm is another one and
 * replaces the credential with its own default hash: the bcrypt credential only has to verify.
 *
 * <p>It can also make bcrypt hashes (if a realm chose {@code hashAlgorithm(bcrypt)}), refusing passwords over 72
 * UTF-8 bytes, which bcrypt would cut.
 */
public final class BcryptPasswordHashProvider implements PasswordHashProvider {

    private final LegacyPasswordHasher hasher;
    private final int defaultCost;

    BcryptPasswordHashProvider(LegacyPasswordHasher hasher, int defaultCost) {
        this.hasher = hasher;
        this.defaultCost = defaultCost;
    }

    /** A credential for a hash as passlib wrote it; {@code null} if the hash is not a usable bcrypt hash. */
    public static PasswordCredentialModel credential(String passlibHash) {
        if (!LegacyPasswordHasher.isUsableHash(passlibHash)) {
            return null;
        }
        return PasswordCredentialModel.createFromValues(
                BcryptPasswordHashProviderFactory.ID, null, LegacyPasswordHasher.costOf(passlibHash), passlibHash);
    }

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        return BcryptPasswordHashProviderFactory.ID.equals(
                        credential.getPasswordCredentialData().getAlgorithm())
                && credential.getPasswordCredentialData().getHashIterations() == cost(policy.getHashIterations());
    }

    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        int cost = cost(iterations);
        try {
            return PasswordCredentialModel.createFromValues(
                    BcryptPasswordHashProviderFactory.ID, null, cost, hasher.hash(rawPassword, cost));
        } catch (IllegalArgumentException e) {
            throw new ModelException("Cannot make a bcrypt hash: " + e.getMessage());
        }
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        String hash = credential.getPasswordSecretData() == null
                ? null
                : credential.getPasswordSecretData().getValue();
        LegacyPasswordHasher.Result result = hasher.verify(rawPassword, hash);
        if (result == LegacyPasswordHasher.Result.BUSY) {
            throw new LegacySignInBusyException();
        }
        return result == LegacyPasswordHasher.Result.MATCH;
    }

    private int cost(int iterations) {
        return iterations <= 0 ? defaultCost : iterations;
    }

    @Override
    public void close() {
        // the hasher is shared and lives with Keycloak
    }
}
