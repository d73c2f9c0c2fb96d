package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.ValidationErrors;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.SynchronizationResult;

class LegacyUserStorageProviderFactoryTest {

    @TempDir
    static Path directory;

    static LegacyDatabase database;

    final LegacyUserStorageProviderFactory factory = new LegacyUserStorageProviderFactory();

    @BeforeAll
    static void createLegacyDatabase() throws Exception {
        database = LegacyDatabase.sqlite(directory);
        database.insertUser(1, "batman", PasslibVectors.hash("2b cost 4"));
    }

    @AfterAll
    static void dropLegacyDatabase() throws Exception {
        database.close();
    }

    @AfterEach
    void closeFactory() {
        factory.close();
    }

    @Test
    void keycloakFindsTheFactoryByItsProviderId() {
        assertThat(ServiceLoader.load(UserStorageProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::type)
                        .collect(Collectors.toList()))
                .contains(LegacyUserStorageProviderFactory.class);
        assertThat(factory.getId()).isEqualTo("legacy-user-db").isEqualTo(LegacyUserStorageProviderFactory.PROVIDER_ID);
        assertThat(factory.getHelpText()).isNotBlank();
    }

    @Test
    void adminConsoleShowsEverySettingWithTheDefaultsAndAHiddenPassword() {
        Map<String, ProviderConfigProperty> properties = factory.getConfigProperties().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> p));
        assertThat(properties.keySet())
                .containsExactlyInAnyOrder(
                        LegacyStoreConfig.JDBC_URL,
                        LegacyStoreConfig.JDBC_USER,
                        LegacyStoreConfig.JDBC_PASSWORD,
                        LegacyStoreConfig.USERS_TABLE,
                        LegacyStoreConfig.ID_COLUMN,
                        LegacyStoreConfig.USERNAME_COLUMN,
                        LegacyStoreConfig.PASSWORD_COLUMN,
                        LegacyStoreConfig.GRANTED_ROLES,
                        LegacyStoreConfig.MAX_POOL_SIZE,
                        LegacyStoreConfig.EDIT_MODE,
                        LegacyStoreConfig.BCRYPT_COST,
                        LegacyStoreConfig.LAZY_MIGRATION,
                        LegacyStoreConfig.PASSWORD_CHECK_WAIT,
                        LegacyStoreConfig.PASSWORD_SCHEMES,
                        LegacyStoreConfig.NEW_PASSWORD_SCHEME,
                        LegacyStoreConfig.EMAIL_COLUMN,
                        LegacyStoreConfig.FIRST_NAME_COLUMN,
                        LegacyStoreConfig.LAST_NAME_COLUMN,
                        LegacyStoreConfig.ENABLED_COLUMN,
                        LegacyStoreConfig.CREATED_COLUMN);
        for (String optional : List.of(
                LegacyStoreConfig.EMAIL_COLUMN,
                LegacyStoreConfig.FIRST_NAME_COLUMN,
                LegacyStoreConfig.LAST_NAME_COLUMN,
                LegacyStoreConfig.ENABLED_COLUMN,
                LegacyStoreConfig.CREATED_COLUMN)) {
            assertThat(properties.get(optional).getDefaultValue()).as(optional).isNull();
        }
        ProviderConfigProperty schemes = properties.get(LegacyStoreConfig.PASSWORD_SCHEMES);
        assertThat(schemes.getType()).isEqualTo(ProviderConfigProperty.MULTIVALUED_LIST_TYPE);
        assertThat(schemes.getOptions()).contains("bcrypt", "argon2", "django_bcrypt_sha256");
        assertThat(schemes.getDefaultValue()).isEqualTo("bcrypt");
        assertThat(properties.get(LegacyStoreConfig.NEW_PASSWORD_SCHEME).getDefaultValue())
                .isEqualTo("bcrypt");
        ProviderConfigProperty password = properties.get(LegacyStoreConfig.JDBC_PASSWORD);
        assertThat(password.getType()).isEqualTo(ProviderConfigProperty.PASSWORD);
        assertThat(password.isSecret()).isTrue();
        assertThat(properties.get(LegacyStoreConfig.JDBC_URL).isRequired()).isTrue();
        assertThat(properties.get(LegacyStoreConfig.USERS_TABLE).getDefaultValue())
                .isEqualTo("users");
        assertThat(properties.get(LegacyStoreConfig.ID_COLUMN).getDefaultValue())
                .isEqualTo("id");
        assertThat(properties.get(LegacyStoreConfig.USERNAME_COLUMN).getDefaultValue())
                .isEqualTo("username");
        assertThat(properties.get(LegacyStoreConfig.PASSWORD_COLUMN).getDefaultValue())
                .isEqualTo("hashed_password");
        assertThat(properties.get(LegacyStoreConfig.GRANTED_ROLES).getType())
                .isEqualTo(ProviderConfigProperty.MULTIVALUED_STRING_TYPE);
        assertThat(properties.get(LegacyStoreConfig.GRANTED_ROLES).getDefaultValue())
                .isEqualTo("crime-api/editor");
        ProviderConfigProperty editMode = properties.get(LegacyStoreConfig.EDIT_MODE);
        assertThat(editMode.getType()).isEqualTo(ProviderConfigProperty.LIST_TYPE);
        assertThat(editMode.getOptions()).containsExactly("READ_ONLY", "WRITABLE", "UNSYNCED");
        assertThat(editMode.getDefaultValue()).isEqualTo("READ_ONLY");
        assertThat(properties.get(LegacyStoreConfig.BCRYPT_COST).getDefaultValue())
                .isEqualTo("12");
        assertThat(properties.get(LegacyStoreConfig.LAZY_MIGRATION).getType())
                .isEqualTo(ProviderConfigProperty.BOOLEAN_TYPE);
        assertThat(properties.get(LegacyStoreConfig.LAZY_MIGRATION).getDefaultValue())
                .isEqualTo("false");
    }

    @Test
    void lazyMigrationTogetherWithWritableIsRejectedOnSave() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"));
        config.put(LegacyStoreConfig.LAZY_MIGRATION, List.of("true"));
        assertThatThrownBy(() -> factory.validateConfiguration(null, null, database.component("combo", config)))
                .satisfies(e -> assertThat(ValidationErrors.message((ComponentValidationException) e))
                        .isEqualTo("Lazy migration works only with edit mode READ_ONLY, not WRITABLE: a migrated "
                                + "user's later changes stay in Keycloak and never reach the legacy table"));
    }

    @Test
    void writableIsAcceptedWhenTheDatabaseUserMayWrite() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"));
        factory.validateConfiguration(null, null, database.component("writable", config));
    }

    @Test
    void oneComponentSharesOnePoolUntilItsConfigurationChanges() {
        ComponentModel model = database.component("c1", database.config());
        LegacyStore first = factory.storeFor(model);
        assertThat(factory.storeFor(model)).isSameAs(first);
        assertThat(factory.storeFor(database.component("c2", database.config())))
                .isNotSameAs(first);

        ComponentModel changed = database.component("c1", database.config());
        changed.getConfig().putSingle(LegacyStoreConfig.MAX_POOL_SIZE, "3");
        LegacyStore rebuilt = factory.storeFor(changed);
        assertThat(rebuilt).isNotSameAs(first);
        assertThat(first.isClosed()).isTrue();
        assertThat(rebuilt.config().maxPoolSize()).isEqualTo(3);
    }

    @Test
    void updatingAComponentsStoreSettingsClosesItsPoolAndTheNextUseBuildsANewOne() {
        ComponentModel model = database.component("c1", database.config());
        LegacyStore before = factory.storeFor(model);
        assertThat(before.repository().findByUsernameIgnoreCase("batman", 1)).hasSize(1);
        Map<String, List<String>> changedConfig = new HashMap<>(database.config());
        changedConfig.put(LegacyStoreConfig.MAX_POOL_SIZE, List.of("3"));
        ComponentModel changed = database.component("c1", changedConfig);

        factory.onUpdate(null, null, model, changed);

        assertThat(before.isClosed()).isTrue();
        LegacyStore after = factory.storeFor(changed);
        assertThat(after).isNotSameAs(before);
        assertThat(after.repository().findByUsernameIgnoreCase("batman", 1)).hasSize(1);
    }

    @Test
    void anUpdateThatLeavesTheStoreSettingsAloneKeepsThePool() {
        // Keycloak updates the component to record each sync's time
        ComponentModel model = database.component("c1", database.config());
        LegacyStore before = factory.storeFor(model);

        factory.onUpdate(null, null, model, model);

        assertThat(before.isClosed()).isFalse();
        assertThat(factory.storeFor(model)).isSameAs(before);
    }

    @Test
    void removingAComponentOrClosingKeycloakClosesThePools() {
        LegacyStore removed = factory.storeFor(database.component("c1", database.config()));
        LegacyStore other = factory.storeFor(database.component("c2", database.config()));
        factory.preRemove(null, null, database.component("c1", database.config()));
        assertThat(removed.isClosed()).isTrue();
        assertThat(other.isClosed()).isFalse();
        factory.close();
        assertThat(other.isClosed()).isTrue();
    }

    @Test
    void poolsAreOnlyBuiltWhenFirstUsed() {
        ComponentModel model = database.component("lazy", database.config());
        factory.validateConfiguration(null, null, model);
        assertThat(factory.hasStore("lazy")).as("validation opens no pool").isFalse();
        factory.create(Fakes.session(), model);
        assertThat(factory.hasStore("lazy")).isTrue();
        assertThat(factory.storeFor(model).isClosed()).isFalse();
    }

    @Test
    void aMisconfiguredComponentGetsNoPool() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.USERS_TABLE, List.of("users; --"));
        ComponentModel model = database.component("misconfigured", config);
        assertThat(factory.create(Fakes.session(), model)).isNotNull();
        assertThat(factory.hasStore("misconfigured")).isFalse();
        assertThatThrownBy(() -> factory.storeFor(model).repository())
                .isInstanceOf(LegacyStoreUnavailableException.class)
                .satisfies(e -> assertThat(((LegacyStoreUnavailableException) e).detail())
                        .isEqualTo("The configuration is invalid: 'users; --' is not a valid users table: use letters, "
                                + "digits and _, not starting with a digit (optionally schema.table)"));
    }

    @Test
    void validConfigurationIsAccepted() {
        factory.validateConfiguration(null, null, database.component("ok", database.config()));
    }

    @Test
    void badSettingsAreRejectedBeforeConnecting() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.PASSWORD_COLUMN, List.of("hashed_password; --"));
        assertThatThrownBy(() -> factory.validateConfiguration(null, null, database.component("bad", config)))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(ValidationErrors.message((ComponentValidationException) e))
                        .isEqualTo("'hashed_password; --' is not a valid password column: use letters, digits and _, "
                                + "not starting with a digit"));
    }

    @Test
    void messagesSurviveKeycloaksMessageFormatting() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:" + directory.resolve("it's {0} gone/x.db")));
        assertThatThrownBy(() -> factory.validateConfiguration(null, null, database.component("bad", config)))
                .satisfies(e -> assertThat(ValidationErrors.message((ComponentValidationException) e))
                        .startsWith("Cannot connect to the legacy database at jdbc:sqlite:")
                        .contains("it's {0} gone/x.db: "));
    }

    @Test
    void importIsRefusedWhileTheStoreIsWritableEveryUserCountedAsFailed() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"));
        UserStorageProviderModel model = new UserStorageProviderModel(database.component("import-writable", config));

        // no session factory: a refused import must not start
        SynchronizationResult result = factory.sync(null, "gotham", model);

        assertThat(result.getAdded()).isZero();
        assertThat(result.getUpdated()).isZero();
        assertThat(result.getFailed()).as("batman, not imported").isEqualTo(1);
    }
}
