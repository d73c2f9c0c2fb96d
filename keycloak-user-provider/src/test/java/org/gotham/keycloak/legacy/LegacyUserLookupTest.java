package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy row behind a sign-in, on a scratch SQLite legacy database: found by name ignoring case or by the primary
 * key in a Keycloak id, and the rows that are nobody (an unknown or blank name, a name several rows share, a row
 * without a username), with what is logged about them.
 */
class LegacyUserLookupTest {

    static final String COMPONENT = "legacy-lookup";
    static final String BATMAN_HASH = PasslibVectors.hash("2b cost 4"); // IamVengeance1

    @TempDir
    static Path directory;

    static LegacyDatabase database;

    LegacyStore store;
    LegacyUserLookup lookup;
    CapturedLog log;

    @BeforeAll
    static void createLegacyDatabase() throws Exception {
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", BATMAN_HASH);
        database.insertUser(3, "Harley", BATMAN_HASH);
        database.insertUser(4, "harley", BATMAN_HASH);
        database.insertUser(5, null, BATMAN_HASH);
    }

    @AfterAll
    static void dropLegacyDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void createLookup() {
        log = new CapturedLog();
        store = LegacyStore.open(COMPONENT, LegacyStoreConfig.from(database.config()));
        lookup = new LegacyUserLookup(
                store, new LegacyPasswordHasher(2), "legacy user store 'legacy SQLite' (" + COMPONENT + ")");
    }

    @AfterEach
    void closeStore() {
        store.close();
        log.close();
    }

    @Test
    void unknownAndBlankUsernamesAreNoSuchUser() {
        assertThat(lookup.byName("joker")).isNull();
        assertThat(lookup.byName("")).isNull();
        assertThat(lookup.byName(null)).isNull();
        assertThat(lookup.byName("x".repeat(10 * 1024))).isNull();
        assertThat(lookup.byName("batman' OR '1'='1")).isNull();
    }

    @Test
    void namesDifferingOnlyByCaseFindNobodyAndSayWhy() {
        assertThat(lookup.byName("harley")).isNull();
        assertThat(lookup.byName("Harley")).isNull();
        assertThat(log.warnings())
                .anySatisfy(warning -> assertThat(warning)
                        .contains("ids 3, 4")
                        .contains("differ only by case")
                        .contains("'harley'")
                        .doesNotContain(BATMAN_HASH));
    }

    @Test
    void lookupByIdUsesTheLegacyPrimaryKey() {
        assertThat(lookup.byId("f:" + COMPONENT + ":1").username()).isEqualTo("batman");
        assertThat(lookup.byId("f:" + COMPONENT + ":999")).isNull();
        assertThat(lookup.byId("f:" + COMPONENT + ":batman")).isNull();
        assertThat(lookup.byId("f:" + COMPONENT + ":99999999999999999999")).isNull();
        assertThat(lookup.byId("f:" + COMPONENT + ":" + "9".repeat(10 * 1024))).isNull();
        assertThat(lookup.byId(null)).isNull();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void rowWithoutUsernameIsNoUserAndWarnedOnce() {
        assertThat(lookup.byId("f:" + COMPONENT + ":5")).isNull();
        assertThat(lookup.byId("f:" + COMPONENT + ":5")).isNull();
        assertThat(log.warnings()).singleElement().asString().contains("id=5").contains("no username");
    }
}
