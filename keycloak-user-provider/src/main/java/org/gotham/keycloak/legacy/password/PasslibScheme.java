package org.gotham.keycloak.legacy.password;

import java.util.Arrays;
import java.util.List;

/**
 * The passlib 1.7.4 schemes the provider checks, by passlib's own names (what a {@code CryptContext(schemes=[...])}
 * lists), and how each is recognised in a stored value: by its prefix, as passlib's {@code identify} does.
 */
public enum PasslibScheme {
    /** {@code $2$}, {@code $2a$}, {@code $2b$}, {@code $2y$}: only the first 72 UTF-8 bytes of a password count. */
    BCRYPT("bcrypt", "$2$", "$2a$", "$2b$", "$2y$"),
    /** bcrypt of an SHA-256 of the password, so every byte counts: {@code $bcrypt-sha256$} (two formats). */
    BCRYPT_SHA256("bcrypt_sha256", "$bcrypt-sha256$"),
    PBKDF2_SHA1("pbkdf2_sha1", "$pbkdf2$"),
    PBKDF2_SHA256("pbkdf2_sha256", "$pbkdf2-sha256$"),
    PBKDF2_SHA512("pbkdf2_sha512", "$pbkdf2-sha512$"),
    /** {@code $argon2i$}, {@code $argon2d$}, {@code $argon2id$}, versions 16 and 19. */
    ARGON2("argon2", "$argon2i$", "$argon2d$", "$argon2id$"),
    SHA256_CRYPT("sha256_crypt", "$5$"),
    SHA512_CRYPT("sha512_crypt", "$6$"),
    MD5_CRYPT("md5_crypt", "$1$"),
    /** Django's {@code pbkdf2_sha256$...}. */
    DJANGO_PBKDF2_SHA256("django_pbkdf2_sha256", "pbkdf2_sha256$"),
    /** Django's {@code bcrypt_sha256$$2b$...} (bcrypt of the SHA-256 in hex). */
    DJANGO_BCRYPT_SHA256("django_bcrypt_sha256", "bcrypt_sha256$");

    private final String passlibName;
    private final List<String> prefixes;

    PasslibScheme(String passlibName, String... prefixes) {
        this.passlibName = passlibName;
        this.prefixes = List.of(prefixes);
    }

    /** The name passlib gives the scheme, and the component's settings use. */
    public String passlibName() {
        return passlibName;
    }

    /** Whether only the first 72 UTF-8 bytes of a password count (a longer new password is refused). */
    public boolean cutsAt72Bytes() {
        return this == BCRYPT;
    }

    /** The scheme of a stored value by its prefix (well-formed or not), or null if it names none of ours. */
    public static PasslibScheme identify(String hash) {
        if (hash == null) {
            return null;
        }
        for (PasslibScheme scheme : values()) {
            for (String prefix : scheme.prefixes) {
                if (hash.startsWith(prefix)) {
                    return scheme;
                }
            }
        }
        return null;
    }

    /**
     * The schemes whose prefix the first characters of a stored value ({@code start}, maybe shorter than a prefix)
     * agree with: a seven-character {@code $pbkdf2} may be any of the three pbkdf2 schemes.
     */
    public static List<PasslibScheme> agreeingWith(String start) {
        if (start == null || start.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(values())
                .filter(scheme -> scheme.prefixes.stream().anyMatch(p -> start.startsWith(p) || p.startsWith(start)))
                .toList();
    }

    /** The scheme of this passlib name, or null. */
    public static PasslibScheme byName(String name) {
        return Arrays.stream(values())
                .filter(scheme -> scheme.passlibName.equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Every passlib name, in this order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(PasslibScheme::passlibName).toList();
    }
}
