package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * The legacy row behind a sign-in by e-mail, on a scratch SQLite legacy database with an e-mail column: found ignoring
 * case, and nobody for an e-mail that several rows share (a WARN names their ids, never the e-mail or a hash).
 */
class LegacyUserLookupEmailTest {

    static final String COMPONENT = "legacy-lookup-email";
    static final String HASH = PasslibVectors.hash("2b cost 4");

    @TempDir
    static Path directory;

    static LegacyDatabase database;

    LegacyStore store;
    CapturedLog log;

    @BeforeAll
    static void createLegacyDatabase() {
        database = LegacyDatabase.sqlite(directory);
        database.execute("ALTER TABLE users ADD email VARCHAR");
        database.insertUser(1, "batman", HASH);
        database.insertUser(2, "joker", HASH);
        database.insertUser(3, "harley", HASH);
        database.insertUser(4, "robin", HASH);
        database.execute("UPDATE users SET email = 'Bruce@Wayne.example' WHERE id = 1");
        database.execute("UPDATE users SET email = 'clowns@arkham.example' WHERE id IN (2, 3)");
    }

    @AfterAll
    static void dropLegacyDatabase() {
        database.close();
    }

    @BeforeEach
    void captureLog() {
        log = new CapturedLog();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
        log.close();
    }

    @Test
    void anEmailSignsInItsOneRowIgnoringCase() {
        LegacyUserLookup lookup = lookup(Map.of(LegacyStoreConfig.EMAIL_COLUMN, "email"));
        assertThat(lookup.byEmail("bruce@wayne.EXAMPLE").id()).isEqualTo(1);
        assertThat(lookup.byEmail("robin@wayne.example")).isNull();
        assertThat(lookup.byEmail(" ")).isNull();
        assertThat(lookup.byEmail(null)).isNull();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void anEmailTwoRowsShareSignsNobodyInAndTheWarningNamesBothIds() {
        LegacyUserLookup lookup = lookup(Map.of(LegacyStoreConfig.EMAIL_COLUMN, "email"));
        assertThat(lookup.byEmail("CLOWNS@arkham.example")).isNull();
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("ids 2, 3")
                .contains("share an e-mail")
                .doesNotContain("clowns")
                .doesNotContain(HASH);
        assertThat(lookup.byName("joker").id()).as("the name still signs in").isEqualTo(2);
    }

    @Test
    void withoutAnEmailColumnNobodyHasAnEmail() {
        LegacyUserLookup lookup = lookup(Map.of());
        assertThat(lookup.byEmail("bruce@wayne.example")).isNull();
    }

    private LegacyUserLookup lookup(Map<String, String> settings) {
        Map<String, List<String>> config = database.config();
        settings.forEach((key, value) -> config.put(key, List.of(value)));
        store = LegacyStore.open(COMPONENT, LegacyStoreConfig.from(config));
        return new LegacyUserLookup(
                store, new LegacyPasswordHasher(2), "legacy user store 'legacy SQLite' (" + COMPONENT + ")");
    }
}
