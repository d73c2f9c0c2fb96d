package org.gotham.keycloak.legacy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The only class that touches bcrypt: checks and makes hashes the way the legacy app's passlib does.
 *
 * <p>passlib accepts {@code $2a$}, {@code $2b$} and {@code $2y$} hashes of any cost (4 to 31), encodes passwords as
 * UTF-8 and uses only their first 72 bytes. BouncyCastle's {@link OpenBSDBCrypt} (shipped by Keycloak) behaves the
 * same; the passlib vectors in the tests hold both to it.
 *
 * <p>bcrypt is deliberately slow (about 0.25 s of CPU at cost 12), so at most {@code maxConcurrent} checks or hashes
 * run at once, waiting in a fair queue: a burst of sign-ins cannot starve Keycloak's other threads of CPU.
 */
public final class LegacyPasswordHasher {

    /** What a check found. Only {@link #MATCH} signs anyone in. */
    public enum Result {
        MATCH,
        MISMATCH,
        /** The stored value is not a bcrypt hash we can check (NULL, empty, truncated, unknown prefix, ...). */
        UNUSABLE_HASH
    }

    public static final int MIN_COST = 4;
    public static final int MAX_COST = 31;
    /** passlib silently ignores every byte after the 72nd. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /** {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost, 22 salt and 31 hash characters. */
    private static final Pattern BCRYPT_HASH =
            Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** The bcrypt check itself; replaceable only so that tests can watch the concurrency limit. */
    interface Check {
        boolean matches(String hash, byte[] utf8Password);
    }

    /** The one hasher of this JVM, shared by the user storage and the password hash provider factories. */
    private static volatile LegacyPasswordHasher shared;

    private final Semaphore permits;
    private final int maxConcurrent;
    private final Check check;
    private final SecureRandom random = new SecureRandom();
    /** Per cost, a hash of a random secret that nobody knows: what a sign-in for an unknown user is checked against. */
    private final Map<Integer, String> dummyHashes = new ConcurrentHashMap<>();

    public LegacyPasswordHasher(int maxConcurrent) {
        this(maxConcurrent, OpenBSDBCrypt::checkPassword);
    }

    LegacyPasswordHasher(int maxConcurrent, Check check) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent, true);
        this.check = check;
    }

    /** One check at a time per core. */
    public static LegacyPasswordHasher forAvailableProcessors() {
        return new LegacyPasswordHasher(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The hasher every factory of this jar uses, so that one limit of concurrent bcrypt work holds for the whole
     * Keycloak, whichever SPI asks.
     */
    public static LegacyPasswordHasher shared() {
        LegacyPasswordHasher hasher = shared;
        if (hasher == null) {
            synchronized (LegacyPasswordHasher.class) {
                if (shared == null) {
                    shared = forAvailableProcessors();
                }
                hasher = shared;
            }
        }
        return hasher;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Whether {@code hash} is a bcrypt hash this class can check; says nothing about any password. */
    public static boolean isUsableHash(String hash) {
        return hash != null && BCRYPT_HASH.matcher(hash).matches();
    }

    /** The cost of a usable hash, or -1. Lets the write-back code decide on a rehash. */
    public static int costOf(String hash) {
        return isUsableHash(hash) ? Integer.parseInt(hash.substring(4, 6)) : -1;
    }

    /**
     * Whether passlib's {@code deprecated="auto"} would replace this hash after a successful sign-in, for a context
     * that makes {@code $2b$} hashes at {@code cost}: another prefix ({@code $2a$}, {@code $2y$}) or a lower cost. A
     * higher cost is kept. An unusable hash is never rehashed (it never verifies).
     */
    public static boolean needsRehash(String hash, int cost) {
        return isUsableHash(hash) && (!hash.startsWith("$2b$") || costOf(hash) < cost);
    }

    /** The length of a password as passlib counts it (UTF-8 bytes), or -1 if it is not well-formed text. */
    public static int utf8Length(String password) {
        byte[] utf8 = password == null ? null : utf8(password);
        return utf8 == null ? -1 : utf8.length;
    }

    /**
     * Checks a password against a stored hash as passlib would. Never throws and never runs bcrypt on an unusable
     * hash; a {@code null} password is a mismatch.
     */
    public Result verify(String password, String hash) {
        if (!isUsableHash(hash)) {
            return Result.UNUSABLE_HASH;
        }
        if (password == null) {
            return Result.MISMATCH;
        }
        byte[] utf8 = utf8(password);
        if (utf8 == null) {
            return Result.MISMATCH; // not text (a lone surrogate): passlib could not have hashed it either
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.MISMATCH;
        }
        try {
            return check.matches(hash, utf8) ? Result.MATCH : Result.MISMATCH;
        } catch (RuntimeException e) {
            // A hash that passed the pattern but that BouncyCastle still refuses (e.g. a salt it cannot decode).
            // The exception text may quote the hash, so it goes nowhere.
            return Result.UNUSABLE_HASH;
        } finally {
            permits.release();
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /**
     * Makes a {@code $2b$} hash that passlib accepts.
     *
     * @throws IllegalArgumentException if the password is null, longer than 72 UTF-8 bytes (passlib would silently
     *     cut it, so refuse it instead), or the cost is outside 4..31
     */
    public String hash(String password, int cost) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be from " + MIN_COST + " to " + MAX_COST);
        }
        byte[] utf8 = utf8(password);
        if (utf8 == null) {
            throw new IllegalArgumentException("password is not valid Unicode text");
        }
        if (utf8.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password is longer than " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return generate(utf8, cost);
    }

    /**
     * Makes a {@code $2b$} hash for a password that just verified against an older hash, as passlib's rehash does:
     * of the first 72 UTF-8 bytes, which is all that the old hash held of it, so the same password still verifies
     * (in passlib and here) however long it is.
     *
     * @throws IllegalArgumentException if the password is null or not text, or the cost is outside 4..31
     */
    public String rehash(String password, int cost) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be from " + MIN_COST + " to " + MAX_COST);
        }
        byte[] utf8 = utf8(password);
        if (utf8 == null) {
            throw new IllegalArgumentException("password is not valid Unicode text");
        }
        if (utf8.length > MAX_PASSWORD_BYTES) {
            byte[] all = utf8;
            utf8 = Arrays.copyOf(all, MAX_PASSWORD_BYTES);
            Arrays.fill(all, (byte) 0);
        }
        return generate(utf8, cost);
    }

    /**
     * Spends what checking a password at {@code cost} spends, with the same queue, and answers nothing: a sign-in
     * for an unknown name then costs as much as a known name with a wrong password, so timing does not tell which
     * names exist. The hash it checks against is made once per cost, of a random secret.
     */
    public void dummyCheck(String password, int cost) {
        String dummy = dummyHashes.computeIfAbsent(cost, c -> {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            return generate(secret, c);
        });
        verify(password == null ? "" : password, dummy);
    }

    /** bcrypt with a fresh 16-byte salt, in the queue; clears {@code utf8} afterwards. */
    private String generate(byte[] utf8, int cost) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        permits.acquireUninterruptibly();
        try {
            return OpenBSDBCrypt.generate("2b", utf8, salt, cost);
        } finally {
            permits.release();
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /** The password as passlib encodes it (UTF-8), or null if it is not well-formed text. */
    private static byte[] utf8(String password) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
