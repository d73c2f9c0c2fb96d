package org.gotham.bench;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The physical limit of each check, measured in the same run as the system that pays it: the same library doing
 * only that check, on every core (one thread per core), nothing else: Keycloak's own hash and RS256 here (a timing
 * loop), bcrypt in {@link BcryptCeiling} (JMH). Each thread's rate is taken between its first and last completion
 * inside the window, so a slow check cut by the window's edges costs no accuracy.
 */
final class Ceiling {

    /** One thread's repeated check: returns normally when the check gave the expected answer. */
    interface Check {
        void run() throws Exception;
    }

    private static volatile double lastCpuMillisPerCheck = Double.NaN;

    private Ceiling() {}

    /** CPU milliseconds one check took in the last measurement (thread CPU time over checks, all threads). */
    static double lastCpuMillisPerCheck() {
        return lastCpuMillisPerCheck;
    }

    /** Checks per second on {@code threads} threads over {@code seconds} (after one second of warm-up). */
    static double perSecond(int threads, double seconds, IntFunction<Check> checkForThread) {
        AtomicBoolean stop = new AtomicBoolean();
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long windowEnd = warmEnd + (long) (seconds * 1e9);
        double[] rates = new double[threads];
        double[] cpuNanos = new double[threads];
        long[] counts = new long[threads];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Thread> workers = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Check check = checkForThread.apply(t);
            Thread worker = new Thread(
                    () -> {
                        long first = -1;
                        long last = -1;
                        long count = 0;
                        long cpuFirst = 0;
                        long cpuLast = 0;
                        try {
                            while (!stop.get()) {
                                check.run();
                                long now = System.nanoTime();
                                if (now < warmEnd) {
                                    continue;
                                }
                                if (now > windowEnd) {
                                    break;
                                }
                                if (first < 0) {
                                    first = now;
                                    cpuFirst = mx.getCurrentThreadCpuTime();
                                } else {
                                    count++;
                                    last = now;
                                    cpuLast = mx.getCurrentThreadCpuTime();
                                }
                            }
                        } catch (Exception e) {
                            failure[0] = new IllegalStateException("ceiling check failed", e);
                        }
                        rates[index] = count > 0 ? count / ((last - first) / 1e9) : 0;
                        cpuNanos[index] = cpuLast - cpuFirst;
                        counts[index] = count;
                    },
                    "ceiling-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double total = 0;
        double cpu = 0;
        long checks = 0;
        for (int t = 0; t < threads; t++) {
            total += rates[t];
            cpu += cpuNanos[t];
            checks += counts[t];
        }
        lastCpuMillisPerCheck = checks == 0 ? Double.NaN : cpu / checks / 1e6;
        return total;
    }

    /**
     * Keycloak's default password hash as its credential data describes it: Argon2 through BouncyCastle's
     * {@code Argon2BytesGenerator} (what Keycloak's argon2 provider uses), or PBKDF2 through the JCA.
     */
    static double keycloakHash(int threads, double seconds, Json.Obj hash) {
        String algorithm = String.valueOf(hash.get("algorithm"));
        byte[] salt = new byte[16];
        if (algorithm.equals("argon2")) {
            int type = switch (String.valueOf(hash.get("type"))) {
                case "d" -> Argon2Parameters.ARGON2_d;
                case "i" -> Argon2Parameters.ARGON2_i;
                default -> Argon2Parameters.ARGON2_id;
            };
            int version = "1.0".equals(hash.get("version"))
                    ? Argon2Parameters.ARGON2_VERSION_10
                    : Argon2Parameters.ARGON2_VERSION_13;
            Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                    .withVersion(version)
                    .withSalt(salt)
                    .withIterations((Integer) hash.get("iterations"))
                    .withMemoryAsKB((Integer) hash.get("memoryKiB"))
                    .withParallelism((Integer) hash.get("parallelism"))
                    .build();
            int length = (Integer) hash.get("hashLength");
            return perSecond(threads, seconds, t -> {
                Argon2BytesGenerator generator = new Argon2BytesGenerator();
                return () -> {
                    generator.init(parameters);
                    generator.generateBytes("bench-password".toCharArray(), new byte[length]);
                };
            });
        }
        if (algorithm.startsWith("pbkdf2")) {
            String jca = switch (algorithm) {
                case "pbkdf2" -> "PBKDF2WithHmacSHA1";
                case "pbkdf2-sha256" -> "PBKDF2WithHmacSHA256";
                default -> "PBKDF2WithHmacSHA512";
            };
            int iterations = (Integer) hash.get("iterations");
            return perSecond(
                    threads,
                    seconds,
                    t -> () -> SecretKeyFactory.getInstance(jca)
                            .generateSecret(new PBEKeySpec("bench-password".toCharArray(), salt, iterations, 512)));
        }
        return Double.NaN;
    }

    /** RS256 signature checks with nimbus-jose-jwt's {@code RSASSAVerifier} (JCA), on already parsed tokens. */
    static double rs256Verify(int threads, double seconds, List<String> tokens, RSAPublicKey key) throws Exception {
        List<JWSObject> parsed = new ArrayList<>();
        for (String token : tokens.subList(0, Math.min(tokens.size(), 1000))) {
            parsed.add(JWSObject.parse(token));
        }
        return perSecond(threads, seconds, t -> {
            RSASSAVerifier verifier = new RSASSAVerifier(key);
            int[] next = {t};
            return () -> {
                JWSObject jws = parsed.get(next[0]++ % parsed.size());
                if (!verifier.verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature())) {
                    throw new IllegalStateException("RS256 signature did not verify");
                }
            };
        });
    }

    /** The same, parsing each token first (Base64 and JSON of header and claims), as a resource server must. */
    static double rs256ParseAndVerify(int threads, double seconds, List<String> tokens, RSAPublicKey key) {
        List<String> sample = tokens.subList(0, Math.min(tokens.size(), 1000));
        return perSecond(threads, seconds, t -> {
            RSASSAVerifier verifier = new RSASSAVerifier(key);
            int[] next = {t};
            return () -> {
                com.nimbusds.jwt.SignedJWT jwt =
                        com.nimbusds.jwt.SignedJWT.parse(sample.get(next[0]++ % sample.size()));
                if (!jwt.verify(verifier) || jwt.getJWTClaimsSet().getExpirationTime() == null) {
                    throw new IllegalStateException("RS256 token did not verify");
                }
            };
        });
    }
}
