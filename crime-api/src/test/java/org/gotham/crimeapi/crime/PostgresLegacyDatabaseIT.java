package org.gotham.crimeapi.crime;

import java.util.List;
import java.util.Map;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.gotham.crimeapi.support.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on PostgreSQL rows the old app wrote (timestamp without time zone). */
class PostgresLegacyDatabaseIT extends LegacyDatabaseContract {

    private static final LegacyDatabase DATABASE = LegacyDatabase.postgres(LegacyDatabase.PREFIX + "crime_it");

    private static Map<String, List<Map<String, Object>>> before;

    @BeforeAll
    static void createLegacyDatabase() {
        Requirements.require(DATABASE.reachable(), "PostgreSQL at " + DATABASE.jdbcUrl() + " is not reachable");
        DATABASE.recreate();
        DATABASE.loadLegacyData();
        before = DATABASE.legacySnapshot();
    }

    @DynamicPropertySource
    static void legacyDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
    }

    @Override
    LegacyDatabase database() {
        return DATABASE;
    }

    @Override
    Map<String, List<Map<String, Object>>> snapshotBeforeStart() {
        return before;
    }

    @Override
    String[] pythonDrivers() {
        return new String[] {"psycopg2"};
    }

    @Override
    String expectedStoredDateTime() {
        return "timestamp without time zone:2024-02-12 03:00:00.123456";
    }
}
