package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.UserModel;

/**
 * What the repository must do on every supported database, against a real one made with the legacy DDL. Each
 * database runs this as a subclass; the table is filled once per class and never changed by a test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyUserRepositoryContract {

    /** Any usable bcrypt hash: the repository never checks it. */
    static final String HASH = "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7lne";

    static final String TEN_KB = "x".repeat(10 * 1024);

    LegacyDatabase database;
    LegacyStore store;
    LegacyUserRepository repository;
    int usersWithName;

    abstract LegacyDatabase createDatabase() throws Exception;

    @BeforeAll
    void createLegacyTable() throws Exception {
        database = createDatabase();
        List<Object[]> rows = new ArrayList<>(List.of(
                new Object[] {1, "batman", HASH},
                new Object[] {2, "robin", HASH},
                new Object[] {3, "gordon", HASH},
                new Object[] {4, "lucius", HASH},
                new Object[] {5, "Barbara.Gordon", HASH},
                new Object[] {6, null, HASH},
                new Object[] {7, "nohash", null},
                new Object[] {8, "per%cent", HASH},
                new Object[] {9, "percent", HASH},
                new Object[] {10, "under_score", HASH},
                new Object[] {11, "underXscore", HASH},
                new Object[] {12, "back\\slash", HASH},
                new Object[] {13, "bang!er", HASH},
                new Object[] {14, "bangXer", HASH},
                new Object[] {15, "o'brien", HASH},
                new Object[] {16, "Harley", HASH}));
        if (database.allowsCaseDuplicates()) {
            rows.add(new Object[] {17, "harley", HASH});
        }
        for (int i = 1; i <= 25; i++) {
            rows.add(new Object[] {100 + i, String.format("user%02d", i), HASH});
        }
        for (Object[] row : rows) {
            database.insertUser(((Integer) row[0]).longValue(), (String) row[1], (String) row[2]);
        }
        usersWithName = (int) rows.stream().filter(row -> row[1] != null).count();
        if (database.kind().equals("PostgreSQL")) {
            // rows were inserted with their ids, which a SERIAL's sequence does not see; the legacy app never does
            database.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))");
        }
        store = LegacyStore.open("repository-test", LegacyStoreConfig.from(database.config()));
        repository = store.repository();
    }

    @AfterAll
    void dropLegacyTable() throws Exception {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    // ---- lookup ----

    @Test
    void findsUserByNameIgnoringCase() {
        assertThat(repository.findByUsernameIgnoreCase("BATMAN", 10))
                .singleElement()
                .satisfies(user -> {
                    assertThat(user.id()).isEqualTo(1);
                    assertThat(user.username()).isEqualTo("batman");
                    assertThat(user.passwordHash()).isEqualTo(HASH);
                });
        assertThat(repository.findByUsernameIgnoreCase("barbara.gordon", 10))
                .singleElement()
                .extracting(LegacyUser::username)
                .isEqualTo("Barbara.Gordon");
    }

    @Test
    void namesDifferingOnlyByCaseFindEveryRowSoTheProviderCanRefuseThem() {
        List<LegacyUser> rows = repository.findByUsernameIgnoreCase("HARLEY", 10);
        if (database.allowsCaseDuplicates()) {
            assertThat(rows).extracting(LegacyUser::id).containsExactly(16L, 17L);
        } else {
            assertThat(rows).extracting(LegacyUser::id).containsExactly(16L);
        }
    }

    @Test
    void nameLookupIsExactApartFromCase() {
        assertThat(repository.findByUsernameIgnoreCase("batma", 10)).isEmpty();
        assertThat(repository.findByUsernameIgnoreCase("batman ", 10)).isEmpty();
        assertThat(repository.findByUsernameIgnoreCase("bat%", 10)).isEmpty();
        assertThat(repository.findByUsernameIgnoreCase("under_score", 10))
                .extracting(LegacyUser::id)
                .containsExactly(10L);
    }

    @Test
    void findsUserByIdWithAndWithoutUsernameOrHash() {
        assertThat(repository.findById(3))
                .hasValueSatisfying(user -> assertThat(user.username()).isEqualTo("gordon"));
        assertThat(repository.findById(6))
                .hasValueSatisfying(user -> assertThat(user.username()).isNull());
        assertThat(repository.findById(7))
                .hasValueSatisfying(user -> assertThat(user.passwordHash()).isNull());
        assertThat(repository.findById(999_999)).isEmpty();
        assertThat(repository.findById(-1)).isEmpty();
    }

    // ---- search, count and paging ----

    static Stream<Arguments> queries() {
        Map<String, String> usernameContains = new HashMap<>();
        usernameContains.put(UserModel.USERNAME, "ER1");
        Map<String, String> usernameExact = new HashMap<>();
        usernameExact.put(UserModel.USERNAME, "User07");
        usernameExact.put(UserModel.EXACT, "true");
        return Stream.of(
                Arguments.of("everyone", LegacyUserQuery.all()),
                Arguments.of("* lists all", LegacyUserQuery.fromSearch("*")),
                Arguments.of("prefix user", LegacyUserQuery.fromSearch("user")),
                Arguments.of("prefix user*", LegacyUserQuery.fromSearch("USER*")),
                Arguments.of("infix *ser1*", LegacyUserQuery.fromSearch("*ser1*")),
                Arguments.of("exact \"user07\"", LegacyUserQuery.fromSearch("\"user07\"")),
                Arguments.of("username contains", LegacyUserQuery.fromParams(usernameContains)),
                Arguments.of("username exact", LegacyUserQuery.fromParams(usernameExact)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void countAndEveryPageOfTenAgreeWithTheWholeSearch(String name, LegacyUserQuery query) {
        List<LegacyUser> whole = repository.search(query, 0, 1000);
        assertThat(repository.count(query)).isEqualTo(whole.size());
        assertThat(whole).extracting(LegacyUser::id).isSorted();
        List<LegacyUser> paged = new ArrayList<>();
        for (int first = 0; first < whole.size() + 10; first += 10) {
            List<LegacyUser> page = repository.search(query, first, 10);
            assertThat(page.size()).isLessThanOrEqualTo(10);
            paged.addAll(page);
        }
        assertThat(paged).isEqualTo(whole);
    }

    @Test
    void twentyFiveUsersComeInPagesOfTenTenAndFive() {
        LegacyUserQuery users = LegacyUserQuery.fromSearch("user");
        assertThat(repository.count(users)).isEqualTo(25);
        assertThat(repository.search(users, 0, 10))
                .extracting(LegacyUser::username)
                .startsWith("user01")
                .endsWith("user10")
                .hasSize(10);
        assertThat(repository.search(users, 10, 10))
                .extracting(LegacyUser::username)
                .startsWith("user11")
                .endsWith("user20")
                .hasSize(10);
        assertThat(repository.search(users, 20, 10))
                .extracting(LegacyUser::username)
                .containsExactly("user21", "user22", "user23", "user24", "user25");
        assertThat(repository.search(users, 30, 10)).isEmpty();
    }

    @Test
    void searchesIgnoreCaseAndDoNotReadHashes() {
        assertThat(repository.search(LegacyUserQuery.fromSearch("BARB"), 0, 10))
                .singleElement()
                .satisfies(user -> {
                    assertThat(user.username()).isEqualTo("Barbara.Gordon");
                    assertThat(user.passwordHash()).isNull();
                });
        assertThat(repository.search(LegacyUserQuery.fromSearch("*GORDON*"), 0, 10))
                .extracting(LegacyUser::id)
                .containsExactly(3L, 5L);
    }

    @Test
    void rowsWithoutUsernameAreNeverListedNorCounted() {
        assertThat(repository.count(LegacyUserQuery.all())).isEqualTo(usersWithName);
        assertThat(repository.search(LegacyUserQuery.all(), 0, 1000))
                .extracting(LegacyUser::id)
                .doesNotContain(6L)
                .contains(7L);
    }

    @Test
    void nothingIsAskedForAQueryThatMatchesNothing() {
        assertThat(repository.search(LegacyUserQuery.none(), 0, 10)).isEmpty();
        assertThat(repository.count(LegacyUserQuery.none())).isZero();
        assertThat(repository.search(LegacyUserQuery.all(), 0, 0)).isEmpty();
    }

    // ---- hostile input ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "' OR '1'='1",
                "batman' --",
                "batman'; DROP TABLE users; --",
                "\"; DELETE FROM users; --",
                "') OR 1=1 --",
                "batman\" OR \"\"=\"",
                "\\' OR 1=1 #",
                "*' OR username LIKE '%",
                "bat\u0000man"
            })
    void sqlMetacharactersFindNothingAndChangeNothing(String hostile) throws Exception {
        assertThat(repository.findByUsernameIgnoreCase(hostile, 10)).isEmpty();
        assertThat(repository.search(LegacyUserQuery.fromSearch(hostile), 0, 10))
                .isEmpty();
        assertThat(repository.count(LegacyUserQuery.fromSearch(hostile))).isZero();
        assertThat(repository.search(LegacyUserQuery.fromSearch("\"" + hostile + "\""), 0, 10))
                .isEmpty();
        assertThat(database.countRows()).isEqualTo(usersWithName + 1);
    }

    @Test
    void tenKilobyteStringsFindNothing() {
        assertThat(repository.findByUsernameIgnoreCase(TEN_KB, 10)).isEmpty();
        assertThat(repository.search(LegacyUserQuery.fromSearch(TEN_KB), 0, 10)).isEmpty();
        assertThat(repository.count(LegacyUserQuery.fromSearch("*" + TEN_KB + "*")))
                .isZero();
        String tenKbOfWildcards = "%_!".repeat(3500);
        assertThat(repository.search(LegacyUserQuery.fromSearch(tenKbOfWildcards), 0, 10))
                .isEmpty();
        assertThat(repository.count(LegacyUserQuery.fromSearch("\"" + TEN_KB + "\"")))
                .isZero();
    }

    @Test
    void quotesInUsernamesAreJustCharacters() {
        assertThat(repository.findByUsernameIgnoreCase("O'Brien", 10))
                .extracting(LegacyUser::id)
                .containsExactly(15L);
        assertThat(repository.search(LegacyUserQuery.fromSearch("o'b"), 0, 10))
                .extracting(LegacyUser::id)
                .containsExactly(15L);
    }

    @Test
    void likeWildcardsInInputMatchLiterally() {
        assertThat(ids(LegacyUserQuery.fromSearch("per%"))).containsExactly(8L);
        assertThat(ids(LegacyUserQuery.fromSearch("*%*"))).containsExactly(8L);
        assertThat(ids(LegacyUserQuery.fromSearch("under_"))).containsExactly(10L);
        assertThat(ids(LegacyUserQuery.fromSearch("*_*"))).containsExactly(10L);
        assertThat(ids(LegacyUserQuery.fromSearch("bang!"))).containsExactly(13L);
        assertThat(ids(LegacyUserQuery.fromSearch("back\\"))).containsExactly(12L);
        assertThat(ids(LegacyUserQuery.fromSearch("*\\*"))).containsExactly(12L);
        Map<String, String> username = Map.of(UserModel.USERNAME, "%");
        assertThat(ids(LegacyUserQuery.fromParams(username))).containsExactly(8L);
        assertThat(repository.count(LegacyUserQuery.fromSearch("per%"))).isEqualTo(1);
    }

    private List<Long> ids(LegacyUserQuery query) {
        return repository.search(query, 0, 100).stream().map(LegacyUser::id).toList();
    }

    // ---- configuration checks ----

    @Test
    void validConfigurationPasses() throws Exception {
        validate(database.config());
    }

    @Test
    void missingTableIsNamed() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.USERS_TABLE, List.of("no_such_table"));
        assertThatThrownBy(() -> validate(config))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(adminMessage(e)).isEqualTo("Table 'no_such_table' not found"));
    }

    @Test
    void missingColumnIsNamedWithItsTable() {
        for (String key : List.of(
                LegacyStoreConfig.ID_COLUMN, LegacyStoreConfig.USERNAME_COLUMN, LegacyStoreConfig.PASSWORD_COLUMN)) {
            Map<String, List<String>> config = database.config();
            config.put(key, List.of("no_such_column"));
            assertThatThrownBy(() -> validate(config))
                    .satisfies(e -> assertThat(adminMessage(e))
                            .isEqualTo("Column 'no_such_column' not found in table 'users'"));
        }
    }

    @Test
    void storeThatCannotConnectIsUnavailableWithinSeconds() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of(unreachableUrl()));
        config.put(LegacyStoreConfig.JDBC_PASSWORD, List.of("s3cr3t-pw"));
        try (LegacyStore down = LegacyStore.open("down", LegacyStoreConfig.from(config))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> down.repository().count(LegacyUserQuery.all()))
                    .isInstanceOf(LegacyStoreUnavailableException.class)
                    .hasMessage("The legacy user store is unavailable")
                    .satisfies(e -> assertThat(((LegacyStoreUnavailableException) e).detail())
                            .startsWith("Could not count users in the legacy database: ")
                            .doesNotContain("s3cr3t-pw"));
            assertThat((System.nanoTime() - started) / 1_000_000)
                    .as("Keycloak discards a storage provider's answer after 3 s")
                    .isLessThan(2_900);
        }
    }

    @Test
    void unreachableDatabaseIsAnAdminMessageWithoutThePassword() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of(unreachableUrl()));
        config.put(LegacyStoreConfig.JDBC_PASSWORD, List.of("s3cr3t-pw"));
        assertThatThrownBy(() -> validate(config))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(adminMessage(e))
                        .startsWith("Cannot connect to the legacy database at " + unreachableUrl() + ": ")
                        .doesNotContain("s3cr3t-pw"));
    }

    // ---- writes (each test removes the rows it adds) ----

    @Test
    void insertedUserGetsTheNextIdAndNoHash() {
        long id = repository.insert("new.recruit");
        try {
            assertThat(id).isGreaterThan(125);
            assertThat(repository.findById(id)).hasValueSatisfying(user -> {
                assertThat(user.username()).isEqualTo("new.recruit");
                assertThat(user.passwordHash()).isNull();
            });
        } finally {
            assertThat(repository.delete(id)).isTrue();
        }
        assertThat(repository.findById(id)).isEmpty();
        assertThat(repository.delete(id)).as("already gone").isFalse();
    }

    @Test
    void nonAsciiCapitalsAreFoundByTheLowerCaseNameKeycloakUses() {
        long id = repository.insert("Ärger.Öztürk");
        try {
            assertThat(repository.findByUsernameIgnoreCase("ärger.öztürk", 2))
                    .extracting(LegacyUser::id)
                    .containsExactly(id);
            assertThat(repository.findByUsernameIgnoreCase("ÄRGER.ÖZTÜRK", 2))
                    .extracting(LegacyUser::id)
                    .containsExactly(id);
            assertThat(repository.search(LegacyUserQuery.fromSearch("ärger*"), 0, 10))
                    .extracting(LegacyUser::username)
                    .containsExactly("Ärger.Öztürk");
        } finally {
            assertThat(repository.delete(id)).isTrue();
        }
    }

    @Test
    void columnNamesMayBeSpelledInAnyCaseAsInSql() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.ID_COLUMN, List.of("ID"));
        config.put(LegacyStoreConfig.USERNAME_COLUMN, List.of("UserName"));
        config.put(LegacyStoreConfig.PASSWORD_COLUMN, List.of("Hashed_Password"));
        validate(config);
        try (LegacyStore upper = LegacyStore.open("upper-case-columns", LegacyStoreConfig.from(config))) {
            long id = upper.repository().insert("upper.case");
            try {
                assertThat(upper.repository().findById(id))
                        .hasValueSatisfying(user -> assertThat(user.username()).isEqualTo("upper.case"));
            } finally {
                assertThat(upper.repository().delete(id)).isTrue();
            }
        }
    }

    @Test
    void insertingATakenNameIsADuplicateAndWritesNothing() {
        int before = repository.count(LegacyUserQuery.all());
        assertThatThrownBy(() -> repository.insert("batman"))
                .isInstanceOf(org.keycloak.models.ModelDuplicateException.class)
                .hasMessage("User exists with same username");
        assertThat(repository.count(LegacyUserQuery.all())).isEqualTo(before);
    }

    @Test
    void hashIsSetAndComparedAndSetOnlyWhileUnchanged() {
        long id = repository.insert("rehash.me");
        try {
            assertThat(repository.updateHash(id, HASH)).isTrue();
            String newer = HASH.replace("$2b$04$", "$2b$05$");
            assertThat(repository.compareAndSetHash(
                            id, "$2a$04$someOtherHashThatIsNotStoredXXXXXXXXXXXXXXXXXXXXXXXXXX", newer))
                    .as("the row no longer holds the hash that was read")
                    .isFalse();
            assertThat(repository.findById(id).orElseThrow().passwordHash()).isEqualTo(HASH);
            assertThat(repository.compareAndSetHash(id, HASH, newer)).isTrue();
            assertThat(repository.findById(id).orElseThrow().passwordHash()).isEqualTo(newer);
            assertThat(repository.updateHash(999_999, HASH)).as("no such row").isFalse();
        } finally {
            repository.delete(id);
        }
    }

    @Test
    void undoingAnInsertLeavesARowAloneThatWasRenamedSince() {
        long id = repository.insert("undo.me");
        try {
            assertThat(repository.deleteIfNamed(id, "someone.else")).isFalse();
            assertThat(repository.deleteIfNamed(id, "undo.me")).isTrue();
        } finally {
            repository.delete(id);
        }
    }

    @Test
    void pagesWalkTheWholeTableByIdWithHashes() {
        List<LegacyUser> all = new ArrayList<>();
        long after = 0;
        for (List<LegacyUser> page = repository.page(after, 7); !page.isEmpty(); page = repository.page(after, 7)) {
            assertThat(page.size()).isLessThanOrEqualTo(7);
            all.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        assertThat(all).extracting(LegacyUser::id).isSorted().doesNotHaveDuplicates();
        assertThat(all).hasSize(usersWithName + 1); // and the row without a name
        assertThat(all)
                .filteredOn(user -> "batman".equals(user.username()))
                .singleElement()
                .extracting(LegacyUser::passwordHash)
                .isEqualTo(HASH);
    }

    @Test
    void writableConfigurationIsCheckedForWriteAccess() throws Exception {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"));
        validate(config);
    }

    /** A URL of this database's kind where nothing answers. */
    abstract String unreachableUrl();

    void validate(Map<String, List<String>> config) {
        new LegacyUserStorageProviderFactory().validateConfiguration(null, null, database.component("v", config));
    }

    static String adminMessage(Throwable e) {
        return ValidationErrors.message((ComponentValidationException) e);
    }
}
