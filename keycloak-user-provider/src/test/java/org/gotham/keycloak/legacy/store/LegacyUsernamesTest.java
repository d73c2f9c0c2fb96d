package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyUsernamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"batman", "Barbara.Gordon", "o'brien", "猫の女", "harvey dent", "a"})
    void ordinaryNamesMayBeWritten(String name) {
        assertThat(LegacyUsernames.problem(name)).isNull();
    }

    @Test
    void emptyWhitespaceLongAndInvisibleNamesAreRefusedWithASentence() {
        assertThat(LegacyUsernames.problem(null)).isEqualTo("Username is empty.");
        assertThat(LegacyUsernames.problem("")).isEqualTo("Username is empty.");
        assertThat(LegacyUsernames.problem(" \t ")).isEqualTo("Username is only whitespace.");
        assertThat(LegacyUsernames.problem("x".repeat(10 * 1024))).isEqualTo("Username is longer than 255 characters.");
        assertThat(LegacyUsernames.problem("x".repeat(255))).isNull();
        assertThat(LegacyUsernames.problem(" batman")).isEqualTo("Username starts or ends with whitespace.");
        for (String invisible : new String[] {
            "bat\u0000man", "bat\u0001man", "bat\tman", "\u202ebatman", "bat\u200bman", "bat\ud800man", "bat\u2028man"
        }) {
            assertThat(LegacyUsernames.problem(invisible))
                    .as(invisible)
                    .isEqualTo("Username contains control or invisible characters.");
        }
    }

    @Test
    void namesAreStoredInLowerCaseAsKeycloakShowsThem() {
        assertThat(LegacyUsernames.normalize("Barbara.Gordon")).isEqualTo("barbara.gordon");
        assertThat(LegacyUsernames.normalize("TITLE"))
                .as("not Turkish dotless i")
                .isEqualTo("title");
    }
}
