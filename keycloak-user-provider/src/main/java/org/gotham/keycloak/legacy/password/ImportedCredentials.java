package org.gotham.keycloak.legacy.password;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordCredentialData;
import org.keycloak.models.credential.dto.PasswordSecretData;

/**
 * A legacy passlib hash as a Keycloak password credential, for the bulk import, and back.
 *
 * <p>Where a hash provider of Keycloak 26.7 computes exactly what passlib computes, the credential is Keycloak's own,
 * with the hash's salt, rounds and digest unchanged (no provider of this jar is needed to check it):
 * {@code pbkdf2_sha1} as {@code pbkdf2}, {@code pbkdf2_sha256} and Django's {@code pbkdf2_sha256} as
 * {@code pbkdf2-sha256}, {@code pbkdf2_sha512} as {@code pbkdf2-sha512} (all PBKDF2 of the UTF-8 password, the
 * digest's length kept), and {@code argon2} of types i, d and id, versions 16 and 19, as {@code argon2} (type,
 * version, memory, parallelism and digest length in its additional parameters). bcrypt stays on this jar's
 * {@value BcryptPasswordHashProviderFactory#ID}, and the schemes Keycloak has no provider for ({@code bcrypt_sha256},
 * the crypt(3) family, Django's {@code bcrypt_sha256}) on its {@value PasslibPasswordHashProviderFactory#ID}, holding
 * the passlib string as it is. Keycloak replaces any of them with its default at the user's first sign-in whenever
 * they differ from the realm's policy.
 *
 * <p>A native credential carries the additional parameter {@value #IMPORTED_FROM} (the passlib scheme), which
 * Keycloak's providers ignore and drop when they rehash: it tells a credential still as imported from one Keycloak
 * made since.
 */
public final class ImportedCredentials {

    /** Names the passlib scheme a native credential was imported from. */
    static final String IMPORTED_FROM = "passlibScheme";

    // Keycloak 26.7's hash provider ids and argon2 parameter names (Pbkdf2*PasswordHashProviderFactory,
    // Argon2PasswordHashProviderFactory).
    static final String KEYCLOAK_PBKDF2_SHA1 = "pbkdf2";
    static final String KEYCLOAK_PBKDF2_SHA256 = "pbkdf2-sha256";
    static final String KEYCLOAK_PBKDF2_SHA512 = "pbkdf2-sha512";
    static final String KEYCLOAK_ARGON2 = "argon2";
    private static final String ARGON2_TYPE = "type";
    private static final String ARGON2_VERSION = "version";
    private static final String ARGON2_HASH_LENGTH = "hashLength";
    private static final String ARGON2_MEMORY = "memory";
    private static final String ARGON2_PARALLELISM = "parallelism";

    private ImportedCredentials() {}

    /** The credential for a stored hash, or null if it is not usable for a component accepting {@code schemes}. */
    public static PasswordCredentialModel of(String hash, PasswordSchemes schemes) {
        PasslibHash parsed = schemes.usable(hash);
        if (parsed == null) {
            return null;
        }
        return switch (parsed.scheme()) {
            case BCRYPT ->
                PasswordCredentialModel.createFromValues(
                        BcryptPasswordHashProviderFactory.ID, null, parsed.bcryptCost(), hash);
            case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512, DJANGO_PBKDF2_SHA256 -> pbkdf2((Pbkdf2Hash) parsed);
            case ARGON2 -> argon2((Argon2Hash) parsed);
            default ->
                PasswordCredentialModel.createFromValues(
                        PasslibPasswordHashProviderFactory.ID, null, Math.max(parsed.bcryptCost(), 0), hash);
        };
    }

    /**
     * The passlib hash a credential was imported from, if it still is that credential (one Keycloak made since, at a
     * sign-in or a password change, has none); null otherwise.
     */
    public static String passlibHashOf(PasswordCredentialModel credential) {
        PasswordCredentialData data = credential.getPasswordCredentialData();
        PasswordSecretData secret = credential.getPasswordSecretData();
        if (data == null || secret == null || data.getAlgorithm() == null) {
            return null;
        }
        String algorithm = data.getAlgorithm();
        if (algorithm.equals(BcryptPasswordHashProviderFactory.ID)
                || algorithm.equals(PasslibPasswordHashProviderFactory.ID)) {
            return secret.getValue();
        }
        MultivaluedHashMap<String, String> parameters = data.getAdditionalParameters();
        PasslibScheme scheme = parameters == null ? null : PasslibScheme.byName(parameters.getFirst(IMPORTED_FROM));
        if (scheme == null || secret.getSalt() == null || secret.getValue() == null) {
            return null;
        }
        byte[] digest = Base64.getDecoder().decode(secret.getValue());
        return switch (scheme) {
            case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512, DJANGO_PBKDF2_SHA256 ->
                Pbkdf2Hash.format(scheme, data.getHashIterations(), secret.getSalt(), digest);
            case ARGON2 ->
                Argon2Hash.format(
                        parameters.getFirst(ARGON2_TYPE),
                        parameters.getFirst(ARGON2_VERSION),
                        Integer.parseInt(parameters.getFirst(ARGON2_MEMORY)),
                        data.getHashIterations(),
                        Integer.parseInt(parameters.getFirst(ARGON2_PARALLELISM)),
                        secret.getSalt(),
                        digest);
            default -> null;
        };
    }

    /**
     * Whether two stored values are the same hash: equal, or both argon2 with the same parameters, salt and digest
     * (passlib writes version 16 without {@code v=}, argon2_cffi with it; {@link #passlibHashOf} gives passlib's
     * spelling).
     */
    public static boolean sameHash(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return a != null && a.equals(b);
        }
        return a.startsWith("$argon2")
                && b.startsWith("$argon2")
                && canonical(a).equals(canonical(b));
    }

    private static String canonical(String hash) {
        PasslibHash parsed = PasslibHash.parse(hash);
        return parsed instanceof Argon2Hash argon2 ? argon2.canonical() : hash;
    }

    private static PasswordCredentialModel pbkdf2(Pbkdf2Hash hash) {
        String algorithm = switch (hash.scheme()) {
            case PBKDF2_SHA1 -> KEYCLOAK_PBKDF2_SHA1;
            case PBKDF2_SHA512 -> KEYCLOAK_PBKDF2_SHA512;
            default -> KEYCLOAK_PBKDF2_SHA256;
        };
        return PasswordCredentialModel.createFromValues(
                algorithm,
                hash.salt(),
                Math.toIntExact(hash.rounds()),
                Map.of(IMPORTED_FROM, List.of(hash.scheme().passlibName())),
                Base64.getEncoder().encodeToString(hash.digest()));
    }

    private static PasswordCredentialModel argon2(Argon2Hash hash) {
        return PasswordCredentialModel.createFromValues(
                KEYCLOAK_ARGON2,
                hash.salt(),
                hash.timeCost(),
                Map.of(
                        ARGON2_TYPE, List.of(hash.type()),
                        ARGON2_VERSION, List.of(hash.keycloakVersion()),
                        ARGON2_HASH_LENGTH, List.of(Integer.toString(hash.digest().length)),
                        ARGON2_MEMORY, List.of(Integer.toString(hash.memory())),
                        ARGON2_PARALLELISM, List.of(Integer.toString(hash.parallelism())),
                        IMPORTED_FROM, List.of(hash.scheme().passlibName())),
                Base64.getEncoder().encodeToString(hash.digest()));
    }
}
