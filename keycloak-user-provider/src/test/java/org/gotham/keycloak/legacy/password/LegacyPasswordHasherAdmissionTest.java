package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher.Result;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.Test;

/**
 * What a flood and an attacker's stopwatch meet in the hasher: the bounded queue in front of the bcrypt slots (a check
 * that cannot get one in time answers {@link Result#BUSY} without running) and the padding of a cheaper hash's
 * mismatch to the configured cost. The passlib rules themselves are {@link LegacyPasswordHasherTest}'s.
 */
class LegacyPasswordHasherAdmissionTest {

    private static final LegacyPasswordHasher HASHER = new LegacyPasswordHasher(2);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BATMAN = PasslibVectors.hash("2b cost 4");

    // ---- bounded admission ----

    @Test
    void aCheckThatFindsNoSlotInTimeIsNotRunAndAnswersBusy() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(1, 4, (hash, password) -> {
            runs.incrementAndGet();
            holding.countDown();
            await(release);
            return true;
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Result> first = pool.submit(() -> hasher.verify("pw", BATMAN));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(hasher.verify("pw", BATMAN, 4, Duration.ofMillis(50))).isEqualTo(Result.BUSY);
            assertThat(hasher.dummyCheck("pw", 4, Duration.ZERO)).isEqualTo(Result.BUSY);
            assertThat(runs).as("neither refused check ran").hasValue(1);

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Result.MATCH);
            assertThat(hasher.verify("pw", BATMAN, 4, Duration.ZERO))
                    .as("a free slot is taken at once, even with no wait allowed")
                    .isEqualTo(Result.MATCH);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aCheckBeyondTheWaitingLimitIsRefusedAtOnceWhateverItsWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(1, 2, (hash, password) -> {
            await(release);
            return false;
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Result>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one runs, two wait
                admitted.add(pool.submit(() -> hasher.verify("pw", BATMAN, 4, Duration.ofSeconds(30))));
            }
            awaitQueue(hasher, 2);

            long started = System.nanoTime();
            assertThat(hasher.verify("pw", BATMAN, 4, Duration.ofSeconds(30))).isEqualTo(Result.BUSY);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("refused without waiting")
                    .isLessThan(Duration.ofSeconds(5));

            release.countDown();
            for (Future<Result> result : admitted) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(Result.MISMATCH);
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void refusalsAreCountedInOneWarnPerInterval() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(1, 0, (hash, password) -> {
            holding.countDown();
            await(release);
            return false;
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (CapturedLog log = new CapturedLog()) {
            pool.submit(() -> hasher.verify("pw", BATMAN));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(hasher.verify("secret-" + i, BATMAN, 4, Duration.ZERO))
                        .isEqualTo(Result.BUSY);
            }
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0))
                    .contains("Refused 1 password check")
                    .doesNotContain("secret");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aCheckWaitsOnlyWhenTheChecksAheadOfItCanBeDoneWithinItsWait() {
        long quarterSecond = Duration.ofMillis(250).toNanos();
        Duration twoSeconds = Duration.ofSeconds(2);
        // two slots, checks of 0.25 s: 15 ahead need 2 s, 16 ahead more than 2 s
        assertThat(LegacyPasswordHasher.worthWaiting(15, quarterSecond, 2, twoSeconds))
                .isTrue();
        assertThat(LegacyPasswordHasher.worthWaiting(16, quarterSecond, 2, twoSeconds))
                .isFalse();
        // cheap checks queue deep
        assertThat(LegacyPasswordHasher.worthWaiting(100, Duration.ofMillis(1).toNanos(), 2, twoSeconds))
                .isTrue();
        // no measurement yet: wait; no wait allowed: never
        assertThat(LegacyPasswordHasher.worthWaiting(1_000, 0, 1, twoSeconds)).isTrue();
        assertThat(LegacyPasswordHasher.worthWaiting(0, 0, 1, Duration.ZERO)).isFalse();
    }

    // ---- a mismatch costs the configured cost, whatever the stored one ----

    @Test
    void aMismatchOfACheaperHashIsPaddedWithOneCheckPerCostStepUpToTheConfiguredCost() {
        List<Integer> costs = new ArrayList<>();
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(1, (hash, password) -> {
            costs.add(LegacyPasswordHasher.costOf(hash));
            return false;
        });
        String cost4 = PasslibVectors.hash("2b cost 4");

        assertThat(hasher.verify("wrong", cost4, 8, WAIT)).isEqualTo(Result.MISMATCH);

        // 2^4 + 2^4 + 2^5 + 2^6 + 2^7 = 2^8: the work of one check at cost 8
        assertThat(costs).containsExactly(4, 4, 5, 6, 7);
        assertThat(costs.stream().mapToLong(c -> 1L << c).sum()).isEqualTo(1L << 8);
    }

    @Test
    void aMatchAndAHashAtOrAboveThePaddedCostAreNotPadded() {
        List<Integer> costs = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        LegacyPasswordHasher matching = new LegacyPasswordHasher(1, (hash, password) -> {
            calls.incrementAndGet();
            return true;
        });
        assertThat(matching.verify("right", PasslibVectors.hash("2b cost 4"), 12, WAIT))
                .isEqualTo(Result.MATCH);
        assertThat(calls).hasValue(1);

        LegacyPasswordHasher mismatching = new LegacyPasswordHasher(1, (hash, password) -> {
            costs.add(LegacyPasswordHasher.costOf(hash));
            return false;
        });
        String cost12 = PasslibVectors.hash("2b cost 12 (passlib default)");
        assertThat(mismatching.verify("wrong", cost12, 12, WAIT)).isEqualTo(Result.MISMATCH);
        assertThat(mismatching.verify("wrong", cost12, 10, WAIT)).isEqualTo(Result.MISMATCH);
        assertThat(costs).containsExactly(12, 12);
    }

    @Test
    void aPaddedMismatchOfARealBcryptHashStillAnswersMismatch() {
        // a real check, not a timing assertion: the padded mismatch runs and still answers MISMATCH
        assertThat(HASHER.verify("wrong", PasslibVectors.hash("2b cost 4"), 6, WAIT))
                .isEqualTo(Result.MISMATCH);
        assertThat(HASHER.verify("password", PasslibVectors.hash("2b cost 4"), 6, WAIT))
                .isEqualTo(HASHER.verify("password", PasslibVectors.hash("2b cost 4")));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQueue(LegacyPasswordHasher hasher, int waiting) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hasher.waiting() < waiting) {
            assertThat(System.nanoTime()).as("%d checks waiting", waiting).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
