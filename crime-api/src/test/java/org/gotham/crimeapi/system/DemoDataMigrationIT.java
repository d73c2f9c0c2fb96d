package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.gotham.crimeapi.support.LegacyApp;
import org.gotham.crimeapi.support.LegacyDatabase;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The migrations with the optional demo location ({@code classpath:db/demo}, which ./run.sh adds), on
 * each database: a fresh database gets the legacy schema, the old app's demo users with their exact
 * passlib hashes, and the demo crimes; running again or on a legacy database adds only what is missing.
 */
class DemoDataMigrationIT {

    private static final Map<String, String> DEMO_HASHES = Map.of(
            "batman",
            "$2b$12$xD0Yt3ve1IBvsMUvOto/SOFv/gBR3ZWWv730NW.UdvFrf0vX/RsUC",
            "robin",
            "$2a$10$tbSV/7GgdohSPLhaNtftWuSjMWc/NFsWVANpijUZxYEP/5e.CagA2",
            "gordon",
            "$2y$08$uk68FIrJZe0YzE5obVLiXOC7yCn4PEeKGPygWQjhNYbeYlhyZ7r7G",
            "lucius",
            "$2b$06$sHHbsH2/d4r4HiWHphWHEu2vstIu7jG7CIzJbq0gMvtGdhNP51ZNK",
            "Barbara.Gordon",
            "$2b$05$T/ia2uqpOOaqaYgLLCEPz.ITgsYscJ1fnivxeeNF4s1pGhYlhEQgS");

    private static final int DEMO_CRIMES = 8;

    private static LegacyDatabase scratch(String vendor) throws IOException {
        LegacyDatabase database = switch (vendor) {
            case "sqlite" ->
                LegacyDatabase.sqlite(Files.createTempDirectory("api_demo").resolve("demo.db"));
            case "postgresql" -> LegacyDatabase.postgres(LegacyDatabase.PREFIX + "demo_it");
            case "mariadb" -> LegacyDatabase.mariadb(LegacyDatabase.PREFIX + "demo_it");
            default -> throw new IllegalArgumentException(vendor);
        };
        database.requireReachable();
        database.recreate();
        return database;
    }

    /** Flyway as application.yml configures it, with the demo location added. */
    private static void migrateWithDemo(LegacyDatabase database) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration/" + database.vendor(), "classpath:db/demo")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholderReplacement(false)
                .load()
                .migrate();
    }

    private static Map<String, String> users(LegacyDatabase database) {
        return database.withJdbc(jdbc -> {
            Map<String, String> users = new TreeMap<>();
            jdbc.query("SELECT username, hashed_password FROM users", row -> {
                users.put(row.getString(1), row.getString(2));
            });
            return users;
        });
    }

    private static int crimes(LegacyDatabase database) {
        return database.withJdbc(jdbc -> jdbc.queryForObject("SELECT count(*) FROM crimes", Integer.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void freshDatabaseGetsTheSchemaTheDemoUsersAndTheDemoCrimesOnce(String vendor) throws IOException {
        LegacyDatabase database = scratch(vendor);

        migrateWithDemo(database);
        migrateWithDemo(database);

        assertThat(users(database)).isEqualTo(DEMO_HASHES);
        assertThat(crimes(database)).isEqualTo(DEMO_CRIMES);
        String stored = database.withJdbc(jdbc -> jdbc.queryForObject(
                database.storedDateTimeSql(),
                String.class,
                jdbc.queryForObject("SELECT id FROM crimes WHERE description = 'Joker again'", Long.class)));
        assertThat(stored).endsWith(":2024-02-12 03:00:00.123456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void onALegacyDatabaseTheDemoAddsOnlyWhatIsMissing(String vendor) throws IOException {
        LegacyDatabase database = scratch(vendor);
        database.loadLegacyData();
        Map<String, String> legacyUsers = users(database);

        migrateWithDemo(database);

        // the old app's own users keep their hashes; its 3 demo crimes are not duplicated
        assertThat(users(database)).isEqualTo(legacyUsers);
        assertThat(crimes(database)).isEqualTo(5 + DEMO_CRIMES - 3);
    }

    @Test
    void oldAppsPasslibAcceptsEveryDemoPassword() throws IOException {
        Optional<LegacyApp> legacy = LegacyApp.find();
        Requirements.require(legacy.isPresent(), "The old app's code (" + LegacyApp.whereLooked() + ")");
        LegacyDatabase database = scratch("sqlite");
        migrateWithDemo(database);

        List<String[]> passwords = List.of(
                new String[] {"batman", "IamVengeance1"},
                new String[] {"robin", "holy-guacamole"},
                new String[] {"gordon", "commissi\u00f8ner-\u00e9t\u00e9"},
                new String[] {"lucius", "q".repeat(90)},
                new String[] {"Barbara.Gordon", "oracle:sees/all"});
        for (String[] user : passwords) {
            assertThat(legacy.get().verify(database.sqlalchemyUrl(), user[0], user[1]))
                    .as(user[0])
                    .isTrue();
        }
        assertThat(legacy.get().verify(database.sqlalchemyUrl(), "batman", "IamVengeance2"))
                .isFalse();
    }
}
