package org.gotham.keycloak.legacy.password;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A stored password hash of one of the {@link PasslibScheme}s, parsed as passlib 1.7.4 parses it: what its format
 * says (salt, rounds, cost, ...), whether a password matches it, and whether checking it would take more work than
 * this provider runs. Only the parsing and formats are ours; the primitives are Bouncy Castle's (bcrypt, PBKDF2,
 * Argon2), the JDK's (SHA-256, HMAC) and Apache Commons Codec's (the crypt(3) family), and every comparison is
 * constant-time.
 *
 * <p>A value that passlib would refuse to parse (a {@code MalformedHashError}) does not parse here either:
 * {@link #parse} answers null and nothing is run.
 */
public abstract class PasslibHash {

    /**
     * passlib refuses passwords longer than this many UTF-8 bytes ({@code PasswordSizeError}) in every scheme: such a
     * password never matches.
     */
    public static final int MAX_PASSWORD_BYTES = 4096;

    /** The most PBKDF2 rounds, or crypt(3) rounds, one check runs (about a second of one core at most). */
    public static final long MAX_ROUNDS = 2_000_000;

    private static final Pattern AB64 = Pattern.compile("[./A-Za-z0-9]*");
    private static final Pattern B64 = Pattern.compile("[+/A-Za-z0-9]*");

    private final PasslibScheme scheme;

    PasslibHash(PasslibScheme scheme) {
        this.scheme = scheme;
    }

    /** The hash parsed, or null if it is none of ours or malformed. Never throws. */
    public static PasslibHash parse(String hash) {
        PasslibScheme scheme = PasslibScheme.identify(hash);
        if (scheme == null) {
            return null;
        }
        try {
            return switch (scheme) {
                case BCRYPT, BCRYPT_SHA256, DJANGO_BCRYPT_SHA256 -> BcryptHash.parse(scheme, hash);
                case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512, DJANGO_PBKDF2_SHA256 -> Pbkdf2Hash.parse(scheme, hash);
                case ARGON2 -> Argon2Hash.parseArgon2(hash);
                case SHA256_CRYPT, SHA512_CRYPT, MD5_CRYPT -> CryptHash.parse(scheme, hash);
            };
        } catch (RuntimeException e) {
            return null; // a number out of range, bad base64, ...: malformed, as passlib says
        }
    }

    /** A new hash of a password (its UTF-8 bytes) in {@code scheme}, at {@code bcryptCost} for the bcrypt family. */
    static String make(PasslibScheme scheme, byte[] utf8, int bcryptCost, SecureRandom random) {
        return switch (scheme) {
            case BCRYPT, BCRYPT_SHA256, DJANGO_BCRYPT_SHA256 -> BcryptHash.make(scheme, utf8, bcryptCost, random);
            case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512, DJANGO_PBKDF2_SHA256 ->
                Pbkdf2Hash.make(scheme, utf8, random);
            case ARGON2 -> Argon2Hash.make(utf8, random);
            case SHA256_CRYPT, SHA512_CRYPT, MD5_CRYPT -> CryptHash.make(scheme, utf8, random);
        };
    }

    public PasslibScheme scheme() {
        return scheme;
    }

    /**
     * Whether the password (its UTF-8 bytes, at most {@link #MAX_PASSWORD_BYTES}) matches, as passlib's
     * {@code verify} would answer; a password passlib refuses for this scheme (a NUL byte for bcrypt and the crypt
     * family) never matches. Call only if {@link #overLimit()} is null.
     */
    abstract boolean matches(byte[] utf8);

    /** The bcrypt cost of a hash of the bcrypt family, or -1: what a mismatch is padded from. */
    public int bcryptCost() {
        return -1;
    }

    /**
     * Why checking this hash would take more than this provider runs (named without the hash), or null if it may run.
     */
    public String overLimit() {
        return null;
    }

    /**
     * Whether a context that writes this scheme (at {@code bcryptCost} for the bcrypt family, else at passlib's
     * defaults) would replace this hash after a successful sign-in: an older format or variant, or less work.
     */
    abstract boolean outdated(int bcryptCost);

    // ---- shared format helpers ----

    /** passlib's "adapted base64" ({@code .} for {@code +}, no padding). */
    static byte[] ab64Decode(String text) {
        if (!AB64.matcher(text).matches() || text.length() % 4 == 1) {
            throw new IllegalArgumentException("not ab64");
        }
        return Base64.getDecoder().decode(text.replace('.', '+'));
    }

    static String ab64Encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }

    /** Standard base64 without padding, as passlib's argon2 writes it. */
    static byte[] b64sDecode(String text) {
        if (!B64.matcher(text).matches() || text.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64");
        }
        return Base64.getDecoder().decode(text);
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static boolean hasNul(byte[] utf8) {
        for (byte b : utf8) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** A decimal number as passlib reads one: digits only, no leading zero (except "0" itself). */
    static long decimal(String digits) {
        if (digits.isEmpty() || digits.length() > 10 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new IllegalArgumentException("not a passlib number");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new IllegalArgumentException("not a passlib number");
            }
        }
        return Long.parseLong(digits);
    }

    static String roundsOverLimit(long rounds) {
        return rounds > MAX_ROUNDS ? rounds + " rounds (at most " + MAX_ROUNDS + " are run)" : null;
    }
}
