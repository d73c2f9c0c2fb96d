package org.gotham.keycloak.legacy.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserModel;

/** Deleting a legacy user: the row goes only with Keycloak's commit, and a row that cannot go stops the commit. */
class LegacyUserWriterTest {

    private static final String COMPONENT = "writer-test";
    /** Any usable bcrypt hash: deleting never checks it. */
    private static final String HASH = "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne";

    @TempDir
    Path directory;

    private final List<KeycloakTransaction> prepared = new ArrayList<>();
    private LegacyDatabase database;
    private LegacyStore store;
    private LegacyUserWriter writer;
    private final UserModel batman =
            Fakes.fake(UserModel.class, "batman", Map.of("getId", args -> "f:" + COMPONENT + ":1"));

    @BeforeEach
    void legacyTableWithBatman() throws Exception {
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", HASH);
        store = LegacyStore.open(COMPONENT, LegacyStoreConfig.from(database.config()));
        KeycloakTransactionManager transactions = Fakes.fake(
                KeycloakTransactionManager.class,
                "transactions",
                Map.of("enlistPrepare", args -> prepared.add((KeycloakTransaction) args[0])));
        KeycloakSession session =
                Fakes.fake(KeycloakSession.class, "session", Map.of("getTransactionManager", args -> transactions));
        writer = new LegacyUserWriter(
                session,
                store.repository(),
                new LegacyPasswordHasher(1),
                PasswordSchemes.BCRYPT_ONLY,
                4,
                COMPONENT,
                "component-id");
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
        database.close();
    }

    @Test
    void theRowIsDeletedWhenKeycloakCommitsTheDeletion() {
        writer.remove(batman);
        assertThat(store.repository().findById(1)).as("before Keycloak commits").isPresent();

        KeycloakTransaction deletion = onlyPrepared();
        deletion.begin();
        deletion.commit();

        assertThat(store.repository().findById(1)).isEmpty();
    }

    @Test
    void aDeletionKeycloakRollsBackLeavesTheRow() {
        writer.remove(batman);

        KeycloakTransaction deletion = onlyPrepared();
        deletion.begin();
        deletion.rollback();

        assertThat(store.repository().findById(1)).isPresent();
    }

    @Test
    void aRowThatCannotBeDeletedAtCommitRollsKeycloakBack() {
        writer.remove(batman);
        KeycloakTransaction deletion = onlyPrepared();
        deletion.begin();
        store.close();

        assertThatThrownBy(deletion::commit)
                .isInstanceOf(ModelException.class)
                .hasMessage("The legacy user store is unavailable");
    }

    @Test
    void anUnreachableDatabaseRefusesTheDeletionAtOnce() {
        store.close();

        assertThatThrownBy(() -> writer.remove(batman)).isInstanceOf(LegacyStoreUnavailableException.class);
        assertThat(prepared).as("nothing left for Keycloak's commit").isEmpty();
    }

    @Test
    void aRowAlreadyGoneIsNoError() throws Exception {
        store.repository().delete(1);

        writer.remove(batman);

        assertThat(prepared).isEmpty();
    }

    private KeycloakTransaction onlyPrepared() {
        assertThat(prepared).hasSize(1);
        return prepared.get(0);
    }
}
