package org.gotham.crimeapi.crime;

import java.util.List;
import java.util.Map;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.gotham.crimeapi.support.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract on MariaDB holding the old app's rows (DATETIME(6); the old app never ran on MariaDB,
 * so its rows are converted, and the live check writes through SQLAlchemy's pymysql dialect).
 */
class MariaDbLegacyDatabaseIT extends LegacyDatabaseContract {

    private static final LegacyDatabase DATABASE = LegacyDatabase.mariadb(LegacyDatabase.PREFIX + "crime_it");

    private static Map<String, List<Map<String, Object>>> before;

    @BeforeAll
    static void createLegacyDatabase() {
        Requirements.require(DATABASE.reachable(), "MariaDB at " + DATABASE.jdbcUrl() + " is not reachable");
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
        return new String[] {"pymysql"};
    }

    @Override
    String expectedStoredDateTime() {
        return "datetime(6):2024-02-12 03:00:00.123456";
    }
}
