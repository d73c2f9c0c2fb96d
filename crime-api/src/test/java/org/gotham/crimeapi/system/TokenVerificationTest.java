package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gotham.crimeapi.support.RunningAppTest;
import org.gotham.crimeapi.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real RS256 tokens against the running app, its keys served by a local JWKS server that counts its
 * fetches: every forgery of the issue is 401 {@code invalid_token}, never 500.
 */
class TokenVerificationTest extends RunningAppTest {

    private static final RSAKey OTHER_REALM_KEY = TestTokens.generate(TestTokens.REALM_KID);

    private static final RSAKey ATTACKER_KEY = TestTokens.generate("attacker");

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                forged("alg none", () -> new PlainJWT(TOKENS.claims("admin").build()).serialize()),
                forged("HS256 keyed with the realm's public key", TokenVerificationTest::hs256WithPublicKey),
                forged("tampered payload", TokenVerificationTest::tamperedPayload),
                forged("tampered signature", TokenVerificationTest::tamperedSignature),
                forged(
                        "unknown kid",
                        () -> TestTokens.sign(
                                withKid(ATTACKER_KEY, "kid-" + UUID.randomUUID()),
                                TOKENS.claims("admin").build())),
                forged("wrong iss", () -> TOKENS.with(c -> c.issuer("http://127.0.0.1:1/realms/gotham"), "admin")),
                forged("wrong aud", () -> TOKENS.with(c -> c.audience("account"), "admin")),
                forged("missing aud", () -> TOKENS.with(c -> c.audience((String) null), "admin")),
                forged(
                        "expired beyond the 60 s skew",
                        () -> TOKENS.with(c -> c.issueTime(ago(600)).expirationTime(ago(90)), "admin")),
                forged(
                        "nbf in the future beyond the skew",
                        () -> TOKENS.with(
                                c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(300))), "admin")),
                forged("missing exp", () -> TOKENS.with(c -> c.expirationTime(null), "admin")),
                forged(
                        "signed by another realm's key with the same kid",
                        () -> TestTokens.sign(
                                OTHER_REALM_KEY, TOKENS.claims("admin").build())),
                forged(
                        "RS512 instead of RS256",
                        () -> TestTokens.sign(
                                TestTokens.realmKey(),
                                JWSAlgorithm.RS512,
                                TOKENS.claims("admin").build())),
                forged("encrypted (JWE)", TokenVerificationTest::encrypted),
                forged("garbage", () -> "this-is-not-a-token"),
                forged("three garbage parts", () -> "a.b.c"),
                forged("empty bearer", () -> ""));
    }

    private static Arguments forged(String name, Supplier<String> token) {
        return Arguments.of(name, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokenIsRejectedWith401InvalidToken(String name, Supplier<String> token) {
        var response = getWithToken("/users/me", token.get());

        assertThat(response.statusCode()).as(name).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .as(name)
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
        assertThat(response.headers().firstValue("Content-Type"))
                .as(name)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as(name).contains("\"status\":401").doesNotContain("Exception");
    }

    @Test
    void validTokenIsAccepted() {
        var response = getWithToken("/users/me", TOKENS.valid("reader"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"batman\"").contains("\"roles\":[\"reader\"]");
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() {
        var response =
                getWithToken("/users/me", TOKENS.with(c -> c.issueTime(ago(600)).expirationTime(ago(30))));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWithoutTheNeededRoleIs403InsufficientScope() {
        var response = send(request("/crimes")
                .header("Authorization", "Bearer " + TOKENS.valid("reader"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"Robbery\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\""));
    }

    @Test
    void floodOfUnknownKidsFetchesTheKeysOnlyAFewTimes() throws Exception {
        getWithToken("/users/me", TOKENS.valid());
        int before = JWKS.fetches();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            tokens.add(TestTokens.sign(
                    withKid(ATTACKER_KEY, "kid-" + i + "-" + UUID.randomUUID()),
                    TOKENS.claims("admin").build()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (String token : tokens) {
                statuses.add(pool.submit(() -> getWithToken("/crimes", token).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdownNow();
        }

        // Nimbus allows two fetches per 10 s window; a run crossing a window boundary may add one more
        assertThat(JWKS.fetches() - before).isLessThanOrEqualTo(3);
        assertThat(getWithToken("/users/me", TOKENS.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void whileKeycloakIsDownKnownKeysWorkAndUnknownOnesAre401() {
        assertThat(getWithToken("/users/me", TOKENS.valid()).statusCode()).isEqualTo(200);
        JWKS.setDown(true);
        try {
            // a fresh token, so that it is checked against the cached key and not the token cache
            assertThat(getWithToken("/users/me", TOKENS.valid("reader")).statusCode())
                    .isEqualTo(200);
            var unknown = getWithToken(
                    "/users/me",
                    TestTokens.sign(
                            withKid(ATTACKER_KEY, "rotated-" + UUID.randomUUID()),
                            TOKENS.claims().build()));
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(unknown.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(
                            challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
        } finally {
            JWKS.setDown(false);
        }
    }

    @Test
    void reusedTokenIsAcceptedRepeatedlyWithoutFetchingKeys() {
        String token = TOKENS.valid("reader");
        assertThat(getWithToken("/crimes", token).statusCode()).isEqualTo(200);
        int before = JWKS.fetches();

        for (int i = 0; i < 20; i++) {
            assertThat(getWithToken("/crimes", token).statusCode()).isEqualTo(200);
        }

        assertThat(JWKS.fetches()).isEqualTo(before);
    }

    private static Date ago(long seconds) {
        return Date.from(Instant.now().minus(Duration.ofSeconds(seconds)));
    }

    private static RSAKey withKid(RSAKey key, String kid) {
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    private static String hs256WithPublicKey() {
        try {
            RSAPublicKey publicKey = TestTokens.realmKey().toRSAPublicKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(TestTokens.REALM_KID)
                            .build(),
                    TOKENS.claims("admin").build());
            jwt.sign(new MACSigner(publicKey.getEncoded()));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String tamperedPayload() {
        String[] parts = TOKENS.valid("reader").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"reader\"", "\"admin\"");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static String tamperedSignature() {
        String token = TOKENS.valid("admin");
        int i = token.lastIndexOf('.') + 10;
        char flipped = (token.charAt(i) == 'A') ? 'B' : 'A';
        return token.substring(0, i) + flipped + token.substring(i + 1);
    }

    private static String encrypted() {
        try {
            EncryptedJWT jwe = new EncryptedJWT(
                    new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                            .keyID(TestTokens.REALM_KID)
                            .build(),
                    TOKENS.claims("admin").build());
            jwe.encrypt(new RSAEncrypter(TestTokens.realmKey().toRSAPublicKey()));
            return jwe.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
