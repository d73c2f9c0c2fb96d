package org.gotham.crimeapi.crime;

import java.io.IOException;
import java.nio.file.Files;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on a SQLite file the old app wrote (its date_time is TEXT). */
class SqliteLegacyDatabaseIT extends LegacyDatabaseContract {

    private static LegacyDatabase database;

    @BeforeAll
    static void createDatabase() throws IOException {
        database = LegacyDatabase.sqlite(Files.createTempDirectory("api_sqlite").resolve("gotham_crime_data.db"));
        createLegacyDatabase(database);
    }

    @DynamicPropertySource
    static void useDatabase(DynamicPropertyRegistry registry) {
        useLegacyDatabase(registry, database);
    }

    @Override
    LegacyDatabase database() {
        return database;
    }

    @Override
    String[] pythonDrivers() {
        return new String[0];
    }

    @Override
    String expectedStoredDateTime() {
        return "text:2024-02-12 03:00:00.123456";
    }
}
