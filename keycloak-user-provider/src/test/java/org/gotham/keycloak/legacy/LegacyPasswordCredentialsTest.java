package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.password.Hashers;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasslibScheme;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * The password check of a legacy user, on a scratch SQLite legacy database: the comparison with the passlib hash (its
 * first 72 bytes, unusable hashes, a name that became ambiguous), who decides when Keycloak keeps a password itself,
 * what a sign-in writes back by edit mode, what an outage leaves in Keycloak's user cache, and that no password or hash
 * reaches the log. That an unknown name costs what a wrong password costs is tested through the provider ({@link
 * LegacyUserStorageProviderTest}), which owns both.
 */
class LegacyPasswordCredentialsTest {

    static final String COMPONENT = "legacy-credentials";
    static final String DESCRIPTION = "legacy user store 'test' (" + COMPONENT + ")";
    static final String BATMAN_HASH = PasslibVectors.hash("2b cost 4"); // IamVengeance1
    static final String ORACLE_HASH = PasslibVectors.hash("2y cost 4"); // php-import
    static final String LUCIUS_HASH = PasslibVectors.hash("90 bytes, 2a"); // "q" * 90
    static final String BROKEN_HASH = "$2b$04$8c0ccuzc2SR5cGaHwB/dZewaSIIJsjDoxYzHPQ5nZoX5aGBiP7l";
    static final String ARGON_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
    static final String PBKDF2_HASH = PasslibVectors.madeHash("pbkdf2_sha256", "IamVengeance1");
    static final String MD5_HASH = PasslibVectors.madeHash("md5_crypt", "IamVengeance1");
    static final String COSTLY_HASH =
            "$pbkdf2-sha256$1000000000$c2FsdHNhbHRzYWx0$vEHOWW0lCY4JltBfhDQHdtnVfwo0ZjGn7J9C8RQTHTs";

    @TempDir
    Path directory;

    final RealmModel realm = Fakes.realm(List.of(), List.of());
    final UserModel oracle = legacyUser(2, "Barbara.Gordon");
    final List<UserModel> evicted = new ArrayList<>();
    final AtomicInteger bcryptChecks = new AtomicInteger();
    final LegacyPasswordHasher hasher = Hashers.withCheck(2, (hash, password) -> {
        bcryptChecks.incrementAndGet();
        return Hashers.realCheck(hash, password);
    });

    LegacyDatabase database;
    LegacyUserStorageProviderFactory factory;
    CapturedLog log;

    @BeforeEach
    void createLegacyDatabase() throws Exception {
        log = new CapturedLog();
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", BATMAN_HASH);
        database.insertUser(2, "Barbara.Gordon", ORACLE_HASH);
        database.insertUser(3, "Harley", BATMAN_HASH);
        database.insertUser(4, "harley", BATMAN_HASH);
        database.insertUser(6, "nohash", null);
        database.insertUser(7, "broken", BROKEN_HASH);
        database.insertUser(8, "argon", ARGON_HASH);
        database.insertUser(9, "lucius", LUCIUS_HASH);
        database.insertUser(20, "selina", PBKDF2_HASH);
        database.insertUser(21, "edward", MD5_HASH);
        database.insertUser(22, "costly", COSTLY_HASH);
        factory = new LegacyUserStorageProviderFactory(hasher);
    }

    @AfterEach
    void dropLegacyDatabase() throws Exception {
        factory.close();
        database.close();
        log.close();
    }

    // ---- the passlib hash ----

    @Test
    void bcrypt2bHashOfLegacyUserVerifies() {
        UserModel batman = legacyUser(1, "batman");
        assertThat(signIn(batman, "IamVengeance1")).isTrue();
        assertThat(signIn(batman, "IamVengeance")).isFalse();
        assertThat(signIn(batman, "")).isFalse();
    }

    @Test
    void ninetyBytePasswordSignsInByItsFirstSeventyTwoBytes() {
        UserModel lucius = legacyUser(9, "lucius");
        assertThat(signIn(lucius, "q".repeat(90))).isTrue();
        assertThat(signIn(lucius, "q".repeat(72) + "different tail")).isTrue();
        assertThat(signIn(lucius, "q".repeat(71))).isFalse();
    }

