package org.gotham.crimeapi.crime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gotham.crimeapi.support.LegacyApp;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.gotham.crimeapi.system.TestJwts;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on a real legacy database holding rows the old app wrote: the same
 * behaviour on SQLite, PostgreSQL and MariaDB. The issuer points at a closed port: the app starts
 * and serves without Keycloak (these tests authenticate with {@code jwt()}).
 * <p>
 * Tests here only change crimes they create (ids above 5), so they do not depend on each other.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestPropertySource(
        properties = "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/realms/gotham")
abstract class LegacyDatabaseContract {

    /** The crimes in the committed legacy data, as the old app's JSON showed them. */
    static final String LEGACY_CRIMES = """
            [{"id":1,"type":"Robbery","description":"First National Bank vault emptied","location":"Gotham Downtown",
              "suspect_name":"Selina Kyle","date_time":"2024-03-01T22:15:00","latitude":40.7128,"longitude":-74.006},
             {"id":2,"type":"Asylum Escape","description":"Joker again","location":"Arkham Asylum",
              "suspect_name":"Joker","date_time":"2024-02-12T03:00:00.123456","latitude":40.7306,"longitude":-73.9352},
             {"id":3,"type":"Fraud","description":"Riddles on the ledger","location":"Wayne Tower",
              "suspect_name":null,"date_time":null,"latitude":null,"longitude":null},
             {"id":4,"type":"ROBBERY","description":"Late-night hold-up","location":"Crime Alley",
              "suspect_name":"Joe Chill","date_time":"2024-02-12T23:59:59.999999","latitude":40.7101,"longitude":-74.0012},
             {"id":5,"type":"Vandalism","description":"Bat-signal painted over","location":"GCPD Rooftop",
              "suspect_name":null,"date_time":"2024-02-13T00:00:00","latitude":-33.8688,"longitude":151.2093}]""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Each scratch database's schema and legacy rows as they were before the application (and Flyway) started. */
    private static final Map<LegacyDatabase, Map<String, List<Map<String, Object>>>> SNAPSHOTS =
            new ConcurrentHashMap<>();

    @Autowired
    MockMvc mvc;

    @Autowired
    CrimeService service;

    /**
     * For the subclass's {@code @BeforeAll}: its scratch database as the old app left it (or a skip, a failure under
     * CI, where the server is not there), before Spring and Flyway start.
     */
    static void createLegacyDatabase(LegacyDatabase database) {
        database.requireReachable();
        database.recreate();
        database.loadLegacyData();
        SNAPSHOTS.put(database, database.legacySnapshot());
    }

    /**
     * For the subclass's {@code @DynamicPropertySource}: the application on its scratch database. Each subclass has
     * its own such method, because Spring caches a context per set of them.
     */
    static void useLegacyDatabase(DynamicPropertyRegistry registry, LegacyDatabase database) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        if (database.username() != null) {
            registry.add("spring.datasource.username", database::username);
            registry.add("spring.datasource.password", database::password);
        }
    }

    /** The scratch database of the subclass, already holding the legacy data when Spring starts. */
    abstract LegacyDatabase database();

    /** The schema and legacy rows as they were before the application (and Flyway) first started. */
    private Map<String, List<Map<String, Object>>> snapshotBeforeStart() {
        return SNAPSHOTS.get(database());
    }

    /** Python driver module the old app needs for this database. */
    abstract String[] pythonDrivers();

    // ---- reading what the old app wrote

    @Test
    void listServesTheLegacyRowsInIdOrderExactly() throws Exception {
        this.mvc
                .perform(get("/crimes?limit=5").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(content().json(LEGACY_CRIMES, JsonCompareMode.STRICT));
    }

    @Test
    void skipAndLimitPage() throws Exception {
        this.mvc
                .perform(get("/crimes?skip=1&limit=2").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].id").value(2))
                .andExpect(jsonPath("$[1].id").value(3));
    }

    @Test
    void oneLegacyCrimeIsServedWithItsEtag() throws Exception {
        this.mvc
                .perform(get("/crimes/2").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date_time").value("2024-02-12T03:00:00.123456"))
                .andExpect(header().exists(HttpHeaders.ETAG));
    }

    @Test
    void searchMatchesTheTypeExactlyIgnoringCase() throws Exception {
        this.mvc
                .perform(get("/crimes/search?crime_type=robbery&limit=1000").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id <= 5)].id").value(contains(1, 4)));
        this.mvc
                .perform(get("/crimes/search?crime_type=robber").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void searchMatchesTheCalendarDayOfDateTime() throws Exception {
        this.mvc
                .perform(get("/crimes/search?date=2024-02-12&limit=1000").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id <= 5)].id").value(contains(2, 4)));
        this.mvc
                .perform(get("/crimes/search?date=2024-02-13&limit=1000").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$[?(@.id <= 5)].id").value(contains(5)));
    }

    @Test
    void searchMatchesALocationSubstringIgnoringCase() throws Exception {
        this.mvc
                .perform(get("/crimes/search?location=ALLEY").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$[?(@.id <= 5)].id").value(contains(4)));
        this.mvc
                .perform(get("/crimes/search?location=tower").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$[?(@.id <= 5)].id").value(contains(3)));
        this.mvc
                .perform(get("/crimes/search?location=%25").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void searchCombinesFiltersAndPages() throws Exception {
        this.mvc
                .perform(get("/crimes/search?crime_type=Asylum escape&date=2024-02-12&location=arkham")
                        .with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$[*].id").value(contains(2)));
        this.mvc
                .perform(get("/crimes/search?date=2024-02-12&skip=1&limit=1").with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$[*].id").value(contains(4)));
    }

    // ---- writing

    @Test
    void createdCrimeReadsBackExactly() throws Exception {
        String json = """
                {"type":"Kidnapping","description":"Mayor taken from City Hall","location":"City Hall",
                 "suspect_name":"Roman Sionis","date_time":"2024-02-12T03:00:00.123456",
                 "latitude":40.712776,"longitude":-74.005974}""";
        MvcResult created = this.mvc
                .perform(post("/crimes")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated())
                .andExpect(content().json(json))
                .andReturn();
        String location = created.getResponse().getHeader(HttpHeaders.LOCATION);
        long id = JSON.readTree(created.getResponse().getContentAsString())
                .get("id")
                .asLong();

        assertThat(id).isGreaterThan(5);
        assertThat(location).endsWith("/crimes/" + id);
        this.mvc
                .perform(get("/crimes/" + id).with(TestJwts.withRoles("reader")))
                .andExpect(content().json(json))
                .andExpect(
                        header().string(HttpHeaders.ETAG, created.getResponse().getHeader(HttpHeaders.ETAG)));
    }

    @Test
    void dateTimeIsStoredAsTheOldAppStoresIt() throws Exception {
        long id = create("{\"type\":\"Escape\",\"date_time\":\"2024-02-12T03:00:00.123456\"}");

        String stored =
                database().withJdbc(jdbc -> jdbc.queryForObject(database().storedDateTimeSql(), String.class, id));

        assertThat(stored).isEqualTo(expectedStoredDateTime());
    }

    /** The stored form of 2024-02-12 03:00:00.123456, as the subclass's database shows it. */
    abstract String expectedStoredDateTime();

    @Test
    void partialUpdateChangesOnlyTheGivenFieldsAndNullClears() throws Exception {
        long id = create("""
                {"type":"Theft","description":"Painting stolen","location":"Gotham Museum","suspect_name":"Catwoman",
                 "date_time":"2024-01-01T12:00:00","latitude":40.1,"longitude":-73.1}""");

        this.mvc
                .perform(put("/crimes/" + id)
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\":\"Painting returned\",\"suspect_name\":null}"))
                .andExpect(status().isOk());

        this.mvc
                .perform(get("/crimes/" + id).with(TestJwts.withRoles("reader")))
                .andExpect(content().json("""
                {"id":%d,"type":"Theft","description":"Painting returned","location":"Gotham Museum","suspect_name":null,
                 "date_time":"2024-01-01T12:00:00","latitude":40.1,"longitude":-73.1}""".formatted(id), JsonCompareMode.STRICT));
    }

    @Test
    void conditionalUpdateWithAStaleEtagIs412AndChangesNothing() throws Exception {
        long id = create("{\"type\":\"Arson\",\"location\":\"Ace Chemicals\"}");
        String etag = etag(id);
        this.mvc
                .perform(put("/crimes/" + id)
                        .with(TestJwts.withRoles("editor"))
                        .header(HttpHeaders.IF_MATCH, etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"location\":\"Ace Chemicals plant\"}"))
                .andExpect(status().isOk());

        this.mvc
                .perform(put("/crimes/" + id)
                        .with(TestJwts.withRoles("editor"))
                        .header(HttpHeaders.IF_MATCH, etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"location\":\"lost update\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        this.mvc
                .perform(get("/crimes/" + id).with(TestJwts.withRoles("reader")))
                .andExpect(jsonPath("$.location").value("Ace Chemicals plant"));
    }

    @Test
    void ofTwoConcurrentUpdatesWithTheSameEtagExactlyOneWins() throws Exception {
        long id = create("{\"type\":\"Heist\",\"location\":\"Gotham Mint\"}");
        String etag = etag(id);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (String location : new String[] {"first", "second"}) {
            outcomes.add(pool.submit(() -> {
                start.await();
                CrimeInput input = new CrimeInput();
                input.setLocation(location);
                return catchThrowable(() -> this.service.update(id, input, etag));
            }));
        }
        start.countDown();
        List<Throwable> results = new ArrayList<>();
        for (Future<Throwable> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertThat(results).filteredOn(result -> result == null).hasSize(1);
        assertThat(results)
                .filteredOn(result -> result != null)
                .singleElement()
                .isInstanceOf(StaleCrimeException.class);
    }

    @Test
    void deletedCrimeIsGone() throws Exception {
        long id = create("{\"type\":\"Jaywalking\"}");

        this.mvc
                .perform(delete("/crimes/" + id).with(TestJwts.withRoles("admin")))
                .andExpect(status().isNoContent());

        this.mvc
                .perform(get("/crimes/" + id).with(TestJwts.withRoles("reader")))
                .andExpect(status().isNotFound());
        this.mvc
                .perform(delete("/crimes/" + id).with(TestJwts.withRoles("admin")))
                .andExpect(status().isNotFound());
    }

    // ---- the legacy database itself

    @Test
    void flywayOnTheLegacyDatabaseOnlyAddedItsHistoryTable() {
        assertThat(snapshotBeforeStart().values())
                .allSatisfy(rows -> assertThat(rows).isNotEmpty());
        assertThat(database().legacySnapshot()).isEqualTo(snapshotBeforeStart());
        assertThat(database().tableNames()).containsExactlyInAnyOrder("crimes", "users", "flyway_schema_history");
    }

    // ---- the old app's own code, where it is present (always in CI)

    @Test
    void oldAppReadsBackTheCrimesWeWrite() throws Exception {
        LegacyApp legacy = legacyApp();
        String json = """
                {"type":"Smuggling","description":"Crates at pier 13","location":"Gotham Docks",
                 "suspect_name":"Oswald Cobblepot","date_time":"2024-02-12T03:00:00.123456",
                 "latitude":40.7003,"longitude":-74.0121}""";
        long id = create(json);

        Optional<Map<String, Object>> seen = legacy.crimes(database().sqlalchemyUrl()).stream()
                .filter(crime -> ((Number) crime.get("id")).longValue() == id)
                .findFirst();

        assertThat(seen).isPresent();
        JsonNode ours = JSON.readTree(json);
        Map<String, Object> theirs = seen.get();
        assertThat(theirs.get("type")).isEqualTo(ours.get("type").asString());
        assertThat(theirs.get("description")).isEqualTo(ours.get("description").asString());
        assertThat(theirs.get("location")).isEqualTo(ours.get("location").asString());
        assertThat(theirs.get("suspect_name"))
                .isEqualTo(ours.get("suspect_name").asString());
        assertThat(theirs.get("date_time")).isEqualTo("2024-02-12T03:00:00.123456");
        assertThat(((Number) theirs.get("latitude")).doubleValue()).isEqualTo(40.7003);
        assertThat(((Number) theirs.get("longitude")).doubleValue()).isEqualTo(-74.0121);
    }

    @Test
    void weReadTheCrimesTheOldAppWrites() throws Exception {
        LegacyApp legacy = legacyApp();
        String marker = "Pier " + UUID.randomUUID();
        legacy.addCrime(database().sqlalchemyUrl(), """
                {"type": "Smuggling", "description": "Written by the old app", "location": "%s",
                 "suspect_name": null, "date_time": "2023-12-31T23:59:59.000001", "latitude": -0.5, "longitude": 179.9}""".formatted(marker));
        Map<String, Object> theirs = legacy.crimes(database().sqlalchemyUrl()).stream()
                .filter(crime -> marker.equals(crime.get("location")))
                .findFirst()
                .orElseThrow();

        this.mvc
                .perform(get("/crimes/" + theirs.get("id")).with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(content().json(JSON.writeValueAsString(theirs), JsonCompareMode.STRICT));
    }

    private LegacyApp legacyApp() {
        Optional<LegacyApp> legacy = LegacyApp.find(pythonDrivers());
        Requirements.require(legacy.isPresent(), "The old app's code (" + LegacyApp.whereLooked() + ")");
        return legacy.orElseThrow();
    }

    long create(String json) throws Exception {
        MvcResult created = this.mvc
                .perform(post("/crimes")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated())
                .andReturn();
        return JSON.readTree(created.getResponse().getContentAsString())
                .get("id")
                .asLong();
    }

    private String etag(long id) throws Exception {
        return this.mvc
                .perform(get("/crimes/" + id).with(TestJwts.withRoles("reader")))
                .andReturn()
                .getResponse()
                .getHeader(HttpHeaders.ETAG);
    }
}
