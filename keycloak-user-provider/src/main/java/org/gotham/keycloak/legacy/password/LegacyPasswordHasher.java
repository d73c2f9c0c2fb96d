package org.gotham.keycloak.legacy.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.jboss.logging.Logger;

/**
 * The only class that checks and makes password hashes: the way the legacy app's passlib does, for the schemes a
 * component accepts ({@link PasswordSchemes}; the formats and their checks are in {@link PasslibHash}).
 *
 * <p>passlib accepts {@code $2$}, {@code $2a$}, {@code $2b$} and {@code $2y$} bcrypt hashes of any cost (4 to 31),
 * encodes passwords as UTF-8 and, for bcrypt, uses only their first 72 bytes. BouncyCastle's {@link OpenBSDBCrypt}
 * (shipped by Keycloak) behaves the same; the passlib vectors in the tests hold every scheme to passlib's answers.
 * A hash of a scheme the component does not accept, a malformed one, or one asking for more work than
 * {@link PasslibHash#overLimit} allows is {@link Result#UNUSABLE_HASH} and never run.
 *
 * <p>bcrypt is deliberately slow (about 0.25 s of CPU at cost 12), so at most {@code maxConcurrent} checks or hashes
 * run at once, waiting in a fair queue: a burst of sign-ins cannot starve Keycloak's other threads of CPU. The queue of
 * checks is bounded: each check waits at most the time its caller gives ({@link #DEFAULT_MAX_WAIT} unless the
 * component says otherwise), and a check that would not get a slot within that time, judging by how long checks have
 * been taking and how many wait before it, is refused at once instead of after the wait (never more than
 * {@code maxWaiting} wait in any case). A refused check is not run and answers {@link Result#BUSY}, so a flood of
 * sign-ins holds Keycloak's HTTP workers for a bounded time and a refused client can try again, instead of every
 * request queueing behind the flood; cheap checks (a low cost) queue as deep as their speed allows. Refusals are
 * counted in a WARN at most every {@link #WARN_INTERVAL}.
 *
 * <p>A mismatch costs the same whatever the stored cost, up to the cost the caller pads to: after a failed check of a
 * cheaper hash, checks of the same password against hashes of each cost from the stored one up to one below the
 * padded one run under the same slot. bcrypt's work doubles with each cost step, so those add up to exactly the work
 * of one check at the padded cost ({@code 2^c + 2^c + 2^(c+1) + ... + 2^(C-1) = 2^C}). A hash of a higher cost than
 * the padded one cannot be made cheaper: the docs tell operators to set the component's cost to the table's highest.
 * A mismatch of a hash of another scheme is followed by one check at the padded cost.
 */
public final class LegacyPasswordHasher {

    /** What a check found. Only {@link #MATCH} signs anyone in. */
    public enum Result {
        MATCH,
        MISMATCH,
        /**
         * The stored value is not a hash we may check (NULL, empty, truncated, a scheme not accepted, over the work
         * limits, ...).
         */
        UNUSABLE_HASH,
        /** Not checked: too many checks were waiting, or none of the slots came free in time. Says nothing. */
        BUSY
    }

    /** How long a check waits for a slot unless its component sets another limit. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);
    /** Checks that may wait for a slot, per slot, however fast checks are. */
    public static final int WAITING_PER_SLOT = 64;
    /** How much of each new check time goes into the running average (1/8, as TCP's smoothed round-trip time). */
    private static final int AVERAGE_WEIGHT = 8;
    /** At most one WARN about refused checks per interval; the count covers the whole interval. */
    static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(LegacyPasswordHasher.class);

    public static final int MIN_COST = 4;
    /** What passlib's {@code CryptContext(schemes=["bcrypt"])} uses. */
    public static final int PASSLIB_DEFAULT_COST = 12;

