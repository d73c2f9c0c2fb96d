package org.gotham.crimeapi.crime;

import org.gotham.crimeapi.support.LegacyDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on PostgreSQL rows the old app wrote (timestamp without time zone). */
class PostgresLegacyDatabaseIT extends LegacyDatabaseContract {

    private static final LegacyDatabase DATABASE = LegacyDatabase.postgres(LegacyDatabase.PREFIX + "crime_it");

    @BeforeAll
    static void createDatabase() {
        createLegacyDatabase(DATABASE);
    }

    @DynamicPropertySource
    static void useDatabase(DynamicPropertyRegistry registry) {
        useLegacyDatabase(registry, DATABASE);
    }

    @Override
    LegacyDatabase database() {
        return DATABASE;
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
