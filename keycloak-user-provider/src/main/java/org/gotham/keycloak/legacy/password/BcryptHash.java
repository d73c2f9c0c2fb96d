package org.gotham.keycloak.legacy.password;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * passlib's bcrypt family: {@code bcrypt} itself, {@code bcrypt_sha256} (its format of passlib before 1.7.3,
 * {@code $bcrypt-sha256$2b,12$salt$digest}: bcrypt of the base64 SHA-256 of the password; and of 1.7.3 on,
 * {@code $bcrypt-sha256$v=2,t=2b,r=12$salt$digest}: bcrypt of the base64 HMAC-SHA256 of the password keyed by the
 * salt's 22 characters) and Django's {@code bcrypt_sha256$} + a bcrypt hash of the SHA-256 in lower-case hex. The
 * bcrypt itself is Bouncy Castle's {@link OpenBSDBCrypt}.
 *
 * <p>As passlib: a bcrypt password counts up to its 72nd UTF-8 byte and must not hold a NUL; the old {@code $2$}
 * variant is checked as {@code $2a$} of the password repeated to 72 bytes; a salt whose last character has its unused
 * bits set is read with them cleared.
 */
final class BcryptHash extends PasslibHash {

    private static final String BCRYPT64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_BCRYPT_BYTES = 72;

    private static final Pattern BCRYPT =
            Pattern.compile("\\$(2|2a|2b|2y)\\$([0-9]{2})\\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})");
    private static final Pattern SHA256_V1 =
            Pattern.compile("\\$bcrypt-sha256\\$(2a|2b),([0-9]{1,2})\\$([^$]{22})\\$([^$]{31})");
    private static final Pattern SHA256_V2 =
            Pattern.compile("\\$bcrypt-sha256\\$v=([0-9]+),t=(2b),r=([0-9]{1,2})\\$([^$]{22})\\$([^$]{31})");
    private static final String DJANGO_PREFIX = "bcrypt_sha256$";

    /** How the password becomes bcrypt's key. */
    private enum Key {
        PASSWORD,
        SHA256_BASE64,
        HMAC_SHA256_BASE64,
        SHA256_HEX
    }

    private final String ident;
    private final int cost;
    private final String salt;
    private final String digest;
    private final Key key;

    private BcryptHash(PasslibScheme scheme, String ident, int cost, String salt, String digest, Key key) {
        super(scheme);
        this.ident = ident;
        this.cost = cost;
        this.salt = salt;
        this.digest = digest;
        this.key = key;
    }

    static BcryptHash parse(PasslibScheme scheme, String hash) {
        return switch (scheme) {
            case BCRYPT -> bcrypt(scheme, hash, Key.PASSWORD);
            case DJANGO_BCRYPT_SHA256 -> bcrypt(scheme, hash.substring(DJANGO_PREFIX.length()), Key.SHA256_HEX);
            case BCRYPT_SHA256 -> bcryptSha256(hash);
            default -> throw new IllegalArgumentException("not bcrypt");
        };
    }

    private static BcryptHash bcrypt(PasslibScheme scheme, String hash, Key key) {
        Matcher m = BCRYPT.matcher(hash);
        if (!m.matches()) {
            return null;
        }
        int cost = Integer.parseInt(m.group(2));
        if (cost < LegacyPasswordHasher.MIN_COST || cost > LegacyPasswordHasher.MAX_COST) {
            return null;
        }
        return new BcryptHash(scheme, m.group(1), cost, repairedSalt(m.group(3)), m.group(4), key);
    }

    private static BcryptHash bcryptSha256(String hash) {
        Matcher v2 = SHA256_V2.matcher(hash);
        if (v2.matches()) {
            String salt = v2.group(4);
            // passlib refuses version 1 written in the new format, any other version, and a salt with unused bits
            if (decimal(v2.group(1)) != 2 || !isBcrypt64(salt) || !salt.equals(repairedSalt(salt))) {
                return null;
            }
            return sha256(v2.group(2), v2.group(3), salt, v2.group(5), Key.HMAC_SHA256_BASE64);
        }
        Matcher v1 = SHA256_V1.matcher(hash);
        if (v1.matches() && isBcrypt64(v1.group(3))) {
            return sha256(v1.group(1), v1.group(2), repairedSalt(v1.group(3)), v1.group(4), Key.SHA256_BASE64);
        }
        return null;
    }

