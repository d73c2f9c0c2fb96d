package org.gotham.keycloak.legacy.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * passlib's {@code pbkdf2_sha1}, {@code pbkdf2_sha256}, {@code pbkdf2_sha512} ({@code $pbkdf2-sha256$rounds$salt$digest},
 * salt and digest in passlib's adapted base64) and Django's {@code pbkdf2_sha256$rounds$salt$digest} (the salt's
 * characters are the salt, the digest is standard base64). PBKDF2 is Bouncy Castle's, of the UTF-8 password.
 */
final class Pbkdf2Hash extends PasslibHash {

    private static final Pattern PASSLIB =
            Pattern.compile("\\$pbkdf2(|-sha256|-sha512)\\$([0-9]+)\\$([^$]*)\\$([^$]+)");
    private static final Pattern DJANGO = Pattern.compile("pbkdf2_sha256\\$([0-9]+)\\$([A-Za-z0-9]+)\\$([^$]+)");
    private static final SecureRandomText DJANGO_SALT =
            new SecureRandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private final long rounds;
    private final byte[] salt;
    private final byte[] digest;

    private Pbkdf2Hash(PasslibScheme scheme, long rounds, byte[] salt, byte[] digest) {
        super(scheme);
        this.rounds = rounds;
        this.salt = salt;
        this.digest = digest;
    }

    static Pbkdf2Hash parse(PasslibScheme scheme, String hash) {
        if (scheme == PasslibScheme.DJANGO_PBKDF2_SHA256) {
            Matcher m = DJANGO.matcher(hash);
            if (!m.matches() || m.group(3).length() != 44) {
                return null;
            }
            return checked(
                    scheme,
                    decimal(m.group(1)),
                    m.group(2).getBytes(StandardCharsets.US_ASCII),
                    Base64.getDecoder().decode(m.group(3)));
        }
        Matcher m = PASSLIB.matcher(hash);
        if (!m.matches() || PasslibScheme.identify(hash) != scheme) {
            return null;
        }
        return checked(scheme, decimal(m.group(2)), ab64Decode(m.group(3)), ab64Decode(m.group(4)));
    }

    private static Pbkdf2Hash checked(PasslibScheme scheme, long rounds, byte[] salt, byte[] digest) {
        if (rounds < 1 || rounds > 0xffffffffL || digest.length != digestSize(scheme) || salt.length > 1024) {
            return null;
        }
        return new Pbkdf2Hash(scheme, rounds, salt, digest);
    }

    /** passlib's defaults: 16 random bytes of salt (Django: 12 letters and digits) and its default rounds. */
    static String make(PasslibScheme scheme, byte[] utf8, SecureRandom random) {
        long rounds = defaultRounds(scheme);
        if (scheme == PasslibScheme.DJANGO_PBKDF2_SHA256) {
            String salt = DJANGO_SALT.next(12, random);
            byte[] digest = derive(scheme, utf8, salt.getBytes(StandardCharsets.US_ASCII), rounds);
            return "pbkdf2_sha256$" + rounds + "$" + salt + "$"
                    + Base64.getEncoder().encodeToString(digest);
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return format(scheme, rounds, salt, derive(scheme, utf8, salt, rounds));
    }

    /** The passlib string of these parts (what the import's Keycloak credential came from). */
    static String format(PasslibScheme scheme, long rounds, byte[] salt, byte[] digest) {
        if (scheme == PasslibScheme.DJANGO_PBKDF2_SHA256) {
            return "pbkdf2_sha256$" + rounds + "$" + new String(salt, StandardCharsets.US_ASCII) + "$"
                    + Base64.getEncoder().encodeToString(digest);
        }
        String prefix = switch (scheme) {
            case PBKDF2_SHA1 -> "$pbkdf2$";
            case PBKDF2_SHA256 -> "$pbkdf2-sha256$";
            default -> "$pbkdf2-sha512$";
        };
        return prefix + rounds + "$" + ab64Encode(salt) + "$" + ab64Encode(digest);
    }

    @Override
    boolean matches(byte[] utf8) {
        return constantTimeEquals(derive(scheme(), utf8, salt, rounds), digest);
    }

    @Override
    public String overLimit() {
        return roundsOverLimit(rounds);
    }

    @Override
    boolean outdated(int bcryptCost) {
        return rounds < defaultRounds(scheme());
    }

    long rounds() {
        return rounds;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] digest() {
        return digest.clone();
    }

    private static byte[] derive(PasslibScheme scheme, byte[] utf8, byte[] salt, long rounds) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digestOf(scheme));
        generator.init(utf8, salt, Math.toIntExact(rounds));
        return ((KeyParameter) generator.generateDerivedParameters(digestSize(scheme) * 8)).getKey();
    }

    private static Digest digestOf(PasslibScheme scheme) {
        return switch (scheme) {
            case PBKDF2_SHA1 -> new SHA1Digest();
            case PBKDF2_SHA512 -> new SHA512Digest();
            default -> new SHA256Digest();
        };
    }

    private static int digestSize(PasslibScheme scheme) {
        return switch (scheme) {
            case PBKDF2_SHA1 -> 20;
            case PBKDF2_SHA512 -> 64;
            default -> 32;
        };
    }

    /** What passlib 1.7.4 uses when a context sets no rounds. */
    static long defaultRounds(PasslibScheme scheme) {
        return switch (scheme) {
            case PBKDF2_SHA1 -> 131_000;
            case PBKDF2_SHA512 -> 25_000;
            default -> 29_000;
        };
    }

    /** Random text of an alphabet (a salt drawn as characters). */
    record SecureRandomText(String alphabet) {
        String next(int length, SecureRandom random) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }
    }
}
