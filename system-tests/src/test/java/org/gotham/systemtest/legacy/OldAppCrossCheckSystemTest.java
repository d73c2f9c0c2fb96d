package org.gotham.systemtest.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gotham.systemtest.support.CrimeApiClient;
import org.gotham.systemtest.support.CrimeApiClient.Answer;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyApp;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The old app and crime-api share the legacy database: the old app's own code (SQLAlchemy) reads
 * what crime-api wrote for a Keycloak token, and crime-api reads what the old code wrote, field for
 * field. Needs {@code ../shared/legacy} and Debian's Python with SQLAlchemy (present in CI).
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class OldAppCrossCheckSystemTest {

    /** ASCII only on the command line (non-ASCII as \\u escapes), whatever the JVM's locale. */
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    private final LegacyCrimes crimes;
    private final LegacyApp oldApp = LegacyApp.find();
    private final String oldAppUrl;

    OldAppCrossCheckSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
        this.crimes = new LegacyCrimes(crimeApi.database());
        this.oldAppUrl = LegacyApp.sqlAlchemyUrl(crimeApi.database());
    }

    @BeforeAll
    static void requireTheOldApp() {
        Requirements.require(
                LegacyApp.available(),
                "the old app (legacy.tool.dir/legacy_app.py with /usr/bin/python3, SQLAlchemy and passlib)");
    }

    @Test
    void oldAppReadsBackEveryFieldOfACrimeThatCrimeApiWrote() throws JsonProcessingException {
        ObjectNode crime = crime(
                "Cross-check extortion",
                "Iceberg Lounge, caf\u00e9 \u2014 back room",
                "Oswald Cobblepot",
                "2024-05-03T04:05:06.123456",
                40.758896,
                -73.98513);
        long maxBefore = crimes.maxId();
        try {
            TokenEndpoint.Answer token = tokens().clientCredentials("crime-importer", KeycloakServer.IMPORTER_SECRET);
            Answer created =
                    new CrimeApiClient(crimeApi, token.accessToken()).post("/crimes", JSON.writeValueAsString(crime));
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            crime.put("id", created.json().path("id").asLong());

            JsonNode readByOldApp = oldApp.crimes(oldAppUrl).stream()
                    .filter(c -> c.path("id").asLong() == crime.path("id").asLong())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the old app does not see crime " + crime.path("id")));

            assertThat(readByOldApp).isEqualTo(asParsed(crime));
        } finally {
            crimes.deleteAbove(maxBefore);
        }
    }

    @Test
    void crimeApiReadsBackExactlyACrimeTheOldAppWrote() throws JsonProcessingException {
        ObjectNode crime = crime(
                "Cross-check poisoning",
                "Gotham Botanical Gardens, \u00e9t\u00e9 greenhouse",
                "Pamela Isley",
                "2024-02-12T03:00:00.654321",
                40.7306,
                -73.9352);
        long maxBefore = crimes.maxId();
        try {
            oldApp.addCrime(oldAppUrl, JSON.writeValueAsString(crime));
            long id = crimes.maxId();
            assertThat(id).as("the old app added a row").isGreaterThan(maxBefore);
            crime.put("id", id);
            LegacyUser batman = LegacyUser.named("batman");
            TokenEndpoint.Answer token = tokens().password("crime-cli", batman.username(), batman.password());

            Answer read = new CrimeApiClient(crimeApi, token.accessToken()).get("/crimes/" + id);

            assertThat(read.status()).as("%s", read).isEqualTo(200);
            assertThat(read.json()).isEqualTo(asParsed(crime));
        } finally {
            crimes.deleteAbove(maxBefore);
        }
    }

    private TokenEndpoint tokens() {
        return keycloak.realm(Vendor.SQLITE).tokens();
    }

    /** The node as it reads back from JSON text (small numbers as ints), for exact comparison. */
    private static JsonNode asParsed(JsonNode node) throws JsonProcessingException {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    /** A crime with every field set, as JSON with the old app's field names (no id yet). */
    private static ObjectNode crime(
            String type, String location, String suspect, String dateTime, double latitude, double longitude) {
        ObjectNode crime = JSON.createObjectNode();
        crime.put("type", type);
        crime.put("description", type + ", reported by the system tests");
        crime.put("location", location);
        crime.put("suspect_name", suspect);
        crime.put("date_time", dateTime);
        crime.put("latitude", latitude);
        crime.put("longitude", longitude);
        return crime;
    }
}