    private static BcryptHash sha256(String ident, String rounds, String salt, String digest, Key key) {
        int cost = (int) decimal(rounds);
        if (cost < LegacyPasswordHasher.MIN_COST || cost > LegacyPasswordHasher.MAX_COST || !isBcrypt64(digest)) {
            return null;
        }
        return new BcryptHash(PasslibScheme.BCRYPT_SHA256, ident, cost, salt, digest, key);
    }

    /** A new hash: {@code $2b$} for bcrypt and Django's, the v2 format for bcrypt_sha256 (as passlib 1.7.4 writes). */
    static String make(PasslibScheme scheme, byte[] utf8, int cost, SecureRandom random) {
        byte[] saltBytes = new byte[16];
        random.nextBytes(saltBytes);
        return switch (scheme) {
            case BCRYPT -> OpenBSDBCrypt.generate("2b", utf8, saltBytes, cost);
            case DJANGO_BCRYPT_SHA256 ->
                DJANGO_PREFIX + OpenBSDBCrypt.generate("2b", keyOf(Key.SHA256_HEX, utf8, null), saltBytes, cost);
            case BCRYPT_SHA256 -> {
                // the salt's characters key the HMAC, so the salt is drawn first, as bcrypt will encode it
                String salt = OpenBSDBCrypt.generate("2b", new byte[0], saltBytes, LegacyPasswordHasher.MIN_COST)
                        .substring(7, 29);
                String bcrypt =
                        OpenBSDBCrypt.generate("2b", keyOf(Key.HMAC_SHA256_BASE64, utf8, salt), saltBytes, cost);
                yield String.format("$bcrypt-sha256$v=2,t=2b,r=%d$%s$%s", cost, salt, bcrypt.substring(29));
            }
            default -> throw new IllegalArgumentException("not bcrypt");
        };
    }

    @Override
    boolean matches(byte[] utf8) {
        byte[] bcryptKey = keyOf(key, utf8, salt);
        if (key == Key.PASSWORD && hasNul(bcryptKey)) {
            return false; // passlib refuses it (bcrypt would stop at the NUL)
        }
        String variant = ident;
        if (ident.equals("2")) {
            // passlib's check of the old variant, which left out the terminating NUL: the password repeated
            variant = "2a";
            bcryptKey = repeatedTo72(bcryptKey);
        }
        String hash = "$" + variant + "$" + String.format("%02d", cost) + "$" + salt + digest;
        try {
            return OpenBSDBCrypt.checkPassword(hash, bcryptKey); // compares in constant time
        } finally {
            if (bcryptKey != utf8) {
                Arrays.fill(bcryptKey, (byte) 0);
            }
        }
    }

    @Override
    public int bcryptCost() {
        return cost;
    }

    @Override
    boolean outdated(int bcryptCost) {
        return !ident.equals("2b") || key == Key.SHA256_BASE64 || cost < bcryptCost;
    }

    private static byte[] keyOf(Key key, byte[] utf8, String salt) {
        return switch (key) {
            case PASSWORD -> utf8;
            case SHA256_BASE64 -> base64(sha256(utf8));
            case HMAC_SHA256_BASE64 -> base64(hmacSha256(salt.getBytes(StandardCharsets.US_ASCII), utf8));
            case SHA256_HEX -> HexFormat.of().formatHex(sha256(utf8)).getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** The password repeated until it fills bcrypt's 72 bytes (an empty one stays empty), as passlib does for $2$. */
    private static byte[] repeatedTo72(byte[] password) {
        if (password.length == 0) {
            return password;
        }
        byte[] repeated = new byte[MAX_BCRYPT_BYTES];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = password[i % password.length];
        }
        return repeated;
    }

    /** The salt with the unused low bits of its last character cleared, as passlib reads it. */
    private static String repairedSalt(String salt) {
        int last = BCRYPT64.indexOf(salt.charAt(salt.length() - 1));
        return salt.substring(0, salt.length() - 1) + BCRYPT64.charAt(last & 0x30);
    }

    private static boolean isBcrypt64(String text) {
        return text.chars().allMatch(c -> BCRYPT64.indexOf(c) >= 0);
    }

    private static byte[] base64(byte[] bytes) {
        return Base64.getEncoder().encode(bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
