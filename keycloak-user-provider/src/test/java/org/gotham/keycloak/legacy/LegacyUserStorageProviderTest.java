package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.password.Hashers;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;

/**
 * The provider as Keycloak calls it, against a real SQLite legacy database with just enough of Keycloak faked around
 * it: a sign-in from lookup to password, granted roles and admin search through the SPI's methods, what each edit mode
 * allows, an unavailable or misconfigured store, and what an unknown name costs beside a wrong password. Each concern
 * the provider hands on is tested beside its own class ({@link LegacyUserLookupTest}, {@link
 * LegacyPasswordCredentialsTest}, {@link LegacyUserSearchTest}, {@link LegacyUserAdapterTest}, {@link
 * LegacyGrantedRolesTest}, {@link LegacyUserProfileTest}).
 */
class LegacyUserStorageProviderTest {

    static final String COMPONENT = "legacy-sqlite";
    static final String BATMAN_HASH = PasslibVectors.hash("2b cost 4"); // IamVengeance1
    static final String ORACLE_HASH = PasslibVectors.hash("2y cost 4"); // php-import
    static final String LUCIUS_HASH = PasslibVectors.hash("90 bytes, 2a"); // "q" * 90
    static final String BROKEN_HASH = "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7l";
    static final String ARGON_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

    @TempDir
    static Path directory;

    static LegacyDatabase database;

    final ClientModel crimeApi = Fakes.client("crime-api", "editor", "reader");
    final RoleModel editor = crimeApi.getRole("editor");
    final RoleModel reader = crimeApi.getRole("reader");
    final RealmModel realm = Fakes.realm(List.of("offline_access"), List.of(crimeApi));
    final RoleModel offlineAccess = realm.getRole("offline_access");

    LegacyUserStorageProviderFactory factory;
    LegacyUserStorageProvider provider;
    CapturedLog log;

    @BeforeAll
    static void createLegacyDatabase() throws Exception {
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", BATMAN_HASH);
        database.insertUser(2, "Barbara.Gordon", ORACLE_HASH);
        database.insertUser(3, "Harley", BATMAN_HASH);
        database.insertUser(4, "harley", BATMAN_HASH);
        database.insertUser(5, null, BATMAN_HASH);
        database.insertUser(6, "nohash", null);
        database.insertUser(7, "broken", BROKEN_HASH);
        database.insertUser(8, "argon", ARGON_HASH);
        database.insertUser(9, "lucius", LUCIUS_HASH);
        for (int i = 1; i <= 25; i++) {
            database.insertUser(100 + i, String.format("user%02d", i), BATMAN_HASH);
        }
    }

    @AfterAll
    static void dropLegacyDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void createProvider() {
        log = new CapturedLog();
        factory = new LegacyUserStorageProviderFactory(new LegacyPasswordHasher(2));
        provider = factory.create(Fakes.session(), database.component(COMPONENT, database.config()));
    }

    @AfterEach
    void closeFactory() {
        factory.close();
        log.close();
    }

    private boolean signIn(UserModel user, String password) {
        return provider.isValid(realm, user, UserCredentialModel.password(password));
    }

    // ---- sign-in ----

    @Test
    void legacyUserSignsInWithOldPasswordAsTypedAndInLowerCase() {
        for (String typed : List.of("Barbara.Gordon", "barbara.gordon", "BARBARA.GORDON")) {
            UserModel user = provider.getUserByUsername(realm, typed);
            assertThat(user).as(typed).isNotNull();
            assertThat(user.getUsername()).isEqualTo("barbara.gordon");
            assertThat(signIn(user, "php-import")).isTrue();
            assertThat(signIn(user, "PHP-import")).isFalse();
        }
    }

    @Test
    void noLegacyUserIsFoundByEmail() {
        assertThat(provider.getUserByEmail(realm, "batman@wayne.example")).isNull();
    }

    // ---- granted roles ----

