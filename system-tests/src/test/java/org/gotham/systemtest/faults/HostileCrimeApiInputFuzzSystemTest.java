package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gotham.systemtest.faults.FuzzChecks.SEED;
import static org.gotham.systemtest.faults.FuzzChecks.runAll;
import static org.gotham.systemtest.faults.FuzzChecks.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.SoftAssertions;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TableSnapshot;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated hostile query parameters, path segments and bodies against crime-api on SQLite (the run's crime-api)
 * and PostgreSQL (one of the test's own): no server error; malformed JSON, wrong content types,
 * stale {@code If-Match} and deletes by an editor refused; valid hostile text kept exactly; no crime that was there
 * changed; and no crime found by a search for text no crime has.
 *
 * <p>Deterministic ({@link HostileInput}, {@link FuzzChecks#SEED}) and bounded: {@value #API_READS} reads and
 * {@value #API_WRITES} writes per database.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class HostileCrimeApiInputFuzzSystemTest {

    private static final int API_READS = 1200;
    private static final int API_WRITES = 800;
    private static final int MAX_TEXT = 255;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What crime-api answers for input it refuses: never 5xx, never 2xx. */
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 405, 413, 415);

    private final GothamKeycloak keycloak;
    private final CrimeApiServer sharedCrimeApi;

    HostileCrimeApiInputFuzzSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.sharedCrimeApi = crimeApi;
    }

    @ParameterizedTest
    @EnumSource(
            value = Vendor.class,
            names = {"SQLITE", "POSTGRESQL"})
    void hostileCrimeApiParametersAndBodiesGet4xxChangeNoCrimeAndFindNone(Vendor vendor) {
        if (vendor == Vendor.SQLITE) {
            fuzzCrimeApi(sharedCrimeApi, vendor);
            return;
        }
        LegacyDatabase database = LegacyDatabase.create(
                vendor, "st_faults_fuzz_api_" + vendor.label(), Environment.pathProperty("work.dir"), LegacyUser.all());
        try (CrimeApiServer crimeApi = CrimeApiServer.start(keycloak.server().issuer("gotham"), database, Map.of())) {
            fuzzCrimeApi(crimeApi, vendor);
        }
    }

    private void fuzzCrimeApi(CrimeApiServer api, Vendor vendor) {
        LegacyDatabase database = api.database();
        String token = editorToken();
        Map<String, String> json = Map.of(
                "Authorization", "Bearer " + token, "Accept", "application/json", "Content-Type", "application/json");
        long maxBefore = TableSnapshot.of(database, "crimes").maxId();
        try {
            List<Long> baseline = new ArrayList<>();
            for (String body : List.of(
                    "{\"type\": \"Robbery\", \"location\": \"Gotham Downtown\", \"date_time\": \"2024-03-01T22:15:00\"}",
                    "{\"type\": \"Arson\", \"location\": \"Ace Chemicals\", \"description\": \"Fire in the east wing\"}",
                    "{\"type\": \"Fraud\", \"location\": \"Wayne Tower\", \"suspect_name\": \"Oswald Cobblepot\"}")) {
                Http.Reply created = Http.send("POST", api.uri("/crimes"), json, body);
                assertThat(created.status()).as("%s", created).isEqualTo(201);
                baseline.add(read(created).path("id").asLong());
            }
            Http.Reply target = Http.send("POST", api.uri("/crimes"), json, "{\"type\": \"Fuzz target\"}");
            long targetId = read(target).path("id").asLong();
            TableSnapshot before = TableSnapshot.of(database, "crimes");
            TableSnapshot usersBefore = TableSnapshot.of(database, "users");
            Set<Integer> presentChars = textCharacters(before);

            HostileInput input = new HostileInput(SEED + 20 + vendor.ordinal());
            List<Callable<String>> reads = new ArrayList<>();
            for (int i = 0; i < API_READS; i++) {
                reads.add(readCheck(api, token, input, presentChars));
            }
            List<String> readProblems = runAll(reads);

            Map<Long, JsonNode> created = new ConcurrentHashMap<>();
            List<Callable<String>> writes = new ArrayList<>();
            for (int i = 0; i < API_WRITES; i++) {
                writes.add(writeCheck(api, json, input, baseline, targetId, created));
            }
            List<String> writeProblems = runAll(writes);

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(readProblems)
                    .as("reads on %s that failed or found a crime", vendor)
                    .isEmpty();
            softly.assertThat(writeProblems)
                    .as("writes on %s that were not refused or not kept exactly", vendor)
                    .isEmpty();
            TableSnapshot after = TableSnapshot.of(database, "crimes");
            softly.assertThat(after.upTo(before.maxId()))
                    .as("the crimes that were there before")
                    .isEqualTo(before);
            Set<Long> newIds = new HashSet<>();
            after.rows().forEach(row -> newIds.add(((Number) row.get("id")).longValue()));
            newIds.removeIf(id -> id <= before.maxId());
            softly.assertThat(newIds)
                    .as("new crimes: exactly those answered 201")
                    .isEqualTo(created.keySet());
            for (Map.Entry<Long, JsonNode> crime : created.entrySet()) {
                Http.Reply stored = Http.send("GET", api.uri("/crimes/" + crime.getKey()), json, (String) null);
                softly.assertThat(read(stored))
                        .as("crime %d as stored", crime.getKey())
                        .isEqualTo(crime.getValue());
            }
            softly.assertThat(TableSnapshot.of(database, "users")).isEqualTo(usersBefore);
            softly.assertAll();
        } finally {
            new LegacyCrimes(database).deleteAbove(maxBefore);
        }
    }

    /** A GET with hostile parameters: 200 or a refusal, and a search for text no crime has finds nothing. */
    private static Callable<String> readCheck(
            CrimeApiServer api, String token, HostileInput input, Set<Integer> presentChars) {
        String text = input.next();
        String number = input.number();
        int kind = input.nextInt(6);
        String path = switch (kind) {
            case 0 -> "/crimes?skip=" + query(number) + "&limit=" + query(input.number());
            case 1 -> "/crimes/search?crime_type=" + query(text);
            case 2 -> "/crimes/search?location=" + query(text);
            case 3 -> "/crimes/search?date=" + query(text);
            case 4 ->
                "/crimes/" + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            default ->
                "/crimes/search?crime_type=" + query(text) + "&location=" + query(input.next()) + "&skip="
                        + query(number) + "&limit=10";
        };
        boolean mustFindNothing = (kind == 1 || kind == 2 || kind == 5) && absentFromEveryCrime(text, presentChars);
        return () -> {
            Http.Reply reply = Http.send(
                    "GET",
                    api.uri(path),
                    Map.of("Authorization", "Bearer " + token, "Accept", "application/json"),
                    (String) null);
            if (reply.status() == 200
                    && mustFindNothing
                    && !reply.body().strip().equals("[]")) {
                return "GET " + show(path) + " found crimes: " + reply;
            }
            return reply.status() == 200 || REFUSALS.contains(reply.status())
                    ? null
                    : "GET " + show(path) + ": " + reply;
        };
    }

    /**
     * A write with hostile content. Valid JSON with hostile text must be kept exactly (201) or refused (400);
     * malformed JSON, wrong content types, stale If-Match and deletes (editors may not) must be refused, except
     * what JSON leaves to the reader (a byte order mark, duplicate names), which may also be created.
     */
    private static Callable<String> writeCheck(
            CrimeApiServer api,
            Map<String, String> json,
            HostileInput input,
            List<Long> baseline,
            long targetId,
            Map<Long, JsonNode> created) {
        int kind = input.nextInt(20);
        if (kind < 8) {
            ObjectNode crime = hostileCrime(input);
            boolean tooLong = crime.properties().stream()
                    .anyMatch(e ->
                            e.getValue().isTextual() && e.getValue().asText().length() > MAX_TEXT);
            return () -> {
                Http.Reply reply = Http.send("POST", api.uri("/crimes"), json, crime.toString());
                if (reply.status() == 201) {
                    JsonNode answer = read(reply);
                    created.put(answer.path("id").asLong(), answer);
                    for (Map.Entry<String, JsonNode> field : crime.properties()) {
                        if (!answer.path(field.getKey()).equals(field.getValue())) {
                            return "POST " + show(crime.toString()) + " kept " + field.getKey() + " as "
                                    + show(answer.path(field.getKey()).toString());
                        }
                    }
                    return tooLong ? "POST with a text over " + MAX_TEXT + " characters was accepted" : null;
                }
                return reply.status() == 400 ? null : "POST " + show(crime.toString()) + ": " + reply;
            };
        }
        HostileInput.Body malformed = kind < 13 ? input.malformedJson() : null;
        byte[] body = malformed != null
                ? malformed.bytes()
                : hostileCrime(input).toString().getBytes(StandardCharsets.UTF_8);
        String method;
        String path;
        Map<String, String> headers = new HashMap<>(json);
        if (kind < 13) {
            method = "POST";
            path = "/crimes";
        } else if (kind < 15) {
            method = "POST";
            path = "/crimes";
            headers.put(
                    "Content-Type",
                    List.of(
                                    "text/plain",
                                    "application/xml",
                                    "application/x-www-form-urlencoded",
                                    "multipart/form-data; boundary=x",
                                    "application/json-patch+json")
                            .get(input.nextInt(5)));
        } else if (kind < 18) {
            method = "PUT";
            path = "/crimes/" + (kind == 17 ? baseline.get(input.nextInt(baseline.size())) : targetId);
            headers.put(
                    "If-Match",
                    List.of("\"stale\"", "W/\"0\"", input.quotedHeaderValue(), "\"\"")
                            .get(input.nextInt(4)));
        } else {
            method = "DELETE";
            path = "/crimes/"
                    + (kind == 18
                            ? baseline.get(input.nextInt(baseline.size()))
                            : URLEncoder.encode(input.next(), StandardCharsets.UTF_8)
                                    .replace("+", "%20"));
            body = null;
        }
        byte[] sent = body;
        boolean mayBeAccepted = malformed != null && malformed.mayBeAccepted();
        return () -> {
            Http.Reply reply = Http.send(method, api.uri(path), headers, sent);
            if (mayBeAccepted && reply.status() == 201) {
                JsonNode answer = read(reply);
                created.put(answer.path("id").asLong(), answer);
                return null;
            }
            boolean refused = REFUSALS.contains(reply.status()) || reply.status() == 403 || reply.status() == 412;
            return refused
                    ? null
                    : method + " " + show(path) + " "
                            + show(sent == null ? "" : new String(sent, StandardCharsets.UTF_8)) + ": " + reply;
        };
    }

    private static ObjectNode hostileCrime(HostileInput input) {
        ObjectNode crime = JSON.createObjectNode();
        crime.put("type", input.next());
        for (String field : List.of("description", "location", "suspect_name")) {
            switch (input.nextInt(3)) {
                case 0 -> crime.put(field, input.next());
                case 1 -> crime.putNull(field);
                default -> {}
            }
        }
        if (input.nextInt(2) == 0) {
            crime.put(
                    "date_time",
                    "2024-0" + (1 + input.nextInt(9)) + "-1" + input.nextInt(10) + "T0" + input.nextInt(10) + ":30:00");
        }
        return crime;
    }

    private String editorToken() {
        LegacyUser batman = LegacyUser.named("batman");
        TokenEndpoint.Answer answer =
                keycloak.realm(Vendor.SQLITE).tokens().password("crime-cli", batman.username(), batman.password());
        assertThat(answer.ok()).as("%s", answer.body()).isTrue();
        return answer.accessToken();
    }

    /** The characters of every text in the table, in both cases. */
    private static Set<Integer> textCharacters(TableSnapshot crimes) {
        Set<Integer> chars = new HashSet<>();
        for (Map<String, Object> row : crimes.rows()) {
            for (String column : List.of("type", "description", "location", "suspect_name")) {
                Object value = row.get(column);
                if (value != null) {
                    value.toString().toLowerCase(Locale.ROOT).chars().forEach(chars::add);
                    value.toString().toUpperCase(Locale.ROOT).chars().forEach(chars::add);
                }
            }
        }
        return chars;
    }

    /** Whether the parameter (trimmed, as a server might) holds a character no crime's text has in any case. */
    private static boolean absentFromEveryCrime(String parameter, Set<Integer> presentChars) {
        return parameter
                .strip()
                .chars()
                .anyMatch(c -> !presentChars.contains(c)
                        && !presentChars.contains(Character.toLowerCase(c))
                        && !presentChars.contains(Character.toUpperCase(c)));
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode read(Http.Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + reply, e);
        }
    }
}
