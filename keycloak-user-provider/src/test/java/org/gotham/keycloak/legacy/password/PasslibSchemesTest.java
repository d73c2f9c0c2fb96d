package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher.Result;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scheme against what the real passlib 1.7.4 said (passlib-scheme-vectors.json, made by make_scheme_vectors.py):
 * passlib's own known answers, hashes it made, and malformed ones.
 */
class PasslibSchemesTest {

    private static final LegacyPasswordHasher HASHER = new LegacyPasswordHasher(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> everySchemeVerifiesPasslibsKnownAnswersAndItsOwnHashesAsPasslibDoes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scheme : PasslibVectors.schemes()) {
            for (String kind : List.of("known", "made")) {
                int index = 0;
                for (JsonNode vector : PasslibVectors.ofScheme(scheme, kind)) {
                    String hash = vector.get("hash").asText();
                    int checkIndex = 0;
                    for (JsonNode check : vector.get("checks")) {
                        String password = check.get("password").asText();
                        String outcome = check.get("outcome").asText();
                        tests.add(dynamicTest(
                                scheme + " " + kind + " #" + index + " check " + checkIndex++ + ": passlib says "
                                        + outcome,
                                () -> assertThat(verify(password, hash)).isEqualTo(expected(outcome))));
                    }
                    index++;
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> malformedAndTruncatedHashesOfEverySchemeAreUnusableAndNeverThrow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scheme : PasslibVectors.schemes()) {
            int index = 0;
            for (JsonNode vector : PasslibVectors.ofScheme(scheme, "malformed")) {
                String hash = vector.get("hash").asText();
                String outcome = vector.get("outcome").asText();
                tests.add(dynamicTest(scheme + " malformed #" + index++ + ": passlib says " + outcome, () -> {
                    Result result = verify("IamVengeance1", hash);
                    if (outcome.equals("error")) {
                        assertThat(result).isEqualTo(Result.UNUSABLE_HASH);
                    } else {
                        assertThat(result).isEqualTo(expected(outcome));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void vectorsCoverEverySchemeAndVariantTheProviderAccepts() {
        assertThat(PasslibVectors.schemes()).containsExactlyInAnyOrderElementsOf(PasslibScheme.names());
        List<String> hashes = new ArrayList<>();
        for (String scheme : PasslibVectors.schemes()) {
            for (String kind : List.of("known", "made")) {
                PasslibVectors.ofScheme(scheme, kind)
                        .forEach(v -> hashes.add(v.get("hash").asText()));
            }
        }
        for (String prefix : List.of(
                "$2$",
                "$2a$",
                "$2b$",
                "$2y$",
                "$bcrypt-sha256$2a,",
                "$bcrypt-sha256$2b,",
                "$bcrypt-sha256$v=2,t=2b,",
                "$pbkdf2$",
                "$pbkdf2-sha256$",
                "$pbkdf2-sha512$",
                "$argon2i$v=19$",
                "$argon2d$v=19$",
                "$argon2id$v=19$",
                "$argon2i$v=16$",
                "$argon2id$v=16$",
                "$5$rounds=",
                "$6$rounds=",
                "$1$",
                "pbkdf2_sha256$",
                "bcrypt_sha256$$2")) {
            assertThat(hashes).as(prefix).anyMatch(h -> h.startsWith(prefix));
        }
    }

    @Test
    void theOldBcrypt2PrefixSignsInAsPasslibDoesTheRepeatedPasswordToo() {
        String old = PasslibVectors.ofScheme("bcrypt", "made").stream()
                .map(v -> v.get("hash").asText())
                .filter(h -> h.startsWith("$2$"))
                .findFirst()
                .orElseThrow();
        assertThat(HASHER.verify("IamVengeance1", old)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("IamVengeance1IamVengeance1", old)).isEqualTo(Result.MATCH);
        assertThat(HASHER.verify("IamVengeance", old)).isEqualTo(Result.MISMATCH);
        assertThat(LegacyPasswordHasher.needsRehash(old, 4)).isTrue();
    }

    @Test
    void bcryptCountsOnlyTheFirst72BytesButBcryptSha256CountsThemAll() {
        String b72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_=+!@#$%^";
        String bcrypt = PasslibVectors.ofScheme("bcrypt", "made").stream()
                .map(v -> v.get("hash").asText())
                .filter(h -> h.startsWith("$2b$") && verify(b72 + "tail", h) == Result.MATCH)
                .findFirst()
                .orElseThrow();
        assertThat(verify(b72 + "anything else", bcrypt)).isEqualTo(Result.MATCH);
        String sha256 = PasslibVectors.ofScheme("bcrypt_sha256", "made").stream()
                .map(v -> v.get("hash").asText())
                .filter(h -> verify(b72 + "tail", h) == Result.MATCH)
                .findFirst()
                .orElseThrow();
        assertThat(verify(b72 + "anything else", sha256)).isEqualTo(Result.MISMATCH);
        assertThat(verify(b72, sha256)).isEqualTo(Result.MISMATCH);
    }

    @Test
    void aPasswordThatIsNotTextOrLongerThanPasslibTakesNeverMatches() {
        for (String scheme : PasslibScheme.names()) {
            String hash = PasslibVectors.madeHash(scheme, "IamVengeance1");
            assertThat(verify("IamVengeance1\ud800", hash)).as(scheme).isEqualTo(Result.MISMATCH);
            assertThat(verify(null, hash)).as(scheme).isEqualTo(Result.MISMATCH);
        }
        String pbkdf2 = PasslibHash.make(
                PasslibScheme.PBKDF2_SHA256, "x".repeat(4097).getBytes(StandardCharsets.UTF_8), 4, new SecureRandom());
        assertThat(PasslibHash.parse(pbkdf2).matches("x".repeat(4097).getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(verify("x".repeat(4097), pbkdf2)).isEqualTo(Result.MISMATCH);
    }

    @Test
    void aSchemeTheComponentDoesNotAcceptIsUnusableEvenWithTheRightPassword() {
        String pbkdf2 = PasslibVectors.madeHash("pbkdf2_sha256", "IamVengeance1");
        PasswordSchemes bcryptOnly = PasswordSchemes.BCRYPT_ONLY;
        assertThat(HASHER.verify("IamVengeance1", pbkdf2, bcryptOnly, 4, WAIT)).isEqualTo(Result.UNUSABLE_HASH);
        assertThat(bcryptOnly.whyUnusable(pbkdf2))
                .contains("pbkdf2_sha256", "does not accept")
                .doesNotContain(pbkdf2.substring(15));
        PasswordSchemes withPbkdf2 = PasswordSchemes.of(List.of("bcrypt", "pbkdf2_sha256"), "bcrypt");
        assertThat(HASHER.verify("IamVengeance1", pbkdf2, withPbkdf2, 4, WAIT)).isEqualTo(Result.MATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$pbkdf2-sha256$1000000000$c2FsdHNhbHRzYWx0$vEHOWW0lCY4JltBfhDQHdtnVfwo0ZjGn7J9C8RQTHTs",
                "$pbkdf2$2000001$c2FsdHNhbHRzYWx0$vEHOWW0lCY4JltBfhDQHdtnVfwo",
                "$6$rounds=999999999$saltsaltsaltsalt$"
                        + "As.fu7JiFsuyPJSUuYBDXUnhDVp2xfT6Eqw5Rlb4LmeR7plozi4RfUq2.TUd.ZWLknUqybqtogVm2J6Xn6RB0X",
                "$argon2id$v=19$m=4194304,t=2,p=8$c2FsdHNhbHRzYWx0$QS4NFoxCIEg13qc+2Osl8Q",
                "$argon2id$v=19$m=65536,t=17,p=1$c2FsdHNhbHRzYWx0$QS4NFoxCIEg13qc+2Osl8Q",
            })
    void aHashAskingForMoreWorkThanTheLimitsIsRefusedWithoutRunningIt(String hash) {
        List<String> checked = new ArrayList<>();
        LegacyPasswordHasher watched = new LegacyPasswordHasher(1, (h, password) -> {
            checked.add(h);
            return false;
        });
        assertThat(PasslibHash.parse(hash)).as("well-formed").isNotNull();
        assertThat(watched.verify("IamVengeance1", hash, PasswordSchemes.ALL, 4, WAIT))
                .isEqualTo(Result.UNUSABLE_HASH);
        assertThat(checked).isEmpty();
        assertThat(PasswordSchemes.ALL.whyUnusable(hash)).contains("asking for", "not checked");
    }

    @Test
    void aMismatchOfAnotherSchemeIsPaddedWithOneCheckAtThePaddedCost() {
        List<String> checked = new ArrayList<>();
        LegacyPasswordHasher watched = new LegacyPasswordHasher(1, (h, password) -> {
            checked.add(h);
            return PasslibHash.parse(h).matches(password);
        });
        String md5 = PasslibVectors.madeHash("md5_crypt", "IamVengeance1");
        assertThat(watched.verify("wrong", md5, PasswordSchemes.ALL, 6, WAIT)).isEqualTo(Result.MISMATCH);
        assertThat(checked).hasSize(2);
        assertThat(checked.get(1)).startsWith("$2b$06$");
        checked.clear();
        assertThat(watched.verify("IamVengeance1", md5, PasswordSchemes.ALL, 6, WAIT))
                .isEqualTo(Result.MATCH);
        assertThat(checked).containsExactly(md5);
    }

    @Test
    void newHashesOfEverySchemeVerifyAndAreWhatTheContextWrites() {
        for (PasslibScheme scheme : PasslibScheme.values()) {
            if (scheme == PasslibScheme.ARGON2) {
                continue; // passlib's default argon2 takes 100 MiB; checked once below
            }
            PasswordSchemes writing = PasswordSchemes.of(List.of(scheme.passlibName()), scheme.passlibName());
            String hash = HASHER.hash("caf\u00e9 IamVengeance1", writing, 4);
            assertThat(PasslibScheme.identify(hash)).as(scheme.passlibName()).isEqualTo(scheme);
            assertThat(HASHER.verify("caf\u00e9 IamVengeance1", hash, writing, 4, WAIT))
                    .as(scheme.passlibName())
                    .isEqualTo(Result.MATCH);
            assertThat(writing.needsUpdate(hash, 4)).as(scheme.passlibName()).isFalse();
        }
    }

    @Test
    void aNewArgon2HashIsPasslibsDefaultAndVerifies() {
        PasswordSchemes argon2 = PasswordSchemes.of(List.of("argon2"), "argon2");
        String hash = HASHER.hash("IamVengeance1", argon2, 4);
        assertThat(hash).startsWith("$argon2id$v=19$m=102400,t=2,p=8$");
        assertThat(HASHER.verify("IamVengeance1", hash, argon2, 4, WAIT)).isEqualTo(Result.MATCH);
    }

    @Test
    void aHashOfAnotherAcceptedSchemeOrOfLessWorkNeedsAnUpdateAsDeprecatedAutoSays() {
        PasswordSchemes context = PasswordSchemes.of(List.of("bcrypt", "pbkdf2_sha256", "md5_crypt"), "bcrypt");
        assertThat(context.needsUpdate(PasslibVectors.madeHash("pbkdf2_sha256", "IamVengeance1"), 4))
                .isTrue();
        assertThat(context.needsUpdate(PasslibVectors.madeHash("md5_crypt", "IamVengeance1"), 4))
                .isTrue();
        String bcrypt4 = PasslibVectors.madeHash("bcrypt", "IamVengeance1");
        assertThat(context.needsUpdate(bcrypt4, 4)).isFalse();
        assertThat(context.needsUpdate(bcrypt4, 5)).as("lower cost").isTrue();
        assertThat(context.needsUpdate(PasslibVectors.madeHash("sha512_crypt", "IamVengeance1"), 4))
                .as("not accepted: never rewritten")
                .isFalse();
        PasswordSchemes pbkdf2 = PasswordSchemes.of(List.of("bcrypt", "pbkdf2_sha256"), "pbkdf2_sha256");
        assertThat(pbkdf2.needsUpdate(PasslibVectors.madeHash("pbkdf2_sha256", "IamVengeance1"), 12))
                .as("1000 rounds, under passlib's 29000")
                .isTrue();
        assertThat(pbkdf2.needsUpdate(bcrypt4, 4)).isTrue();
        String v1 = PasslibVectors.ofScheme("bcrypt_sha256", "made").stream()
                .map(v -> v.get("hash").asText())
                .filter(h -> h.startsWith("$bcrypt-sha256$2b,"))
                .findFirst()
                .orElseThrow();
        assertThat(PasswordSchemes.of(List.of("bcrypt_sha256"), null).needsUpdate(v1, 4))
                .as("the format before passlib 1.7.3")
                .isTrue();
    }

    private static Result verify(String password, String hash) {
        return HASHER.verify(password, hash, PasswordSchemes.ALL, LegacyPasswordHasher.MIN_COST, WAIT);
    }

    private static Result expected(String outcome) {
        return outcome.equals("match") ? Result.MATCH : Result.MISMATCH;
    }
}
