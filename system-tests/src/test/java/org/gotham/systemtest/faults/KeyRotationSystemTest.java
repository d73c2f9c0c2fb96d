package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.KeysMetadataRepresentation.KeyMetadataRepresentation;

/**
 * A realm's signing key is rotated while crime-api runs, without restarting anything.
 *
 * <p>What crime-api guarantees for a removed key, read from its configuration and measured here: it keeps the keys
 * it fetched for {@code gotham.security.jwks.cache-ttl}, so a token it has not verified before is refused within
 * that time; a token it has verified and remembers is refused at the same moment, because each use of a remembered
 * token checks that its key is still in the cached key set. With the default (5 min) that is up to 5 minutes after
 * the removal. This test runs its own crime-api with the key cache at {@value #CACHE_SECONDS} s so the bound is
 * observable, and leaves the token cache at its default (5 min), so only that check can refuse remembered tokens.
 */
@ExtendWith(KeycloakExtension.class)
class KeyRotationSystemTest {

    private static final int CACHE_SECONDS = 15;
    private static final Duration CACHE_TTL = Duration.ofSeconds(CACHE_SECONDS);
    /** Room for crime-api's refresh interval (an unknown kid refetches at most twice per 10 s) and a slow machine. */
    private static final Duration SLACK = Duration.ofSeconds(20);

    private static final String REALM = "faults-key-rotation";
    /** Enough old-key tokens to show crime-api one new token a second until it drops the key. */
    private static final int UNCHECKED_TOKENS = CACHE_SECONDS + 25;

    private static final List<LegacyUser> WITNESSES = LegacyUser.all().stream()
            .filter(u -> u.username().startsWith("witness"))
            .toList();
    private static final AtomicInteger TOKENS = new AtomicInteger();

    private final GothamKeycloak keycloak;

    KeyRotationSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void tokensOfTheNewAndThePassiveKeyAreAcceptedAndTheRemovedKeysTokensGet401WithoutARestart() {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE, "faults_key_rotation", Environment.pathProperty("work.dir"), LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(REALM, database, RealmFixtures::cheapHashes);
        try (CrimeApiServer crimeApi = CrimeApiServer.start(
                        realm.issuer(), database, Map.of("GOTHAM_SECURITY_JWKS_CACHETTL", CACHE_SECONDS + "s"));
                Keycloak admin = keycloak.server().admin()) {
            RealmResource resource = admin.realm(REALM);
            KeyMetadataRepresentation oldKey = activeRs256Key(resource);
            String checkedOld = token(realm);
            assertThat(status(crimeApi, checkedOld))
                    .as("a token of the original key")
                    .isEqualTo(200);
            Deque<String> uncheckedOld = new ArrayDeque<>();
            for (int i = 0; i < UNCHECKED_TOKENS; i++) {
                uncheckedOld.add(token(realm));
            }

            addRsaKey(resource, oldKey.getProviderPriority() + 100);
            setActive(resource, oldKey.getProviderId(), false);
            String newer = token(realm);
            assertThat(Jwts.kid(newer))
                    .as("new tokens are signed with the new key")
                    .isNotEqualTo(oldKey.getKid());
            Await.until(
                    "crime-api to fetch the new key and accept its token", SLACK, () -> status(crimeApi, newer) == 200);
            assertThat(status(crimeApi, checkedOld))
                    .as("the old key's token, passive key")
                    .isEqualTo(200);
            assertThat(status(crimeApi, uncheckedOld.pop()))
                    .as("an unchecked token of the passive key")
                    .isEqualTo(200);

            resource.components().component(oldKey.getProviderId()).remove();
            long removed = System.nanoTime();
            assertThat(publishedKids(realm)).as("Keycloak's JWKS").doesNotContain(oldKey.getKid());

            // A token crime-api has not seen yet, about once a second, until one is refused: crime-api has dropped
            // the key. The last one accepted before that was verified with the key and is remembered.
            AtomicReference<String> lastAccepted = new AtomicReference<>();
            AtomicLong nextProbe = new AtomicLong();
            Await.until(
                    "crime-api to refuse a token of the removed key it never checked", CACHE_TTL.plus(SLACK), () -> {
                        if (System.nanoTime() < nextProbe.get()) {
                            return false;
                        }
                        nextProbe.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                        String probe = uncheckedOld.pop();
                        if (status(crimeApi, probe) == 200) {
                            lastAccepted.set(probe);
                            return false;
                        }
                        return true;
                    });
            Duration keyDropped = since(removed);
            // none accepted: crime-api had dropped the key before the first probe; the first checked token stands in
            String checkedLast = lastAccepted.get() != null ? lastAccepted.get() : checkedOld;
            int checkedLastNow = status(crimeApi, checkedLast);
            Await.until(
                    "crime-api to refuse the removed key's token it had checked last",
                    CACHE_TTL.plus(SLACK),
                    () -> status(crimeApi, checkedLast) == 401);
            Duration lastAcceptedRefused = since(removed);
            Await.until(
                    "crime-api to refuse the removed key's token it checked first",
                    CACHE_TTL.plus(SLACK),
                    () -> status(crimeApi, checkedOld) == 401);
            System.out.printf(
                    "key removal (key cache-ttl %d s, token cache 5 min): crime-api refused unchecked tokens "
                            + "of the removed key after %d ms; the last one it had accepted answered %d at that moment and "
                            + "was refused after %d ms%n",
                    CACHE_SECONDS, keyDropped.toMillis(), checkedLastNow, lastAcceptedRefused.toMillis());

            assertThat(keyDropped)
                    .as("unchecked tokens: refused within the key cache's ttl")
                    .isLessThanOrEqualTo(CACHE_TTL.plus(SLACK));
            assertThat(checkedLastNow)
                    .as("a remembered token of the removed key, once crime-api dropped the key")
                    .isEqualTo(401);
            assertThat(lastAcceptedRefused)
                    .as("checked tokens: refused within the key cache's ttl")
                    .isLessThanOrEqualTo(CACHE_TTL.plus(SLACK));
            Http.Reply refused = me(crimeApi, checkedOld);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
            assertThat(status(crimeApi, newer)).as("the new key's token").isEqualTo(200);
            assertThat(status(crimeApi, token(realm)))
                    .as("a token issued after the removal")
                    .isEqualTo(200);
        } finally {
            keycloak.removeRealm(REALM);
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static KeyMetadataRepresentation activeRs256Key(RealmResource realm) {
        return realm.keys().getKeyMetadata().getKeys().stream()
                .filter(k -> "RS256".equals(k.getAlgorithm()) && "ACTIVE".equals(k.getStatus()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the realm has no active RS256 key"));
    }

    private static void addRsaKey(RealmResource realm, long priority) {
        ComponentRepresentation key = new ComponentRepresentation();
        key.setName("rsa-rotated");
        key.setProviderId("rsa-generated");
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", Long.toString(priority));
        config.putSingle("algorithm", "RS256");
        config.putSingle("keySize", "2048");
        config.putSingle("active", "true");
        config.putSingle("enabled", "true");
        key.setConfig(config);
        try (Response response = realm.components().add(key)) {
            CreatedResponseUtil.getCreatedId(response);
        }
    }

    private static void setActive(RealmResource realm, String componentId, boolean active) {
        ComponentRepresentation key = realm.components().component(componentId).toRepresentation();
        key.getConfig().putSingle("active", Boolean.toString(active));
        realm.components().component(componentId).update(key);
    }

    private static List<String> publishedKids(LegacyRealm realm) {
        Http.Reply jwks = Http.send(
                "GET", URI.create(realm.issuer() + "/protocol/openid-connect/certs"), Map.of(), (String) null);
        List<String> kids = new ArrayList<>();
        try {
            new ObjectMapper()
                    .readTree(jwks.body())
                    .path("keys")
                    .forEach(k -> kids.add(k.path("kid").asText()));
        } catch (IOException e) {
            throw new AssertionError("not a JWKS: " + jwks, e);
        }
        return kids;
    }

    /** A token of one of the witnesses, in turn: many tokens, none of them more than a few per user. */
    private static String token(LegacyRealm realm) {
        LegacyUser user = WITNESSES.get(TOKENS.getAndIncrement() % WITNESSES.size());
        TokenEndpoint.Answer answer = realm.tokens().password("crime-cli", user.username(), user.password());
        assertThat(answer.ok()).as("%s", answer.body()).isTrue();
        return answer.accessToken();
    }

    private static int status(CrimeApiServer crimeApi, String token) {
        return me(crimeApi, token).status();
    }

    private static Http.Reply me(CrimeApiServer crimeApi, String token) {
        return Http.send(
                "GET",
                crimeApi.uri("/users/me"),
                Map.of("Authorization", "Bearer " + token, "Accept", "application/json"),
                (String) null);
    }
}
