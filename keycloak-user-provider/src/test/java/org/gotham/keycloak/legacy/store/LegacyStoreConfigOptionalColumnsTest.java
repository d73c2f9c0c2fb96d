package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.component.ComponentValidationException;

/** The optional columns' settings: empty by default, plain identifiers, never the password column. */
class LegacyStoreConfigOptionalColumnsTest {

    private static Map<String, List<String>> raw(String... keysAndValues) {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:postgresql://db:5432/legacy"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            raw.put(keysAndValues[i], Arrays.asList(keysAndValues[i + 1]));
        }
        return raw;
    }

    @Test
    void withoutSettingsTheTableHasNoOptionalColumns() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(LegacyStoreConfig.EMAIL_COLUMN, " "));
        assertThat(config.optionalColumns()).isEmpty();
        for (OptionalColumn column : OptionalColumn.values()) {
            assertThat(config.has(column)).isFalse();
            assertThat(config.column(column)).isNull();
        }
        assertThat(config).isEqualTo(LegacyStoreConfig.from(raw()));
    }

    @Test
    void eachColumnIsReadFromItsSetting() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(
                LegacyStoreConfig.EMAIL_COLUMN, " email ",
                LegacyStoreConfig.FIRST_NAME_COLUMN, "given_name",
                LegacyStoreConfig.LAST_NAME_COLUMN, "family_name",
                LegacyStoreConfig.ENABLED_COLUMN, "is_active",
                LegacyStoreConfig.CREATED_COLUMN, "created_at"));
        assertThat(config.optionalColumns()).containsExactly(OptionalColumn.values());
        assertThat(config.column(OptionalColumn.EMAIL)).isEqualTo("email");
        assertThat(config.column(OptionalColumn.FIRST_NAME)).isEqualTo("given_name");
        assertThat(config.column(OptionalColumn.LAST_NAME)).isEqualTo("family_name");
        assertThat(config.column(OptionalColumn.ENABLED)).isEqualTo("is_active");
        assertThat(config.column(OptionalColumn.CREATED)).isEqualTo("created_at");
        assertThat(config.toString()).contains("EMAIL=email").contains("CREATED=created_at");
        assertThat(config)
                .as("a changed column is a changed store (the pool and its SQL are rebuilt)")
                .isNotEqualTo(LegacyStoreConfig.from(raw(LegacyStoreConfig.EMAIL_COLUMN, "email")));
    }

    @ParameterizedTest
    @EnumSource(OptionalColumn.class)
    void aColumnMustBeAPlainIdentifier(OptionalColumn column) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(column.configKey(), "email; DROP TABLE users")))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(ValidationErrors.message((ComponentValidationException) e))
                        .isEqualTo("'email; DROP TABLE users' is not a valid " + column.label()
                                + ": use letters, digits and _, not starting with a digit"));
    }

    @ParameterizedTest
    @EnumSource(OptionalColumn.class)
    void noColumnMayBeThePasswordColumnSoAHashIsNeverShown(OptionalColumn column) {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(column.configKey(), "HASHED_PASSWORD")))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(ValidationErrors.message((ComponentValidationException) e))
                        .isEqualTo("The " + column.label() + " cannot be the password column 'hashed_password'"));
    }
}