    public static final int MAX_COST = 31;
    /** passlib silently ignores every byte after the 72nd. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /** The bcrypt check itself; replaceable only so that tests can watch the concurrency limit. */
    interface Check {
        boolean matches(String hash, byte[] utf8Password);
    }

    /** The one hasher of this JVM, shared by the user storage and the password hash provider factories. */
    private static volatile LegacyPasswordHasher shared;

    private final Semaphore permits;
    private final int maxConcurrent;
    private final int maxWaiting;
    private final Check check;
    private final AtomicLong refusedSinceWarning = new AtomicLong();
    /** A smoothed average of how long one check (with its padding) holds a slot, in ns; 0 until the first one. */
    private final AtomicLong averageCheckNanos = new AtomicLong();

    private final AtomicLong nextWarningNanos = new AtomicLong(System.nanoTime());
    private final SecureRandom random = new SecureRandom();
    /** Per cost, a hash of a random secret that nobody knows: what a sign-in for an unknown user is checked against. */
    private final Map<Integer, String> dummyHashes = new ConcurrentHashMap<>();

    public LegacyPasswordHasher(int maxConcurrent) {
        this(maxConcurrent, (hash, utf8) -> PasslibHash.parse(hash).matches(utf8));
    }

    LegacyPasswordHasher(int maxConcurrent, Check check) {
        this(maxConcurrent, WAITING_PER_SLOT * maxConcurrent, check);
    }

    LegacyPasswordHasher(int maxConcurrent, int maxWaiting, Check check) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must not be negative");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxWaiting = maxWaiting;
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

    /** About how many checks wait for a slot now. */
    int waiting() {
        return permits.getQueueLength();
    }

    /** Whether {@code hash} is a bcrypt hash this class can check; says nothing about any password. */
    public static boolean isUsableHash(String hash) {
        return PasswordSchemes.BCRYPT_ONLY.usable(hash) != null;
    }

    /** The bcrypt cost of a hash of the bcrypt family, or -1. */
    public static int costOf(String hash) {
        PasslibHash parsed = PasslibHash.parse(hash);
        return parsed == null ? -1 : parsed.bcryptCost();
    }

    /**
     * Whether passlib's {@code deprecated="auto"} would replace this bcrypt hash after a successful sign-in, for a
     * context that makes {@code $2b$} hashes at {@code cost}: another prefix ({@code $2$}, {@code $2a$}, {@code $2y$})
     * or a lower cost. A higher cost is kept. An unusable hash is never rehashed (it never verifies).
     */
    public static boolean needsRehash(String hash, int cost) {
        return PasswordSchemes.BCRYPT_ONLY.needsUpdate(hash, cost);
    }

    /** The length of a password as passlib counts it (UTF-8 bytes), or -1 if it is not well-formed text. */
    public static int utf8Length(String password) {
        byte[] utf8 = password == null ? null : utf8(password);
        return utf8 == null ? -1 : utf8.length;
    }

    /**
     * Checks a password against a stored hash as passlib would, waiting up to {@link #DEFAULT_MAX_WAIT} for a slot,
     * without padding. Never throws and never runs bcrypt on an unusable hash; a {@code null} password is a mismatch.
     */
    public Result verify(String password, String hash) {
        return verify(password, hash, PasswordSchemes.BCRYPT_ONLY, MIN_COST, DEFAULT_MAX_WAIT);
    }

    /** {@link #verify(String, String, PasswordSchemes, int, Duration)} of bcrypt alone. */
    public Result verify(String password, String hash, int padToCost, Duration maxWait) {
        return verify(password, hash, PasswordSchemes.BCRYPT_ONLY, padToCost, maxWait);
    }

