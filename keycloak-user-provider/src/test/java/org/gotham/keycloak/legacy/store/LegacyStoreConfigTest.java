package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

class LegacyStoreConfigTest {

    private static Map<String, List<String>> raw(String... keysAndValues) {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:postgresql://db:5432/legacy"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            raw.put(keysAndValues[i], Arrays.asList(keysAndValues[i + 1]));
        }
        return raw;
    }

    private static String adminMessage(Throwable e) {
        return ValidationErrors.message((ComponentValidationException) e);
    }

    @Test
    void defaultsAreTheLegacySchema() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw());
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/legacy");
        assertThat(config.jdbcUser()).isNull();
        assertThat(config.jdbcPassword()).isNull();
        assertThat(config.usersTable()).isEqualTo("users");
        assertThat(config.idColumn()).isEqualTo("id");
        assertThat(config.usernameColumn()).isEqualTo("username");
        assertThat(config.passwordColumn()).isEqualTo("hashed_password");
        assertThat(config.grantedRoles()).containsExactly(new RoleReference("crime-api", "editor"));
        assertThat(config.maxPoolSize())
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors() + 1))
                .isGreaterThanOrEqualTo(2);
        assertThat(config.isSqlite()).isFalse();
    }

    @Test
    void everySettingCanBeOverridden() {
        Map<String, List<String>> raw = raw(
                LegacyStoreConfig.JDBC_URL, " jdbc:sqlite:/data/gotham.db ",
                LegacyStoreConfig.JDBC_USER, "legacy",
                LegacyStoreConfig.JDBC_PASSWORD, " pw with spaces ",
                LegacyStoreConfig.USERS_TABLE, "crime.app_users",
                LegacyStoreConfig.ID_COLUMN, "user_id",
                LegacyStoreConfig.USERNAME_COLUMN, "login",
                LegacyStoreConfig.PASSWORD_COLUMN, "pw_hash",
                LegacyStoreConfig.MAX_POOL_SIZE, "7");
        raw.put(LegacyStoreConfig.GRANTED_ROLES, List.of("crime-api/reader", "offline_access", "", "crime-api/reader"));
        LegacyStoreConfig config = LegacyStoreConfig.from(raw);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/gotham.db");
        assertThat(config.isSqlite()).isTrue();
        assertThat(config.jdbcUser()).isEqualTo("legacy");
        assertThat(config.jdbcPassword()).as("passwords are not trimmed").isEqualTo(" pw with spaces ");
        assertThat(config.usersTable()).isEqualTo("crime.app_users");
        assertThat(config.idColumn()).isEqualTo("user_id");
        assertThat(config.usernameColumn()).isEqualTo("login");
        assertThat(config.passwordColumn()).isEqualTo("pw_hash");
        assertThat(config.maxPoolSize()).isEqualTo(7);
        assertThat(config.grantedRoles())
                .containsExactly(new RoleReference("crime-api", "reader"), new RoleReference(null, "offline_access"));
    }

    @Test
    void blankValuesMeanTheDefault() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(
                LegacyStoreConfig.USERS_TABLE, " ",
                LegacyStoreConfig.JDBC_USER, "",
                LegacyStoreConfig.JDBC_PASSWORD, "",
                LegacyStoreConfig.MAX_POOL_SIZE, ""));
        assertThat(config.usersTable()).isEqualTo("users");
        assertThat(config.jdbcUser()).isNull();
        assertThat(config.jdbcPassword()).isNull();
        assertThat(config.maxPoolSize()).isEqualTo(LegacyStoreConfig.defaultMaxPoolSize());
    }

    @Test
    void anEmptiedGrantedRolesListGrantsNothing() {
        Map<String, List<String>> raw = raw();
        raw.put(LegacyStoreConfig.GRANTED_ROLES, List.of(""));
        assertThat(LegacyStoreConfig.from(raw).grantedRoles()).isEmpty();
    }

    @Test
    void clientRolesSplitAtTheLastSlashSoClientIdsMayBeUrls() {
        Map<String, List<String>> raw = raw();
        raw.put(LegacyStoreConfig.GRANTED_ROLES, List.of("https://crime.gotham/api/editor"));
        assertThat(LegacyStoreConfig.from(raw).grantedRoles())
                .containsExactly(new RoleReference("https://crime.gotham/api", "editor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/editor", "crime-api/", "/"})
    void malformedGrantedRolesAreRejected(String role) {
        Map<String, List<String>> raw = raw();
        raw.put(LegacyStoreConfig.GRANTED_ROLES, List.of(role));
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Granted role '" + role
                                + "' must be 'client-id/role' for a client role or 'role' for a realm role"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "users; DROP TABLE users",
                "1users",
                "us-ers",
                "users\"",
                "\"users\"",
                "a.b.c",
                "users x",
                "us ers",
                "users--",
                "u.",
                ".u",
                "us`ers",
                "usérs",
                "users/*"
            })
    void tableNamesThatAreNotPlainIdentifiersAreRejected(String table) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.USERS_TABLE, table)))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(adminMessage(e)).contains("is not a valid users table"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {LegacyStoreConfig.ID_COLUMN, LegacyStoreConfig.USERNAME_COLUMN, LegacyStoreConfig.PASSWORD_COLUMN
            })
    void columnNamesMustBePlainIdentifiersWithoutSchema(String key) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(key, "users.id")))
                .isInstanceOf(ComponentValidationException.class);
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(key, "id) OR (1=1")))
                .isInstanceOf(ComponentValidationException.class);
        assertThat(LegacyStoreConfig.from(raw(key, "_Col_9")).toString()).contains("_Col_9");
    }

    @Test
    void identifierMessagesKeepQuotesForTheAdmin() {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.USERS_TABLE, "it's")))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo(
                                "'it's' is not a valid users table: use letters, digits and _, not starting with a digit "
                                        + "(optionally schema.table)"));
    }

    @Test
    void validationErrorsCarryNoParametersForKeycloakToTranslate() {
        // Keycloak looks every parameter up in its admin messages: "users" would come out as "Users".
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.USERS_TABLE, "users x")))
                .isInstanceOfSatisfying(ComponentValidationException.class, e -> {
                    assertThat(e.getParameters()).isEmpty();
                    assertThat(adminMessage(e)).startsWith("'users x' is not a valid users table");
                });
        assertThat(adminMessage(ValidationErrors.validationError("it's {0} {braces}")))
                .isEqualTo("it's {0} {braces}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "two", "2.5", "99999999999"})
    void poolSizesOutsideOneToOneHundredAreRejected(String size) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.MAX_POOL_SIZE, size)))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Max pool size must be a whole number from 1 to 100, not '" + size + "'"));
    }

    @Test
    void jdbcUrlIsRequiredAndMustBeASupportedDatabase() {
        Map<String, List<String>> none = new HashMap<>();
        assertThatThrownBy(() -> LegacyStoreConfig.from(none))
                .satisfies(e -> assertThat(adminMessage(e)).startsWith("Enter the JDBC URL of the legacy database"));
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.JDBC_URL, "jdbc:oracle:thin:@db:1521")))
                .satisfies(
                        e -> assertThat(adminMessage(e))
                                .isEqualTo(
                                        "Unsupported JDBC URL jdbc:oracle:thin:@db:1521: "
                                                + "use one that starts with jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:"));
    }

    @Test
    void toStringNeverPrintsThePassword() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(
                LegacyStoreConfig.JDBC_URL,
                "jdbc:postgresql://admin:url-secret@db/legacy?password=param-secret&ssl=true",
                LegacyStoreConfig.JDBC_USER,
                "legacy",
                LegacyStoreConfig.JDBC_PASSWORD,
                "Sup3r-secret"));
        assertThat(config.toString())
                .doesNotContain("Sup3r-secret")
                .doesNotContain("url-secret")
                .doesNotContain("param-secret")
                .contains("jdbcPassword=***")
                .contains("jdbcUser=legacy")
                .contains("jdbc:postgresql://***@db/legacy?password=***&ssl=true");
        assertThat(LegacyStoreConfig.from(raw()).toString()).contains("jdbcPassword=(none)");
    }

    @Test
    void urlCredentialsAreRedactedInEveryDriverSpelling() {
        assertThat(LegacyStoreConfig.redactUrl("jdbc:mysql://root:pw@db:3306/x"))
                .isEqualTo("jdbc:mysql://***@db:3306/x");
        assertThat(LegacyStoreConfig.redactUrl("jdbc:mariadb://db/x?user=a&password=b"))
                .isEqualTo("jdbc:mariadb://db/x?user=a&password=***");
        assertThat(LegacyStoreConfig.redactUrl("jdbc:postgresql://db/x?PASSWORD=b;sslpassword=c"))
                .isEqualTo("jdbc:postgresql://db/x?PASSWORD=***;sslpassword=***");
        assertThat(LegacyStoreConfig.redactUrl("jdbc:sqlite:/data/gotham.db")).isEqualTo("jdbc:sqlite:/data/gotham.db");
    }

    @Test
    void readsAComponentModel() {
        ComponentModel model = new ComponentModel();
        model.getConfig().putSingle(LegacyStoreConfig.JDBC_URL, "jdbc:mariadb://db:3306/legacy");
        model.getConfig().putSingle(LegacyStoreConfig.USERS_TABLE, "people");
        LegacyStoreConfig config = LegacyStoreConfig.from(model);
        assertThat(config.usersTable()).isEqualTo("people");
        assertThat(config).isEqualTo(LegacyStoreConfig.from(model)).hasSameHashCodeAs(LegacyStoreConfig.from(model));
        model.getConfig().putSingle(LegacyStoreConfig.JDBC_PASSWORD, "changed");
        assertThat(config).isNotEqualTo(LegacyStoreConfig.from(model));
    }

    // ---- edit mode, bcrypt cost, lazy migration ----

    @Test
    void withoutSettingsAComponentOnlyReadsAtPasslibsCost() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw());
        assertThat(config.editMode()).isEqualTo(org.keycloak.storage.UserStorageProvider.EditMode.READ_ONLY);
        assertThat(config.isWritable()).isFalse();
        assertThat(config.bcryptCost()).isEqualTo(12);
        assertThat(config.lazyMigration()).isFalse();
    }

    @Test
    void editModeCostAndLazyMigrationAreRead() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(
                LegacyStoreConfig.EDIT_MODE,
                " writable ",
                LegacyStoreConfig.BCRYPT_COST,
                "10",
                LegacyStoreConfig.LAZY_MIGRATION,
                "false"));
        assertThat(config.isWritable()).isTrue();
        assertThat(config.bcryptCost()).isEqualTo(10);
        assertThat(LegacyStoreConfig.from(raw(LegacyStoreConfig.LAZY_MIGRATION, "TRUE"))
                        .lazyMigration())
                .isTrue();
        assertThat(config.toString()).contains("editMode=WRITABLE", "bcryptCost=10", "lazyMigration=false");
        assertThat(config)
                .isNotEqualTo(LegacyStoreConfig.from(
                        raw(LegacyStoreConfig.EDIT_MODE, "UNSYNCED", LegacyStoreConfig.BCRYPT_COST, "10")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "32", "twelve", "-1", "12.5"})
    void bcryptCostOutsidePasslibsRangeIsRefused(String cost) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.BCRYPT_COST, cost)))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("bcrypt cost must be a whole number from 4 to 31, not '" + cost + "'"));
    }

    @Test
    void passwordCheckWaitDefaultsToTwoSecondsAndIsReadInMilliseconds() {
        assertThat(LegacyStoreConfig.from(raw()).passwordCheckWait()).isEqualTo(java.time.Duration.ofSeconds(2));
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(LegacyStoreConfig.PASSWORD_CHECK_WAIT, " 0 "));
        assertThat(config.passwordCheckWait()).isZero();
        assertThat(config.toString()).contains("passwordCheckWait=0 ms");
        assertThat(LegacyStoreConfig.from(raw(LegacyStoreConfig.PASSWORD_CHECK_WAIT, "30000"))
                        .passwordCheckWait())
                .isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(config).isNotEqualTo(LegacyStoreConfig.from(raw()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "30001", "2s", "1.5"})
    void passwordCheckWaitOutsideItsRangeIsRefused(String wait) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.PASSWORD_CHECK_WAIT, wait)))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Password check wait must be a whole number of milliseconds from 0 to 30000, "
                                + "not '" + wait + "'"));
    }

    @Test
    void unknownEditModeOrFlagIsRefused() {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.EDIT_MODE, "SOMETIMES")))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Edit mode must be READ_ONLY, WRITABLE or UNSYNCED, not 'SOMETIMES'"));
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(LegacyStoreConfig.LAZY_MIGRATION, "yes")))
                .satisfies(
                        e -> assertThat(adminMessage(e)).isEqualTo("'lazyMigration' must be true or false, not 'yes'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WRITABLE", "UNSYNCED"})
    void lazyMigrationOnlyGoesWithReadOnly(String mode) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(
                        raw(LegacyStoreConfig.EDIT_MODE, mode, LegacyStoreConfig.LAZY_MIGRATION, "true")))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Lazy migration works only with edit mode "
                                + "READ_ONLY, not " + mode
                                + ": a migrated user's later changes stay in Keycloak and never "
                                + "reach the legacy table"));
        assertThat(LegacyStoreConfig.from(
                                raw(LegacyStoreConfig.EDIT_MODE, "READ_ONLY", LegacyStoreConfig.LAZY_MIGRATION, "true"))
                        .lazyMigration())
                .isTrue();
    }
}
