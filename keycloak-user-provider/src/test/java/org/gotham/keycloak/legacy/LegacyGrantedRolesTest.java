package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * The component's granted roles as the realm has them: every one that exists, and a warning once for each one that does
 * not.
 */
class LegacyGrantedRolesTest {

    static final String COMPONENT = "legacy-roles";

    @TempDir
    Path directory;

    final ClientModel crimeApi = Fakes.client("crime-api", "editor", "reader");
    final RoleModel editor = crimeApi.getRole("editor");
    final RoleModel reader = crimeApi.getRole("reader");
    final RealmModel realm = Fakes.realm(List.of("offline_access"), List.of(crimeApi));
    final RoleModel offlineAccess = realm.getRole("offline_access");

    LegacyDatabase database;
    CapturedLog log;

    @BeforeEach
    void createLegacyDatabase() throws Exception {
        log = new CapturedLog();
        database = LegacyDatabase.sqlite(directory);
    }

    @AfterEach
    void dropLegacyDatabase() throws Exception {
        database.close();
        log.close();
    }

    @Test
    void unknownGrantedRolesAreWarnedOnceAndIgnored() {
        Map<String, List<String>> config = database.config();
        config.put(
                LegacyStoreConfig.GRANTED_ROLES,
                List.of("crime-api/reader", "offline_access", "crime-api/nope", "no-such-client/editor", "ghost"));
        try (LegacyStore store = LegacyStore.open(COMPONENT, LegacyStoreConfig.from(config))) {
            for (int session = 0; session < 3; session++) {
                assertThat(LegacyGrantedRoles.resolve(realm, store, "legacy user store 'test' (" + COMPONENT + ")"))
                        .contains(reader, offlineAccess)
                        .doesNotContain(editor);
            }
        }
        assertThat(log.warnings())
                .hasSize(3)
                .allSatisfy(warning -> assertThat(warning).contains("does not exist"))
                .anySatisfy(w -> assertThat(w).contains("'crime-api/nope'"))
                .anySatisfy(w -> assertThat(w).contains("'no-such-client/editor'"))
                .anySatisfy(w -> assertThat(w).contains("'ghost'"));
    }
}