    /**
     * Checks a password against a stored hash as passlib would with a context of {@code schemes}. A mismatch of a
     * hash cheaper than {@code padToCost} costs what a check at {@code padToCost} costs (see the class comment). Waits
     * at most {@code maxWait} for a slot, and not at all when too many checks already wait: then nothing runs and the
     * answer is {@link Result#BUSY}. Never throws and never runs anything on an unusable hash; a {@code null}
     * password, or one passlib refuses (over {@value PasslibHash#MAX_PASSWORD_BYTES} bytes), is a mismatch.
     */
    public Result verify(String password, String hash, PasswordSchemes schemes, int padToCost, Duration maxWait) {
        PasslibHash parsed = schemes.usable(hash);
        if (parsed == null) {
            return Result.UNUSABLE_HASH;
        }
        if (password == null) {
            return Result.MISMATCH;
        }
        byte[] utf8 = utf8(password);
        if (utf8 == null) {
            return Result.MISMATCH; // not text (a lone surrogate): passlib could not have hashed it either
        }
        long asked = System.nanoTime();
        if (!admit(maxWait)) {
            Arrays.fill(utf8, (byte) 0);
            LegacyMetrics.passwordCheckRefused(System.nanoTime() - asked);
            return Result.BUSY;
        }
        long started = System.nanoTime();
        try {
            if (utf8.length <= PasslibHash.MAX_PASSWORD_BYTES && check.matches(hash, utf8)) {
                return Result.MATCH;
            }
            int cost = parsed.bcryptCost();
            if (cost < 0 && padToCost > MIN_COST) {
                check.matches(dummyHash(padToCost), utf8);
            }
            for (; cost >= 0 && cost < padToCost; cost++) {
                check.matches(dummyHash(cost), utf8);
            }
            return Result.MISMATCH;
        } catch (RuntimeException e) {
            // A hash that parsed but that the implementation still refuses (e.g. a salt it cannot decode).
            // The exception text may quote the hash, so it goes nowhere.
            return Result.UNUSABLE_HASH;
        } finally {
            permits.release();
            Arrays.fill(utf8, (byte) 0);
            long took = System.nanoTime() - started;
            recordCheck(took);
            LegacyMetrics.passwordCheck(started - asked, took);
        }
    }

    /** {@link #hash(String, PasswordSchemes, int)} as bcrypt: a {@code $2b$} hash. */
    public String hash(String password, int cost) {
        return hash(password, PasswordSchemes.BCRYPT_ONLY, cost);
    }

    /**
     * Makes a hash in the scheme {@code schemes} writes that passlib accepts ({@code cost} for the bcrypt family,
     * passlib's defaults for the others).
     *
     * @throws IllegalArgumentException if the password is null, longer than 72 UTF-8 bytes for bcrypt (passlib would
     *     silently cut it, so refuse it instead) or than passlib takes, or the cost is outside 4..31
     */
    public String hash(String password, PasswordSchemes schemes, int cost) {
        byte[] utf8 = hashable(password, cost);
        int max = schemes.writes().cutsAt72Bytes() ? MAX_PASSWORD_BYTES : PasslibHash.MAX_PASSWORD_BYTES;
        if (utf8.length > max) {
            Arrays.fill(utf8, (byte) 0);
            throw new IllegalArgumentException("password is longer than " + max + " bytes in UTF-8");
        }
        return generate(schemes.writes(), utf8, cost);
    }

    /** {@link #rehash(String, PasswordSchemes, int)} as bcrypt: a {@code $2b$} hash. */
    public String rehash(String password, int cost) {
        return rehash(password, PasswordSchemes.BCRYPT_ONLY, cost);
    }

    /**
     * Makes a hash in the written scheme for a password that just verified against an older hash, as passlib's rehash
     * does. bcrypt takes the first 72 UTF-8 bytes (all that a bcrypt hash holds of a password), so the same password
     * still verifies (in passlib and here) however long it is; the other schemes take the password as typed.
     *
     * @throws IllegalArgumentException if the password is null or not text, or the cost is outside 4..31
     */
    public String rehash(String password, PasswordSchemes schemes, int cost) {
        byte[] utf8 = hashable(password, cost);
        if (schemes.writes().cutsAt72Bytes() && utf8.length > MAX_PASSWORD_BYTES) {
            byte[] all = utf8;
            utf8 = Arrays.copyOf(all, MAX_PASSWORD_BYTES);
            Arrays.fill(all, (byte) 0);
        }
        return generate(schemes.writes(), utf8, cost);
    }

