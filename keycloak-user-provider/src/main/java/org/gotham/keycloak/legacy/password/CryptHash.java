package org.gotham.keycloak.legacy.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Crypt;

/**
 * passlib's crypt(3) family: {@code sha256_crypt} ({@code $5$[rounds=N$]salt$digest}), {@code sha512_crypt}
 * ({@code $6$...}) and {@code md5_crypt} ({@code $1$salt$digest}), computed by Apache Commons Codec's {@link Crypt}
 * (which Keycloak ships). As passlib: rounds from 1000 to 999,999,999 without leading zeros (5000 when not written),
 * salts of at most 16 (md5: 8) characters, and a password holding a NUL never matches. An empty salt, which passlib
 * allows, is not checked: Commons Codec cannot compute it.
 */
final class CryptHash extends PasslibHash {

    private static final Pattern SHA =
            Pattern.compile("\\$([56])\\$(?:rounds=([0-9]+)\\$)?([./A-Za-z0-9]{1,16})\\$([./A-Za-z0-9]+)");
    private static final Pattern MD5 = Pattern.compile("\\$1\\$([./A-Za-z0-9]{1,8})\\$([./A-Za-z0-9]{22})");
    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pbkdf2Hash.SecureRandomText SALT = new Pbkdf2Hash.SecureRandomText(SALT_CHARS);

    /** The part of the hash before the digest ({@code $6$rounds=N$salt}), what Commons Codec takes as its salt. */
    private final String setting;

    private final long rounds;
    private final String digest;

    private CryptHash(PasslibScheme scheme, String setting, long rounds, String digest) {
        super(scheme);
        this.setting = setting;
        this.rounds = rounds;
        this.digest = digest;
    }

    static CryptHash parse(PasslibScheme scheme, String hash) {
        if (scheme == PasslibScheme.MD5_CRYPT) {
            Matcher m = MD5.matcher(hash);
            return m.matches() ? new CryptHash(scheme, "$1$" + m.group(1), 0, m.group(2)) : null;
        }
        Matcher m = SHA.matcher(hash);
        if (!m.matches()) {
            return null;
        }
        long rounds = m.group(2) == null ? 5000 : decimal(m.group(2));
        int digestLength = scheme == PasslibScheme.SHA512_CRYPT ? 86 : 43;
        if (rounds < 1000 || rounds > 999_999_999 || m.group(4).length() != digestLength) {
            return null;
        }
        String setting = "$" + m.group(1) + "$" + (m.group(2) == null ? "" : "rounds=" + rounds + "$") + m.group(3);
        return new CryptHash(scheme, setting, rounds, m.group(4));
    }

    /** At passlib 1.7.4's defaults: 16 salt characters (md5: 8) and 535,000 (sha256) or 656,000 (sha512) rounds. */
    static String make(PasslibScheme scheme, byte[] utf8, SecureRandom random) {
        String setting = switch (scheme) {
            case SHA256_CRYPT -> "$5$rounds=" + defaultRounds(scheme) + "$" + SALT.next(16, random);
            case SHA512_CRYPT -> "$6$rounds=" + defaultRounds(scheme) + "$" + SALT.next(16, random);
            default -> "$1$" + SALT.next(8, random);
        };
        return Crypt.crypt(utf8, setting);
    }

    @Override
    boolean matches(byte[] utf8) {
        if (hasNul(utf8)) {
            return false; // passlib refuses it
        }
        String computed = Crypt.crypt(utf8, setting);
        String computedDigest = computed.substring(computed.lastIndexOf('$') + 1);
        return constantTimeEquals(
                computedDigest.getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String overLimit() {
        return roundsOverLimit(rounds);
    }

    @Override
    boolean outdated(int bcryptCost) {
        return scheme() != PasslibScheme.MD5_CRYPT && rounds < defaultRounds(scheme());
    }

    private static long defaultRounds(PasslibScheme scheme) {
        return scheme == PasslibScheme.SHA512_CRYPT ? 656_000 : 535_000;
    }
}
