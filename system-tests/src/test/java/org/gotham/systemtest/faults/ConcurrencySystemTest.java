package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Many writers at the same moment: concurrent registrations of one username through Keycloak
 * into a WRITABLE legacy federation leave one row; concurrent conditional updates of one crime through crime-api
 * lose nothing and tell every loser so (412). The registration realms hash at bcrypt's minimum cost: what is
 * tested is the race, not the hashing.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class ConcurrencySystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REGISTRATIONS = 50;
    private static final int WRITERS = 20;

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;

    ConcurrencySystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void fiftyConcurrentRegistrationsOfOneUsernameLeaveExactlyOneLegacyRow(Vendor vendor) throws SQLException {
        String realmName = "faults-registration-" + vendor.label();
        LegacyDatabase database = LegacyDatabase.create(
                vendor,
                "st_faults_registration_" + vendor.label(),
                Environment.pathProperty("work.dir"),
                LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(realmName, database, r -> {
            RealmFixtures.cheapHashes(r);
            RealmFixtures.federation(r).forEach(f -> f.getConfig().putSingle(RealmFixtures.EDIT_MODE, "WRITABLE"));
        });
        try {
            String token = RealmFixtures.adminToken(keycloak.server());
            URI users = URI.create(keycloak.server().baseUrl() + "/admin/realms/" + realmName + "/users");
            String body = """
                    {"username": "joker", "enabled": true,
                     "credentials": [{"type": "password", "value": "why-so-serious-1", "temporary": false}]}""";

            List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < REGISTRATIONS; i++) {
                replies.add(Http.sendAsync(
                        "POST",
                        users,
                        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8)));
            }
            List<Integer> statuses = replies.stream()
                    .map(CompletableFuture::join)
                    .map(Http.Reply::status)
                    .toList();

            Map<Integer, Long> byStatus =
                    statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(byStatus)
                    .as("answers to %d registrations of joker on %s", REGISTRATIONS, vendor)
                    .isEqualTo(Map.of(201, 1L, 409, (long) REGISTRATIONS - 1));
            assertThat(legacyRows(database, "joker"))
                    .as("legacy rows named joker on %s", vendor)
                    .isEqualTo(1);
            try (Keycloak admin = keycloak.server().admin()) {
                List<UserRepresentation> jokers = admin.realm(realmName).users().searchByUsername("joker", true);
                assertThat(jokers).as("Keycloak's users named joker").hasSize(1);
                assertThat(jokers.get(0).getFederationLink())
                        .as("joker lives in the legacy table")
                        .isNotNull();
            }
            assertThat(realm.tokens()
                            .password("crime-cli", "joker", "why-so-serious-1")
                            .ok())
                    .as("joker signs in")
                    .isTrue();
        } finally {
            keycloak.removeRealm(realmName);
            deleteLegacyRows(database, "joker");
        }
    }

    @Test
    void twentyConcurrentUpdatesWithTheSameETagLeaveOneWinnerAndNineteen412s() throws Exception {
        LegacyCrimes crimes = new LegacyCrimes(crimeApi.database());
        long id = crimes.insert("Concurrency test theft", "Gotham Merchant Bank", "2024-06-01 12:00:00.000000");
        try {
            String token = editorToken();
            Http.Reply read = api("GET", id, token, null, null);
            String etag = read.header("ETag");
            assertThat(etag).as("%s", read).isNotBlank();

            List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                replies.add(Http.sendAsync(
                        "PUT",
                        crimeApi.uri("/crimes/" + id),
                        headers(token, etag),
                        ("{\"description\": \"writer " + i + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            List<Http.Reply> answers =
                    replies.stream().map(CompletableFuture::join).toList();

            List<Http.Reply> won =
                    answers.stream().filter(r -> r.status() == 200).toList();
            List<Http.Reply> lost =
                    answers.stream().filter(r -> r.status() == 412).toList();
            assertThat(won).as("successful updates: %s", answers).hasSize(1);
            assertThat(lost).as("412s: %s", answers).hasSize(WRITERS - 1);
            lost.forEach(r -> assertThat(r.header("Content-Type")).contains("application/problem+json"));
            Http.Reply after = api("GET", id, token, null, null);
            assertThat(json(after).path("description").asText())
                    .isEqualTo(json(won.get(0)).path("description").asText());
            assertThat(after.header("ETag"))
                    .isEqualTo(won.get(0).header("ETag"))
                    .isNotEqualTo(etag);
        } finally {
            crimes.delete(id);
        }
    }

    @Test
    void twentyWritersRetryingOn412LoseNoUpdate() throws Exception {
        LegacyCrimes crimes = new LegacyCrimes(crimeApi.database());
        long id = crimes.insert("Concurrency test fraud", "Gotham Stock Exchange", "2024-06-02 12:00:00.000000");
        try {
            int stale = assertEveryWriterLands(id, List.of(crimeApi));
            System.out.printf(
                    "%d writers appended with If-Match; %d attempts were refused with 412 and retried%n",
                    WRITERS, stale);
        } finally {
            crimes.delete(id);
        }
    }

    /**
     * crime-api keeps no state of its own between requests (the ETag is the row's, the rate limits are per instance
     * and per address): two instances on one database behind a load balancer lose nothing. Writers alternate between
     * them, each retrying on 412, and every update arrives.
     */
    @Test
    void twentyWritersAcrossTwoCrimeApiInstancesOnOneDatabaseLoseNoUpdate() throws Exception {
        LegacyCrimes crimes = new LegacyCrimes(crimeApi.database());
        long id = crimes.insert("Concurrency test forgery", "Gotham City Hall", "2024-06-03 12:00:00.000000");
        try (CrimeApiServer second = CrimeApiServer.start(
                keycloak.server().issuer("gotham"),
                crimeApi.database(),
                Map.of("KEYCLOAK_PUBLIC_URL", keycloak.server().baseUrl()))) {
            int stale = assertEveryWriterLands(id, List.of(crimeApi, second));
            System.out.printf(
                    "%d writers on two crime-api instances appended with If-Match; %d attempts were refused with 412"
                            + " and retried%n",
                    WRITERS, stale);
        } finally {
            crimes.delete(id);
        }
    }

    /**
     * {@value #WRITERS} writers at once, spread over {@code instances}, each appending its marker to the crime's
     * description with If-Match and retrying on 412; every marker must be there once at the end. Returns the 412s.
     */
    private int assertEveryWriterLands(long id, List<CrimeApiServer> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            String token = editorToken();
            assertThat(api(instances.get(0), "PUT", id, token, null, "{\"description\": \"log:\"}")
                            .status())
                    .isEqualTo(200);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String marker = String.format("|w%02d", i);
                CrimeApiServer instance = instances.get(i % instances.size());
                writers.add(pool.submit(() -> {
                    start.await();
                    return appendWithRetries(instance, id, token, marker);
                }));
            }
            start.countDown();
            int stale = 0;
            for (Future<Integer> writer : writers) {
                stale += writer.get(120, TimeUnit.SECONDS);
            }

            String description = json(api(instances.get(instances.size() - 1), "GET", id, token, null, null))
                    .path("description")
                    .asText();
            List<String> markers = new ArrayList<>();
            Matcher m = Pattern.compile("\\|w\\d\\d").matcher(description);
            while (m.find()) {
                markers.add(m.group());
            }
            assertThat(markers)
                    .as("every writer's update in %s", description)
                    .hasSize(WRITERS)
                    .doesNotHaveDuplicates();
            return stale;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads, appends the marker, writes with If-Match; on 412 reads again. Returns how many 412s it met. */
    private int appendWithRetries(CrimeApiServer instance, long id, String token, String marker) {
        for (int stale = 0; stale < 200; stale++) {
            Http.Reply read = api(instance, "GET", id, token, null, null);
            assertThat(read.status()).as("%s", read).isEqualTo(200);
            String description = json(read).path("description").asText();
            String body = JSON.createObjectNode()
                    .put("description", description + marker)
                    .toString();
            Http.Reply write = api(instance, "PUT", id, token, read.header("ETag"), body);
            if (write.status() == 200) {
                return stale;
            }
            assertThat(write.status())
                    .as("a conditional update that did not win: %s", write)
                    .isEqualTo(412);
        }
        throw new AssertionError(marker + " never got its update in");
    }

    private Http.Reply api(String method, long id, String token, String ifMatch, String body) {
        return api(crimeApi, method, id, token, ifMatch, body);
    }

    private static Http.Reply api(
            CrimeApiServer instance, String method, long id, String token, String ifMatch, String body) {
        Map<String, String> headers = ifMatch == null ? headers(token) : headers(token, ifMatch);
        return Http.send(method, instance.uri("/crimes/" + id), headers, body);
    }

    private static Map<String, String> headers(String token) {
        return Map.of(
                "Authorization", "Bearer " + token, "Accept", "application/json", "Content-Type", "application/json");
    }

    private static Map<String, String> headers(String token, String ifMatch) {
        return Map.of(
                "Authorization",
                "Bearer " + token,
                "Accept",
                "application/json",
                "Content-Type",
                "application/json",
                "If-Match",
                ifMatch);
    }

    private String editorToken() {
        LegacyUser batman = LegacyUser.named("batman");
        TokenEndpoint.Answer answer =
                keycloak.realm(Vendor.SQLITE).tokens().password("crime-cli", batman.username(), batman.password());
        assertThat(answer.ok()).as("%s", answer.body()).isTrue();
        return answer.accessToken();
    }

    private static JsonNode json(Http.Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply, e);
        }
    }

    private static int legacyRows(LegacyDatabase database, String username) throws SQLException {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users WHERE lower(username) = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void deleteLegacyRows(LegacyDatabase database, String username) throws SQLException {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE lower(username) = ?")) {
            s.setString(1, username);
            s.executeUpdate();
        }
    }
}
