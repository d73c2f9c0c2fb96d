package org.gotham.keycloak.legacy.password;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * passlib's {@code argon2}: {@code $argon2id$v=19$m=102400,t=2,p=8$salt$digest} (types i, d and id; version 16,
 * written without {@code v=}, or 19), salt and digest in base64 without padding. Argon2 is Bouncy Castle's, of the
 * UTF-8 password. A {@code keyid} or {@code data} parameter is refused (passlib's argon2_cffi backend cannot check
 * either).
 */
final class Argon2Hash extends PasslibHash {

    /** The most memory one check may take, in KiB (256 MiB; passlib's default is 100 MiB). */
    public static final long MAX_MEMORY_KIB = 256 * 1024;
    /** The most passes over that memory one check may make (passlib's default is 2). */
    public static final long MAX_TIME_COST = 16;

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2(i|d|id)\\$(?:v=([0-9]+)\\$)?m=([0-9]+),t=([0-9]+),p=([0-9]+)\\$([^$]+)\\$([^$]+)");

    /** passlib 1.7.4's defaults (those of argon2_cffi's PasswordHasher). */
    private static final int DEFAULT_MEMORY_KIB = 102_400;

    private static final int DEFAULT_TIME_COST = 2;
    private static final int DEFAULT_PARALLELISM = 8;

    private final String type;
    private final int version;
    private final long memory;
    private final long timeCost;
    private final long parallelism;
    private final byte[] salt;
    private final byte[] digest;

    private Argon2Hash(
            String type, int version, long memory, long timeCost, long parallelism, byte[] salt, byte[] digest) {
        super(PasslibScheme.ARGON2);
        this.type = type;
        this.version = version;
        this.memory = memory;
        this.timeCost = timeCost;
        this.parallelism = parallelism;
        this.salt = salt;
        this.digest = digest;
    }

    static Argon2Hash parseArgon2(String hash) {
        Matcher m = FORMAT.matcher(hash);
        if (!m.matches()) {
            return null;
        }
        long version = m.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : decimal(m.group(2));
        long memory = decimal(m.group(3));
        long timeCost = decimal(m.group(4));
        long parallelism = decimal(m.group(5));
        byte[] salt = b64sDecode(m.group(6));
        byte[] digest = b64sDecode(m.group(7));
        if ((version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13)
                || parallelism < 1
                || parallelism > 0xffffff
                || timeCost < 1
                || memory < 8 * parallelism
                || memory > 0xffffffffL
                || salt.length < 8
                || salt.length > 1024
                || digest.length < 4
                || digest.length > 1024) {
            return null;
        }
        return new Argon2Hash(m.group(1), (int) version, memory, timeCost, parallelism, salt, digest);
    }

    /** At passlib 1.7.4's defaults: argon2id, version 19, 100 MiB, 2 passes, 8 lanes, 16 bytes of salt and digest. */
    static String make(byte[] utf8, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Argon2Hash hash = new Argon2Hash(
                "id",
                Argon2Parameters.ARGON2_VERSION_13,
                DEFAULT_MEMORY_KIB,
                DEFAULT_TIME_COST,
                DEFAULT_PARALLELISM,
                salt,
                new byte[16]);
        return hash.withDigest(hash.derive(utf8)).format();
    }

    @Override
    boolean matches(byte[] utf8) {
        return constantTimeEquals(derive(utf8), digest);
    }

    @Override
    public String overLimit() {
        if (memory > MAX_MEMORY_KIB) {
            return memory + " KiB of memory (at most " + MAX_MEMORY_KIB + " are given)";
        }
        if (timeCost > MAX_TIME_COST) {
            return timeCost + " passes (at most " + MAX_TIME_COST + " are run)";
        }
        return null;
    }

    @Override
    boolean outdated(int bcryptCost) {
        return !type.equals("id")
                || version != Argon2Parameters.ARGON2_VERSION_13
                || memory < DEFAULT_MEMORY_KIB
                || timeCost < DEFAULT_TIME_COST;
    }

    /** Keycloak's name of the type: {@code i}, {@code d} or {@code id}. */
    String type() {
        return type;
    }

    /** Keycloak's name of the version: {@code 1.0} (16) or {@code 1.3} (19). */
    String keycloakVersion() {
        return version == Argon2Parameters.ARGON2_VERSION_13 ? "1.3" : "1.0";
    }

    int memory() {
        return (int) memory;
    }

    int timeCost() {
        return (int) timeCost;
    }

    int parallelism() {
        return (int) parallelism;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] digest() {
        return digest.clone();
    }

    /** The passlib string of a Keycloak argon2 credential's parts, or null if passlib could not have written it. */
    static String format(
            String type,
            String keycloakVersion,
            int memory,
            int timeCost,
            int parallelism,
            byte[] salt,
            byte[] digest) {
        int version =
                "1.3".equals(keycloakVersion) ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10;
        return new Argon2Hash(type, version, memory, timeCost, parallelism, salt, digest).format();
    }

    /** As passlib writes it. */
    String canonical() {
        return format();
    }

    private String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2" + type + "$"
                + (version == Argon2Parameters.ARGON2_VERSION_10 ? "" : "v=" + version + "$")
                + "m=" + memory + ",t=" + timeCost + ",p=" + parallelism + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(digest);
    }

    private Argon2Hash withDigest(byte[] newDigest) {
        return new Argon2Hash(type, version, memory, timeCost, parallelism, salt, newDigest);
    }

    private byte[] derive(byte[] utf8) {
        int kind = switch (type) {
            case "i" -> Argon2Parameters.ARGON2_i;
            case "d" -> Argon2Parameters.ARGON2_d;
            default -> Argon2Parameters.ARGON2_id;
        };
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(kind)
                .withVersion(version)
                .withMemoryAsKB((int) memory)
                .withIterations((int) timeCost)
                .withParallelism((int) parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[digest.length];
        generator.generateBytes(utf8, out);
        return out;
    }
}
