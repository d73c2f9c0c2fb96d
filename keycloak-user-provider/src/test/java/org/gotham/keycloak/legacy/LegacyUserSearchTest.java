package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserQuery;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.DatastoreProvider;
import org.keycloak.storage.StoreManagers;
import org.keycloak.storage.UserStorageProviderModel;

/**
 * Which legacy rows an admin listing shows once users can have moved into Keycloak, and how an unbounded listing is
 * read, on a scratch SQLite legacy database. Search syntax, paging and counts through the SPI's methods are tested
 * through the provider ({@link LegacyUserStorageProviderTest}).
 */
class LegacyUserSearchTest {

    static final String COMPONENT = "legacy-search";

    @TempDir
    Path directory;

    final RealmModel realm = Fakes.realm(List.of(), List.of());
    /** Keycloak's own users: moved there by a sign-in or an import. */
    final Set<String> keycloakUsers = Set.of("robin");
    /** The usernames Keycloak's own store was asked about. */
    final List<String> askedKeycloak = new ArrayList<>();

    LegacyDatabase database;
    LegacyUserStorageProviderFactory factory;

    @BeforeEach
    void createLegacyDatabase() throws Exception {
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", null);
        database.insertUser(2, "Robin", null);
        database.insertUser(3, "alfred", null);
        factory = new LegacyUserStorageProviderFactory(new LegacyPasswordHasher(1));
    }

    @AfterEach
    void dropLegacyDatabase() throws Exception {
        factory.close();
        database.close();
    }

    @Test
    void withoutMigrationEveryRowIsListedAndKeycloakIsNotAsked() {
        LegacyUserSearch search = search(component(Map.of()));

        assertThat(usernames(search, 0, 10)).containsExactly("batman", "Robin", "alfred");
        assertThat(usernames(search, null, null)).containsExactly("batman", "Robin", "alfred");
        assertThat(askedKeycloak).isEmpty();
    }

    @Test
    void withLazyMigrationAUserAlreadyInKeycloakIsListedOnlyThere() {
        LegacyUserSearch search = search(component(Map.of(LegacyStoreConfig.LAZY_MIGRATION, "true")));

        assertThat(usernames(search, 0, 10)).containsExactly("batman", "alfred");
        assertThat(usernames(search, null, null)).containsExactly("batman", "alfred");
        assertThat(askedKeycloak).contains("robin");
    }

    @Test
    void afterABulkImportAUserAlreadyInKeycloakIsListedOnlyThere() {
        UserStorageProviderModel imported = new UserStorageProviderModel(component(Map.of()));
        imported.setLastSync(1);

        assertThat(usernames(search(imported), 0, 10)).containsExactly("batman", "alfred");
    }

    @Test
    void unboundedStreamsAreReadPageByPage() {
        LegacyUserSearch search = search(component(Map.of()));

        assertThat(usernames(search, null, null)).isEqualTo(usernames(search, 0, 1000));
        assertThat(LegacyUserSearch.STREAM_PAGE_SIZE).isLessThan(1000);
    }

    private List<String> usernames(LegacyUserSearch search, Integer firstResult, Integer maxResults) {
        return search.page(realm, LegacyUserQuery.all(), firstResult, maxResults)
                .map(LegacyUser::username)
                .toList();
    }

    private LegacyUserSearch search(ComponentModel model) {
        return new LegacyUserSearch(session(), model, factory.storeFor(model));
    }

    private ComponentModel component(Map<String, String> settings) {
        Map<String, List<String>> config = database.config();
        settings.forEach((key, value) -> config.put(key, List.of(value)));
        return database.component(COMPONENT + "-" + settings.size(), config);
    }

    /** A session whose Keycloak user store has the {@link #keycloakUsers}, and records what it is asked. */
    private KeycloakSession session() {
        UserProvider localUsers =
                Fakes.fake(UserProvider.class, "Keycloak's users", Map.of("getUserByUsername", args -> {
                    String username = (String) args[1];
                    askedKeycloak.add(username);
                    return keycloakUsers.contains(username) ? Fakes.fake(UserModel.class, username, Map.of()) : null;
                }));
        Object datastore = Fakes.fake(
                "datastore",
                Map.of("userLocalStorage", args -> localUsers),
                DatastoreProvider.class,
                StoreManagers.class);
        return Fakes.session(Map.of(DatastoreProvider.class, datastore));
    }
}
