package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher.Result;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyPasswordHasherTest {

    private static final LegacyPasswordHasher HASHER = new LegacyPasswordHasher(2);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A real passlib hash of "IamVengeance1" (2b, cost 4), from the vectors. */
    private static final String BATMAN = PasslibVectors.hash("2b cost 4");

    /** Every check in passlib-vectors.json (made by the real passlib, see make_vectors.py) gives passlib's answer. */
    @TestFactory
    Stream<DynamicTest> everyPasslibVectorVerifiesExactlyAsPasslibSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors()) {
            String hash = vector.get("hash").asText();
            for (JsonNode check : vector.get("checks")) {
                String password = check.get("password").asText();
                boolean matches = check.get("matches").asBoolean();
                String name = vector.get("note").asText() + ": "
                        + check.get("utf8Bytes").asInt() + "-byte password " + (matches ? "verifies" : "is rejected");
                tests.add(dynamicTest(
                        name,
                        () -> assertThat(HASHER.verify(password, hash))
                                .isEqualTo(matches ? Result.MATCH : Result.MISMATCH)));
            }
        }
        return tests.stream();
    }

    @Test
    void vectorsCoverEveryPrefixCostsFourToTwelveAndTheLongPasswordRules() {
        List<String> hashes = new ArrayList<>();
        vectors().forEach(vector -> hashes.add(vector.get("hash").asText()));
        assertThat(hashes)
                .anyMatch(h -> h.startsWith("$2a$"))
                .anyMatch(h -> h.startsWith("$2b$"))
                .anyMatch(h -> h.startsWith("$2y$"));
        assertThat(hashes.stream().map(LegacyPasswordHasher::costOf).distinct()).contains(4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(vector("90 bytes: only the first 72 count").get("checks")).hasSize(4);
    }

    @Test
    void bcrypt2yHashOfLegacyUserVerifies() {
        assertThat(HASHER.verify(
                        "commissi\u00f8ner-\u00e9t\u00e9",
                        vector("2y cost 5").get("hash").asText()))
                .isEqualTo(Result.MATCH);
    }

    @Test
    void bcrypt2aHashOfLegacyUserVerifies() {
        assertThat(HASHER.verify("alfred", vector("2a cost 4").get("hash").asText()))
                .isEqualTo(Result.MATCH);
    }

    @Test
    void ninetyBytePasswordSignsInWhenItsFirstSeventyTwoBytesMatch() {
        String hash = vector("90 bytes: only the first 72 count").get("hash").asText();
        String first72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_=+!@#$%^";
        assertThat(HASHER.verify(first72 + "A".repeat(18), hash)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify(first72 + "Z".repeat(18), hash)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify(first72.substring(0, 71) + "?" + "A".repeat(18), hash))
                .isEqualTo(Result.MISMATCH);
    }

    @Test
    void wrongAndNullPasswordsAreMismatches() {
        assertThat(HASHER.verify("IamVengeance1", BATMAN)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("iamvengeance1", BATMAN)).isEqualTo(Result.MISMATCH);
        assertThat(HASHER.verify("", BATMAN)).isEqualTo(Result.MISMATCH);
        assertThat(HASHER.verify(null, BATMAN)).isEqualTo(Result.MISMATCH);
        assertThat(HASHER.verify("x".repeat(10 * 1024), BATMAN)).isEqualTo(Result.MISMATCH);
        assertThat(HASHER.verify("\ud800 lone surrogate", BATMAN)).isEqualTo(Result.MISMATCH);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7ln", // truncated by one
                "$2b$04$8c0ccuzc2SR5cGaHwB/dZe", // salt only
                "$2b$04$",
                "$2b$",
                "$2x$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // unknown prefix
                "$2$4$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // the old $2$ with a one-digit cost
                "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", // md5-crypt
                "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
                "$pbkdf2-sha256$29000$N2bMmZMSQmitdQ6B0Nq7Fw$bMVv0bBBNA5fLKzqYlfC5R1bZXm2dwKZsdtlQLOmSs4",
                "$2b$03$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // cost below 4
                "$2b$32$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // cost above 31
                "$2b$4$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // one-digit cost
                "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7ln*", // not bcrypt base64
                " $2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne", // whitespace around
                "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne\n",
                "IamVengeance1", // a plaintext "hash"
            })
    void unusableHashesFailWithoutException(String hash) {
        assertThat(LegacyPasswordHasher.isUsableHash(hash)).isFalse();
        assertThat(HASHER.verify("IamVengeance1", hash)).isEqualTo(Result.UNUSABLE_HASH);
        assertThat(HASHER.verify(null, hash)).isEqualTo(Result.UNUSABLE_HASH);
    }

    @Test
    void hashIsPasslibStyle2bAtTheRequestedCost() {
        String hash = HASHER.hash("IamVengeance1", 5);
        assertThat(hash).startsWith("$2b$05$").hasSize(60);
        assertThat(LegacyPasswordHasher.costOf(hash)).isEqualTo(5);
        assertThat(HASHER.verify("IamVengeance1", hash)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("IamVengeance2", hash)).isEqualTo(Result.MISMATCH);
        assertThat(HASHER.hash("IamVengeance1", 5))
                .as("a fresh salt every time")
                .isNotEqualTo(hash);
    }

    @Test
    void hashRefusesWhatPasslibWouldSilentlyCutOrCannotStore() {
        String seventyTwo = "\u00e9".repeat(36);
        assertThat(HASHER.hash(seventyTwo, 4)).startsWith("$2b$04$");
        assertThatThrownBy(() -> HASHER.hash(seventyTwo + "x", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(seventyTwo);
        assertThatThrownBy(() -> HASHER.hash(null, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HASHER.hash("pw", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HASHER.hash("pw", 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passlibAcceptsTheHashesWeMake() throws Exception {
        Requirements.require("passlib under " + Passlib.PYTHON, Passlib.unavailableReason());
        List<String> passwords = List.of(
                "IamVengeance1",
                "commissi\u00f8ner-\u00e9t\u00e9",
                "",
                "\ud83e\udd87bat",
                "q".repeat(72),
                "oracle:sees/all");
        List<Map<String, String>> pairs = new ArrayList<>();
        for (String password : passwords) {
            String hash = HASHER.hash(password, 4);
            pairs.add(Map.of("password", password, "hash", hash));
            pairs.add(Map.of("password", password + "!", "hash", hash));
        }
        pairs.add(Map.of("password", "IamVengeance1", "hash", HASHER.hash("IamVengeance1", 12)));
        List<Boolean> expected = new ArrayList<>();
        for (String password : passwords) {
            expected.add(true);
            expected.add(password.length() == 72); // a 73rd byte is ignored by passlib too
        }
        expected.add(true);
        assertThat(Passlib.verify(pairs)).isEqualTo(expected);
    }

    @Test
    void atMostTheConfiguredNumberOfChecksRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(2, (hash, password) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return true;
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> hasher.verify("pw", BATMAN)));
            }
            for (Future<Result> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(Result.MATCH);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    void defaultLimitIsOneCheckPerCore() {
        assertThat(LegacyPasswordHasher.forAvailableProcessors().maxConcurrent())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static List<JsonNode> vectors() {
        return PasslibVectors.all();
    }

    private static JsonNode vector(String note) {
        return PasslibVectors.byNote(note);
    }

    // ---- rehash rules, as passlib's deprecated="auto" with a $2b$ context at a given cost ----

    @ParameterizedTest
    @ValueSource(strings = {"2a cost 4", "2y cost 4", "2b cost 4"})
    void deprecatedPrefixOrLowerCostNeedsARehash(String note) {
        assertThat(LegacyPasswordHasher.needsRehash(PasslibVectors.hash(note), 12))
                .isTrue();
    }

    @Test
    void a2bHashAtOrAboveTheCostIsKeptAndAnUnusableOneIsNeverRehashed() {
        String cost12 = PasslibVectors.hash("2b cost 12 (passlib default)");
        assertThat(LegacyPasswordHasher.needsRehash(cost12, 12)).isFalse();
        assertThat(LegacyPasswordHasher.needsRehash(cost12, 10))
                .as("a higher cost is kept")
                .isFalse();
        assertThat(LegacyPasswordHasher.needsRehash(PasslibVectors.hash("2a cost 4"), 4))
                .as("prefix")
                .isTrue();
        assertThat(LegacyPasswordHasher.needsRehash("$2b$04$tooShort", 12)).isFalse();
        assertThat(LegacyPasswordHasher.needsRehash(null, 12)).isFalse();
    }

    @Test
    void rehashOfALongPasswordKeepsWhatPasslibChecksTheFirst72Bytes() {
        String password = "q".repeat(90);
        String rehashed = HASHER.rehash(password, 5);
        assertThat(rehashed).startsWith("$2b$05$");
        assertThat(HASHER.verify(password, rehashed)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("q".repeat(72) + "anything", rehashed)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("q".repeat(71), rehashed)).isEqualTo(Result.MISMATCH);
        assertThatThrownBy(() -> HASHER.hash(password, 5))
                .as("a new password is never cut")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8LengthCountsBytesAsPasslibDoes() {
        assertThat(LegacyPasswordHasher.utf8Length("abc")).isEqualTo(3);
        assertThat(LegacyPasswordHasher.utf8Length("é")).isEqualTo(2);
        assertThat(LegacyPasswordHasher.utf8Length("🐈")).isEqualTo(4);
        assertThat(LegacyPasswordHasher.utf8Length("\ud800")).isEqualTo(-1);
        assertThat(LegacyPasswordHasher.utf8Length(null)).isEqualTo(-1);
    }

    @Test
    void dummyCheckRunsOneBcryptCheckAtTheRequestedCostThroughTheSameQueue() {
        List<String> checked = new ArrayList<>();
        LegacyPasswordHasher hasher = new LegacyPasswordHasher(1, (hash, password) -> {
            checked.add(hash);
            return false;
        });
        hasher.dummyCheck("whatever", 6, WAIT);
        hasher.dummyCheck("something else", 6, WAIT);
        hasher.dummyCheck("x", 5, WAIT);
        assertThat(checked).hasSize(3);
        assertThat(checked.get(0)).startsWith("$2b$06$").isEqualTo(checked.get(1));
        assertThat(checked.get(2)).startsWith("$2b$05$");
    }

    @Test
    void everyFactoryOfTheJarSharesOneHasher() {
        assertThat(LegacyPasswordHasher.shared()).isSameAs(LegacyPasswordHasher.shared());
    }
}
