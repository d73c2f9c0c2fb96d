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
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.testsupport.CapturedLog;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * What the password check does besides comparing hashes, on a scratch SQLite legacy database: who decides when
 * Keycloak keeps a password itself, what a sign-in writes back by edit mode, and what an outage leaves in Keycloak's
 * user cache. The comparison itself is tested through the provider ({@link LegacyUserStorageProviderTest}).
 */
class LegacyPasswordCredentialsTest {

    static final String COMPONENT = "legacy-credentials";
    static final String ORACLE_HASH = PasslibVectors.hash("2y cost 4"); // php-import

    @TempDir
    Path directory;

    final RealmModel realm = Fakes.realm(List.of(), List.of());
    final UserModel oracle = user("f:" + COMPONENT + ":2", "barbara.gordon");
    final List<UserModel> evicted = new ArrayList<>();
    final AtomicInteger bcryptChecks = new AtomicInteger();
    final LegacyPasswordHasher hasher = Hashers.withCheck(2, (hash, password) -> {
        bcryptChecks.incrementAndGet();
        return org.bouncycastle.crypto.generators.OpenBSDBCrypt.checkPassword(hash, password);
    });

    LegacyDatabase database;
    LegacyUserStorageProviderFactory factory;
    CapturedLog log;

    @BeforeEach
    void createLegacyDatabase() throws Exception {
        log = new CapturedLog();
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(2, "Barbara.Gordon", ORACLE_HASH);
        factory = new LegacyUserStorageProviderFactory(hasher);
    }

    @AfterEach
    void dropLegacyDatabase() throws Exception {
        factory.close();
        database.close();
        log.close();
    }

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

    private LegacyPasswordCredentials credentials(LegacyStore store, KeycloakSession session) {
        String description = "legacy user store 'test' (" + COMPONENT + ")";
        LegacyUserLookup lookup = new LegacyUserLookup(store, hasher, description);
        return new LegacyPasswordCredentials(session, component(), store, hasher, lookup, description);
    }

    /** A store of the scratch database with these settings (key, value, ...), each its own component. */
    private LegacyStore storeWith(String... settings) {
        Map<String, List<String>> config = database.config();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], List.of(settings[i + 1]));
        }
        return factory.storeFor(database.component(COMPONENT + "-" + settings.length, config));
    }

    private ComponentModel component() {
        return database.component(COMPONENT, database.config());
    }

    private String hashOfOracle(LegacyStore store) {
        return store.repository().findById(2).orElseThrow().passwordHash();
    }

    /** A session whose user cache records evictions and whose federated storage holds this password (or none). */
    private KeycloakSession session(CredentialModel keycloakPassword) {
        UserFederatedStorageProvider storage = Fakes.fake(
                UserFederatedStorageProvider.class,
                "federated storage",
                Map.of(
                        "getStoredCredentialsByTypeStream",
                        args -> keycloakPassword == null ? Stream.empty() : Stream.of(keycloakPassword)));
        UserCache cache = Fakes.fake(
                UserCache.class,
                "user cache",
                Map.of("evict", args -> args.length == 2 && evicted.add((UserModel) args[1])));
        return Fakes.session(Map.of(UserFederatedStorageProvider.class, storage, UserCache.class, cache));
    }

    private static UserModel user(String id, String username) {
        return Fakes.fake(UserModel.class, username, Map.of("getId", args -> id, "getUsername", args -> username));
    }
}