    @Test
    void everyLegacyUserHasTheGrantedRoles() {
        UserModel user = provider.getUserByUsername(realm, "batman");
        assertThat(user.getRoleMappingsStream()).contains(editor);
        assertThat(user.getClientRoleMappingsStream(crimeApi)).containsExactly(editor);
        assertThat(user.hasRole(editor)).isTrue();
        assertThat(user.hasRole(reader)).isFalse();
        assertThat(provider.getRoleMembersStream(realm, editor, 0, 100)).hasSize(provider.getUsersCount(realm));
        assertThat(provider.getRoleMembersStream(realm, reader, 0, 100)).isEmpty();
    }

    // ---- admin search ----

    @Test
    void searchCountAndPagingAgreeThroughTheKeycloakApi() {
        Map<String, String> params = Map.of(UserModel.SEARCH, "user", UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        assertThat(provider.getUsersCount(realm, params)).isEqualTo(25);
        assertThat(provider.getUsersCount(realm, "user")).isEqualTo(25);
        assertThat(usernames(provider.searchForUserStream(realm, params, 0, 10)))
                .hasSize(10)
                .startsWith("user01");
        assertThat(usernames(provider.searchForUserStream(realm, params, 10, 10)))
                .hasSize(10)
                .startsWith("user11");
        assertThat(usernames(provider.searchForUserStream(realm, params, 20, 10)))
                .containsExactly("user21", "user22", "user23", "user24", "user25");
        assertThat(usernames(provider.searchForUserStream(realm, "user", 20, 10)))
                .hasSize(5);
    }

    @Test
    void listingEveryoneAgreesWithTheTotalAndSkipsRowsWithoutUsername() {
        int total = provider.getUsersCount(realm);
        assertThat(total).isEqualTo(33); // 34 rows, one without username
        assertThat(provider.getUsersCount(realm, true)).isEqualTo(total);
        assertThat(provider.getUsersCount(realm, "*")).isEqualTo(total);
        assertThat(provider.getUsersCount(realm, Map.of())).isEqualTo(total);
        assertThat(provider.searchForUserStream(realm, "*")).hasSize(total);
        assertThat(provider.searchForUserStream(realm, Map.of(), null, null)).hasSize(total);
        assertThat(provider.searchForUserStream(realm, Map.of(), -5, -1)).hasSize(total);
        assertThat(provider.searchForUserStream(realm, Map.of(), 30, null)).hasSize(3);
        assertThat(provider.searchForUserStream(realm, Map.of(), 0, 0)).isEmpty();
    }

    @Test
    void usernameParameterFindsExactlyOrBySubstringAsTheRestApiAsks() {
        Map<String, String> exact = new HashMap<>();
        exact.put(UserModel.USERNAME, "USER07");
        exact.put(UserModel.EXACT, "true");
        assertThat(usernames(provider.searchForUserStream(realm, exact, 0, 100)))
                .containsExactly("user07");
        assertThat(provider.getUsersCount(realm, exact)).isEqualTo(1);
        exact.put(UserModel.EXACT, "false");
        assertThat(usernames(provider.searchForUserStream(realm, exact, 0, 100)))
                .containsExactly("user07");
        Map<String, String> contains = Map.of(UserModel.USERNAME, "ER2");
        assertThat(usernames(provider.searchForUserStream(realm, contains, 0, 100)))
                .containsExactly("user20", "user21", "user22", "user23", "user24", "user25");
        assertThat(provider.getUsersCount(realm, contains)).isEqualTo(6);
    }

    @Test
    void searchesByEmailGroupOrAttributeFindNoLegacyUser() {
        Map<String, String> byEmail = Map.of(UserModel.EMAIL, "batman@wayne.example", UserModel.SEARCH, "*");
        assertThat(provider.searchForUserStream(realm, byEmail, 0, 10)).isEmpty();
        assertThat(provider.getUsersCount(realm, byEmail)).isZero();
        assertThat(provider.getUsersCount(realm, Set.of("group-id"))).isZero();
        assertThat(provider.getUsersCount(realm, "batman", Set.of("group-id"))).isZero();
        assertThat(provider.getUsersCount(realm, Map.of(), Set.of("group-id"))).isZero();
        assertThat(provider.getGroupMembersStream(realm, null, 0, 10)).isEmpty();
        assertThat(provider.searchForUserByUserAttributeStream(realm, LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, "1"))
                .isEmpty();
    }

    @Test
    void documentedSearchSyntaxWorksThroughTheProvider() {
        assertThat(usernames(provider.searchForUserStream(realm, "BAT", 0, 10))).containsExactly("batman");
        assertThat(usernames(provider.searchForUserStream(realm, "bat*", 0, 10)))
                .containsExactly("batman");
        assertThat(usernames(provider.searchForUserStream(realm, "*ORDO*", 0, 10)))
                .containsExactly("barbara.gordon");
        assertThat(usernames(provider.searchForUserStream(realm, "\"Barbara.Gordon\"", 0, 10)))
                .containsExactly("barbara.gordon");
        assertThat(usernames(provider.searchForUserStream(realm, "\"barbara\"", 0, 10)))
                .isEmpty();
        assertThat(provider.getUsersCount(realm, "\"barbara\"")).isZero();
    }

    // ---- the legacy database down or misconfigured ----

    @Test
    void unreachableDatabaseMeansFailedSignInsFailingFastAndNoNewUsers() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:" + directory.resolve("gone/legacy.db")));
        LegacyUserStorageProvider down = factory.create(Fakes.session(), database.component("down", config));
        long started = System.nanoTime();
        assertThat(down.getUserByUsername(realm, "batman")).isNull();
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("Keycloak discards a storage provider's answer after 3 s")
                .isBetween(1_000L, 2_900L);
        started = System.nanoTime();
        assertThat(down.getUserByUsername(realm, "robin")).isNull();
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("the next lookup, right after a connection failure, fails at once")
                .isLessThan(200L);
        assertThatThrownBy(() -> down.addUser(realm, "robin"))
                .as("a new Keycloak user could take a legacy user's name: refused")
                .isInstanceOf(LegacyStoreUnavailableAnswer.class)
                .satisfies(e -> {
                    jakarta.ws.rs.core.Response response = ((LegacyStoreUnavailableAnswer) e).getResponse();
                    assertThat(response.getStatus()).isEqualTo(503);
                    assertThat(response.getEntity())
                            .asString()
                            .contains("The legacy user store 'legacy SQLite' is unavailable.")
                            .doesNotContain("jdbc");
                });
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("is unavailable")
                .contains("treated as no such user")
                .contains("jdbc:sqlite:");
        assertThat(log.anyStackTrace()).isFalse();
    }

