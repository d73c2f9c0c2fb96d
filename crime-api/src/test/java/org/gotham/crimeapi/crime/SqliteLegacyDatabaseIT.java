package org.gotham.crimeapi.crime;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on a SQLite file the old app wrote (its date_time is TEXT). */
class SqliteLegacyDatabaseIT extends LegacyDatabaseContract {

    private static LegacyDatabase database;

    private static Map<String, List<Map<String, Object>>> before;

    @BeforeAll
    static void createLegacyDatabase() throws IOException {
        database = LegacyDatabase.sqlite(Files.createTempDirectory("api_sqlite").resolve("gotham_crime_data.db"));
        database.recreate();
        database.loadLegacyData();
        before = database.legacySnapshot();
    }

    @DynamicPropertySource
    static void legacyDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.jdbcUrl());
    }

    @Override
    LegacyDatabase database() {
        return database;
    }

    @Override
    Map<String, List<Map<String, Object>>> snapshotBeforeStart() {
        return before;
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
