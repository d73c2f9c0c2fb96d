package org.gotham.keycloak.legacy.password;

import java.util.function.BiPredicate;

/**
 * Hashers for the tests of other packages that watch the bcrypt work a sign-in costs: the check itself replaced, as
 * {@link LegacyPasswordHasherTest} replaces it, and everything else (the queue, padding, dummy hashes) real.
 */
public final class Hashers {

    private Hashers() {}

    /**
     * A hasher with {@code maxConcurrent} slots whose bcrypt check is {@code check} (the stored hash and the
     * password's UTF-8 bytes in, whether they match out).
     */
    public static LegacyPasswordHasher withCheck(int maxConcurrent, BiPredicate<String, byte[]> check) {
        return new LegacyPasswordHasher(maxConcurrent, check::test);
    }

    /** The real check of a stored hash of any scheme, for a replaced check that also counts or watches. */
    public static boolean realCheck(String hash, byte[] utf8Password) {
        return PasslibHash.parse(hash).matches(utf8Password);
    }
}