    @Test
    void onlyPasswordsAreChecked() {
        LegacyPasswordCredentials credentials = credentials(storeWith(), session(null));
        UserModel batman = legacyUser(1, "batman");
        assertThat(credentials.supportsCredentialType(PasswordCredentialModel.TYPE))
                .isTrue();
        assertThat(credentials.supportsCredentialType("otp")).isFalse();
        assertThat(credentials.isConfiguredFor(realm, batman, PasswordCredentialModel.TYPE))
                .isTrue();
        assertThat(credentials.isValid(realm, batman, UserCredentialModel.otp("totp", "IamVengeance1")))
                .isFalse();
        assertThat(credentials.isValid(realm, batman, null)).isFalse();
    }

    @Test
    void aUserKeycloakCachedBeforeTheirNameBecameAmbiguousCannotSignIn() {
        // Even a user Keycloak had cached by id cannot sign in while the name is ambiguous (rows 3 and 4).
        assertThat(signIn(legacyUser(3, "Harley"), "IamVengeance1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nohash", "broken", "argon"})
    void unusableHashesFailTheSignInAndWarnWithTheIdButNeverTheHash(String username) {
        long id = Map.of("nohash", 6L, "broken", 7L, "argon", 8L).get(username);
        assertThat(signIn(legacyUser(id, username), "IamVengeance1")).isFalse();
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("Legacy user id=" + id)
                .contains("sign-in refused")
                .doesNotContain(BROKEN_HASH)
                .doesNotContain(ARGON_HASH)
                .doesNotContain("$2b$04$8c0c");
        assertThat(log.anyStackTrace()).isFalse();
    }

    @Test
    void passwordsNeverReachTheLog() {
        LegacyUserLookup lookup = new LegacyUserLookup(storeWith(), hasher, DESCRIPTION);
        for (String username : List.of("batman", "nohash", "broken", "argon", "harley", "joker")) {
            LegacyUser row = lookup.byName(username);
            if (row != null) {
                signIn(legacyUser(row.id(), row.username()), "Typed-Secret-4711");
            }
        }
        assertThat(log.everything())
                .doesNotContain("Typed-Secret-4711")
                .doesNotContain(BATMAN_HASH)
                .doesNotContain(BROKEN_HASH)
                .doesNotContain(ARGON_HASH);
    }

    // ---- beside the comparison ----

    @Test
    void aPasswordKeycloakKeepsForTheUserDecidesAndTheLegacyHashIsNotChecked() {
        CredentialModel keycloakPassword = new CredentialModel();
        LegacyPasswordCredentials credentials = credentials(storeWith(), session(keycloakPassword));

        assertThat(credentials.isValid(realm, oracle, UserCredentialModel.password("php-import")))
                .as("false lets Keycloak's own password provider decide")
                .isFalse();
        assertThat(bcryptChecks).hasValue(0);
    }

    @Test
    void theRowIsReadByTheSpellingTheLegacyTableHoldsNotByKeycloaksUsername() {
        // as if the database's lower() could not fold Keycloak's lower-case name back to the row's spelling
        UserModel folded = Fakes.fake(
                UserModel.class,
                "barbara.gordon",
                Map.of(
                        "getId", args -> "f:" + COMPONENT + ":2",
                        "getUsername", args -> "barbara.gordon (no match in SQL)",
                        "getFirstAttribute",
                                args -> LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE.equals(args[0])
                                        ? "Barbara.Gordon"
                                        : null));

        assertThat(credentials(storeWith(), session(null))
                        .isValid(realm, folded, UserCredentialModel.password("php-import")))
                .isTrue();
    }

    @Test
    void aSignInRewritesADeprecatedHashOnlyWhenWritable() {
        LegacyStore readOnly = storeWith(LegacyStoreConfig.BCRYPT_COST, "4");
        assertThat(credentials(readOnly, session(null))
                        .isValid(realm, oracle, UserCredentialModel.password("php-import")))
                .isTrue();
        assertThat(hashOfOracle(readOnly)).isEqualTo(ORACLE_HASH);

        LegacyStore writable = storeWith(LegacyStoreConfig.BCRYPT_COST, "4", LegacyStoreConfig.EDIT_MODE, "WRITABLE");
        assertThat(credentials(writable, session(null))
                        .isValid(realm, oracle, UserCredentialModel.password("php-import")))
                .isTrue();
        String rewritten = hashOfOracle(writable);
        assertThat(rewritten).startsWith("$2b$04$");
        assertThat(hasher.verify("php-import", rewritten)).isEqualTo(LegacyPasswordHasher.Result.MATCH);
    }

    @Test
    void aComponentAcceptingMoreSchemesSignsEachInAndWritableRewritesThemInTheWrittenScheme() {
        LegacyStore bcryptOnly = storeWith(LegacyStoreConfig.BCRYPT_COST, "4");
        assertThat(credentials(bcryptOnly, session(null))
                        .isValid(realm, legacyUser(20, "selina"), UserCredentialModel.password("IamVengeance1")))
                .as("pbkdf2_sha256 is not accepted by default")
                .isFalse();
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("Legacy user id=20", "scheme pbkdf2_sha256", "does not accept")
                .doesNotContain(PBKDF2_HASH.substring(20));

        LegacyStore writable = storeWith(Map.of(
                LegacyStoreConfig.BCRYPT_COST, List.of("4"),
                LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"),
                LegacyStoreConfig.PASSWORD_SCHEMES, List.of("bcrypt", "pbkdf2_sha256", "md5_crypt")));
        for (long id : List.of(20L, 21L)) {
            UserModel user = legacyUser(id, id == 20 ? "selina" : "edward");
            assertThat(credentials(writable, session(null))
                            .isValid(realm, user, UserCredentialModel.password("IamVengeance2")))
                    .isFalse();
            assertThat(credentials(writable, session(null))
                            .isValid(realm, user, UserCredentialModel.password("IamVengeance1")))
                    .isTrue();
            String rewritten = writable.repository().findById(id).orElseThrow().passwordHash();
            assertThat(rewritten).startsWith("$2b$04$");
            assertThat(hasher.verify("IamVengeance1", rewritten)).isEqualTo(LegacyPasswordHasher.Result.MATCH);
        }
    }

    @Test
    void aHashAskingForTooMuchWorkIsRefusedWithAWarningAndNeverRun() {
        LegacyStore all = storeWith(Map.of(LegacyStoreConfig.PASSWORD_SCHEMES, PasslibScheme.names()));
        long started = System.nanoTime();
        assertThat(credentials(all, session(null))
                        .isValid(realm, legacyUser(22, "costly"), UserCredentialModel.password("IamVengeance1")))
                .isFalse();
        assertThat(System.nanoTime() - started).as("10^9 rounds never ran").isLessThan(5_000_000_000L);
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("Legacy user id=22", "asking for 1000000000 rounds", "not checked")
                .doesNotContain("c2FsdHNhbHRzYWx0");
    }

    @Test
    void anOutageRefusesTheSignInDropsTheUserFromKeycloaksCacheAndWarnsWithoutSecrets() {
        LegacyStore down = LegacyStore.misconfigured(COMPONENT, "the database is gone");

        assertThat(credentials(down, session(null)).isValid(realm, oracle, UserCredentialModel.password("php-import")))
                .isFalse();
        assertThat(evicted).as("the next lookups ask the legacy store again").containsExactly(oracle);
        assertThat(log.warnings())
                .singleElement()
                .asString()
                .contains("is unavailable, could not check a password")
                .contains("treated as no such user or a wrong password");
        assertThat(log.everything()).doesNotContain("php-import").doesNotContain(ORACLE_HASH);
        assertThat(log.anyStackTrace()).isFalse();
    }

    /** A sign-in as Keycloak asks for it: the check of one session, the component's default settings. */
    @Test
    void aRowTheTableDisablesIsRefusedWhereKeycloakStillSeesTheUserEnabled() {
        database.execute("ALTER TABLE users ADD active BOOLEAN");
        database.execute("UPDATE users SET active = 0 WHERE id = 1");
        LegacyPasswordCredentials credentials =
                credentials(storeWith(LegacyStoreConfig.ENABLED_COLUMN, "active"), session(null));
        UserCredentialModel right = UserCredentialModel.password("IamVengeance1");
        assertThat(credentials.isValid(realm, batman(true), right))
                .as("cached while still enabled")
                .isFalse();
        assertThat(credentials.isValid(realm, batman(false), right))
                .as("Keycloak sees it disabled and refuses it itself, saying so to the right password")
                .isTrue();
        assertThat(credentials.isValid(realm, batman(false), UserCredentialModel.password("wrong")))
                .isFalse();
        assertThat(signIn(legacyUser(1, "batman"), "IamVengeance1"))
                .as("without the enabled column the flag is not read")
                .isTrue();
        database.execute("UPDATE users SET active = NULL WHERE id = 1");
        assertThat(credentials.isValid(realm, batman(true), right))
                .as("NULL is enabled")
                .isTrue();
    }

    private static UserModel batman(boolean enabled) {
        return Fakes.fake(
                UserModel.class,
                "batman",
                Map.of(
                        "getId", args -> "f:" + COMPONENT + ":1",
                        "getUsername", args -> "batman",
                        "isEnabled", args -> enabled,
                        "getFirstAttribute",
                                args -> LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE.equals(args[0]) ? "batman" : null));
    }

    private boolean signIn(UserModel user, String password) {
        return credentials(storeWith(), session(null)).isValid(realm, user, UserCredentialModel.password(password));
    }

    private LegacyPasswordCredentials credentials(LegacyStore store, KeycloakSession session) {
        LegacyUserLookup lookup = new LegacyUserLookup(store, hasher, DESCRIPTION);
        return new LegacyPasswordCredentials(session, component(), store, hasher, lookup, DESCRIPTION);
    }

    /** A store of the scratch database with these settings (key, value, ...), each its own component. */
    private LegacyStore storeWith(String... settings) {
        Map<String, List<String>> config = database.config();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], List.of(settings[i + 1]));
        }
        return factory.storeFor(database.component(COMPONENT + "-" + settings.length, config));
    }

    private LegacyStore storeWith(Map<String, List<String>> settings) {
        Map<String, List<String>> config = database.config();
        config.putAll(settings);
        return factory.storeFor(database.component(COMPONENT + "-map-" + settings.size(), config));
    }

    private ComponentModel component() {
        return database.component(COMPONENT, database.config());
    }

    private String hashOfOracle(LegacyStore store) {
        return store.repository().findById(2).orElseThrow().passwordHash();
    }

    /**
     * A session whose user cache records evictions and whose federated storage holds this password (or none) and
     * takes the fingerprint of the hash a sign-in succeeded with.
     */
    private KeycloakSession session(CredentialModel keycloakPassword) {
        UserFederatedStorageProvider storage = Fakes.fake(
                UserFederatedStorageProvider.class,
                "federated storage",
                Map.of(
                        "getStoredCredentialsByTypeStream",
                        args -> keycloakPassword == null ? Stream.empty() : Stream.of(keycloakPassword),
                        "getAttributes",
                        args -> new MultivaluedHashMap<String, String>(),
                        "setSingleAttribute",
                        args -> null));
        UserCache cache = Fakes.fake(
                UserCache.class,
                "user cache",
                Map.of("evict", args -> args.length == 2 && evicted.add((UserModel) args[1])));
        return Fakes.session(Map.of(
                UserFederatedStorageProvider.class,
                storage,
                UserCache.class,
                cache,
                PasswordHashProvider.class,
                Fakes.passwordHashing()));
    }

    /** A legacy user as Keycloak hands it over: its Keycloak id, its lower-case username and the row's spelling. */
    private static UserModel legacyUser(long id, String spelling) {
        return Fakes.fake(
                UserModel.class,
                spelling,
                Map.of(
                        "getId", args -> "f:" + COMPONENT + ":" + id,
                        "getUsername", args -> spelling.toLowerCase(java.util.Locale.ROOT),
                        "getFirstAttribute",
                                args -> LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE.equals(args[0]) ? spelling : null));
    }
}