    /**
     * Spends what checking a password at {@code cost} spends, with the same queue and its bounds, and answers only
     * whether it ran ({@link Result#MISMATCH}) or was refused ({@link Result#BUSY}): a sign-in for an unknown name
     * then costs as much as a known name with a wrong password, so timing does not tell which names exist. The hash it
     * checks against is made once per cost, of a random secret.
     */
    public Result dummyCheck(String password, int cost, Duration maxWait) {
        Result result = verify(password == null ? "" : password, dummyHash(cost), MIN_COST, maxWait);
        return result == Result.BUSY ? Result.BUSY : Result.MISMATCH;
    }

    /** A hash of a random secret at this cost, made once (outside the queue: it may be made while holding a slot). */
    private String dummyHash(int cost) {
        return dummyHashes.computeIfAbsent(cost, c -> {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            return OpenBSDBCrypt.generate("2b", secret, salt, c);
        });
    }

    /**
     * Takes a slot if one comes free within {@code maxWait}, without waiting at all when that is not to be expected
     * ({@link #worthWaiting}) or {@code maxWaiting} checks wait already (a fair queue: no check jumps ahead of the
     * waiting ones).
     */
    private boolean admit(Duration maxWait) {
        boolean admitted;
        try {
            int waiting;
            admitted = permits.tryAcquire(0, TimeUnit.NANOSECONDS)
                    || ((waiting = permits.getQueueLength()) < maxWaiting
                            && worthWaiting(waiting, averageCheckNanos.get(), maxConcurrent, maxWait)
                            && permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            refused(maxWait);
        }
        return admitted;
    }

    /**
     * Whether a check that finds {@code waiting} checks ahead of it can expect a slot within {@code maxWait}: they and
     * it need {@code waiting + 1} checks' time, shared by {@code slots} slots. With no measurement yet, it may wait.
     */
    static boolean worthWaiting(int waiting, long averageCheckNanos, int slots, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            return false;
        }
        long expected = (waiting + 1L) * averageCheckNanos / slots;
        return expected <= maxWait.toNanos();
    }

    private void recordCheck(long nanos) {
        averageCheckNanos.getAndUpdate(average -> average == 0 ? nanos : average + (nanos - average) / AVERAGE_WEIGHT);
    }

    private void refused(Duration maxWait) {
        refusedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long due = nextWarningNanos.get();
        if (now - due >= 0 && nextWarningNanos.compareAndSet(due, now + WARN_INTERVAL.toNanos())) {
            long count = refusedSinceWarning.getAndSet(0);
            LOG.warnf(
                    "Refused %d password check(s) in the last %d s: all %d bcrypt slots were busy and %d checks "
                            + "waited (at most %d may wait, each at most %d ms). The sign-ins were answered "
                            + "'temporarily unavailable' and not counted as failures.",
                    count,
                    WARN_INTERVAL.toSeconds(),
                    maxConcurrent,
                    permits.getQueueLength(),
                    maxWaiting,
                    maxWait.toMillis());
        }
    }

    /** A new hash with a fresh salt, in the queue; clears {@code utf8} afterwards. */
    private String generate(PasslibScheme scheme, byte[] utf8, int cost) {
        permits.acquireUninterruptibly();
        try {
            return PasslibHash.make(scheme, utf8, cost, random);
        } finally {
            permits.release();
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /**
     * The password's UTF-8 bytes, for a new hash at {@code cost}.
     *
     * @throws IllegalArgumentException if the password is null or not text, or the cost is outside 4..31
     */
    private static byte[] hashable(String password, int cost) {
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
        return utf8;
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