    @Test
    void misconfiguredComponentBehavesLikeAnUnavailableStore() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:oracle:thin:@db:1521"));
        config.put(LegacyStoreConfig.JDBC_PASSWORD, List.of("s3cr3t-pw"));
        LegacyUserStorageProvider broken = factory.create(Fakes.session(), database.component("broken", config));
        UserModel cachedBatman = provider.getUserByUsername(realm, "batman");

        assertThat(broken.getUserByUsername(realm, "batman")).isNull();
        assertThat(broken.getUserById(realm, "f:broken:1")).isNull();
        assertThat(broken.isValid(realm, cachedBatman, UserCredentialModel.password("IamVengeance1")))
                .isFalse();
        assertThatThrownBy(() -> broken.searchForUserStream(realm, Map.of(), 0, 10))
                .isInstanceOf(LegacyStoreUnavailableException.class)
                .isInstanceOf(org.keycloak.models.ModelException.class)
                .hasMessage("The legacy user store is unavailable")
                .satisfies(e -> assertThat(e.getCause())
                        .isInstanceOf(org.keycloak.models.ModelException.class)
                        .hasMessageContaining("Unsupported JDBC URL"));
        assertThatThrownBy(() -> broken.getUsersCount(realm)).isInstanceOf(LegacyStoreUnavailableException.class);
        assertThat(log.warnings()).hasSize(1).allSatisfy(w -> assertThat(w).doesNotContain("s3cr3t-pw"));
        assertThat(log.everything()).doesNotContain("s3cr3t-pw");
    }

    private static List<String> usernames(java.util.stream.Stream<UserModel> users) {
        return users.map(UserModel::getUsername).collect(Collectors.toList());
    }

    // ---- edit modes and timing ----

    private LegacyUserStorageProvider providerWith(LegacyPasswordHasher hasher, String... settings) {
        Map<String, List<String>> config = database.config();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], List.of(settings[i + 1]));
        }
        LegacyUserStorageProviderFactory other = new LegacyUserStorageProviderFactory(hasher);
        return other.create(Fakes.session(), database.component(COMPONENT + "-" + settings.length, config));
    }

    @Test
    void readOnlyLeavesNewUsersToKeycloakAndRefusesPasswordChangesAndDeletion() {
        UserModel batman = provider.getUserByUsername(realm, "batman");
        assertThat(provider.addUser(realm, "new.recruit"))
                .as("Keycloak keeps the new user")
                .isNull();
        assertThatThrownBy(() -> provider.updateCredential(realm, batman, UserCredentialModel.password("new-one-1")))
                .isInstanceOf(org.keycloak.storage.ReadOnlyException.class)
                .hasMessageContaining("read-only");
        assertThat(provider.removeUser(realm, batman))
                .as("Keycloak answers 400 and rolls back")
                .isFalse();
        assertThat(log.everything()).contains("edit mode READ_ONLY never deletes legacy rows");
        assertThat(provider.updateCredential(realm, batman, UserCredentialModel.otp("totp", "123456")))
                .isFalse();
    }

    @Test
    void unsyncedLeavesAChangedPasswordToKeycloakAndNewUsersToo() {
        LegacyUserStorageProvider unsynced =
                providerWith(new LegacyPasswordHasher(2), LegacyStoreConfig.EDIT_MODE, "UNSYNCED");
        UserModel batman = unsynced.getUserByUsername(realm, "batman");
        assertThat(unsynced.updateCredential(realm, batman, UserCredentialModel.password("new-one-1")))
                .isFalse();
        assertThat(unsynced.addUser(realm, "new.recruit")).isNull();
        assertThat(unsynced.removeUser(realm, batman)).isFalse();
    }

    @Test
    void anUnknownNameCostsTheWorkOfOneCheckAtTheConfiguredCostLikeAKnownNameWithAWrongPassword() {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> hashes = new java.util.concurrent.CopyOnWriteArrayList<>();
        LegacyUserStorageProvider counted = providerWith(
                Hashers.withCheck(2, (hash, password) -> {
                    checks.incrementAndGet();
                    hashes.add(hash);
                    return false;
                }),
                LegacyStoreConfig.BCRYPT_COST,
                "5");

        assertThat(counted.getUserByUsername(realm, "joker")).isNull();
        assertThat(checks).as("unknown name").hasValue(1);
        assertThat(hashes.get(0)).as("at the configured cost").startsWith("$2b$05$");
        assertThat(counted.getUserByUsername(realm, "joker"))
                .as("Keycloak looks a failed name up again to record the failure")
                .isNull();
        assertThat(checks)
                .as("only the first unknown name of a request costs a check")
                .hasValue(1);

        UserModel batman = counted.getUserByUsername(realm, "batman");
        assertThat(checks)
                .as("a known name costs nothing until its password is checked")
                .hasValue(1);
        assertThat(counted.isValid(realm, batman, UserCredentialModel.password("wrong")))
                .isFalse();
        long work = hashes.subList(1, hashes.size()).stream()
                .mapToLong(hash -> 1L << LegacyPasswordHasher.costOf(hash))
                .sum();
        assertThat(work)
                .as("known name, wrong password: batman's cheaper hash padded to the configured cost, %s", hashes)
                .isEqualTo(1L << 5);
    }
}
