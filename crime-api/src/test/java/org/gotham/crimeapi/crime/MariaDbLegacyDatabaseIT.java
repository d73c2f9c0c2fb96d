package org.gotham.crimeapi.crime;

import org.gotham.crimeapi.support.LegacyDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract on MariaDB holding the old app's rows (DATETIME(6); the old app never ran on MariaDB,
 * so its rows are converted, and the live check writes through SQLAlchemy's pymysql dialect).
 */
class MariaDbLegacyDatabaseIT extends LegacyDatabaseContract {

    private static final LegacyDatabase DATABASE = LegacyDatabase.mariadb(LegacyDatabase.PREFIX + "crime_it");

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
        return new String[] {"pymysql"};
    }

    @Override
    String expectedStoredDateTime() {
        return "datetime(6):2024-02-12 03:00:00.123456";
    }
}
