package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.password.PasslibScheme;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

/** The password schemes a component accepts and the one it writes, as a passlib CryptContext lists them. */
class LegacyStoreConfigSchemesTest {

    private static Map<String, List<String>> raw(List<String> accepted, String written) {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:postgresql://db:5432/legacy"));
        if (accepted != null) {
            raw.put(LegacyStoreConfig.PASSWORD_SCHEMES, accepted);
        }
        if (written != null) {
            raw.put(LegacyStoreConfig.NEW_PASSWORD_SCHEME, List.of(written));
        }
        return raw;
    }

    private static String adminMessage(Throwable e) {
        return ValidationErrors.message((ComponentValidationException) e);
    }

    @Test
    void withoutSettingsOnlyBcryptSignsInAndIsWrittenAsTheLegacyAppDoes() {
        PasswordSchemes schemes = LegacyStoreConfig.from(raw(null, null)).passwordSchemes();
        assertThat(schemes).isEqualTo(PasswordSchemes.BCRYPT_ONLY);
        assertThat(LegacyStoreConfig.from(raw(Arrays.asList(""), "")).passwordSchemes())
                .as("the console's emptied list")
                .isEqualTo(PasswordSchemes.BCRYPT_ONLY);
    }

    @Test
    void everySchemeCanBeAcceptedAndTheWrittenOneChosenAmongThem() {
        LegacyStoreConfig config = LegacyStoreConfig.from(raw(PasslibScheme.names(), "pbkdf2_sha256"));
        for (PasslibScheme scheme : PasslibScheme.values()) {
            assertThat(config.passwordSchemes().accepts(scheme))
                    .as(scheme.passlibName())
                    .isTrue();
        }
        assertThat(config.passwordSchemes().writes()).isEqualTo(PasslibScheme.PBKDF2_SHA256);
        assertThat(config.toString()).contains("passwordSchemes=[bcrypt, bcrypt_sha256", "writes pbkdf2_sha256");
        assertThat(config).isNotEqualTo(LegacyStoreConfig.from(raw(PasslibScheme.names(), "bcrypt")));
    }

    @Test
    void withoutAWrittenSchemeBcryptIsWrittenIfAcceptedElseTheFirstAccepted() {
        assertThat(LegacyStoreConfig.from(raw(List.of("argon2", "bcrypt"), null))
                        .passwordSchemes()
                        .writes())
                .isEqualTo(PasslibScheme.BCRYPT);
        assertThat(LegacyStoreConfig.from(raw(List.of("argon2", "md5_crypt"), null))
                        .passwordSchemes()
                        .writes())
                .isEqualTo(PasslibScheme.ARGON2);
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(List.of("bcrypt", "scrypt"), null)))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(adminMessage(e))
                        .contains("Unknown password scheme scrypt", "bcrypt_sha256", "django_pbkdf2_sha256"));
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(null, "plaintext")))
                .isInstanceOf(ComponentValidationException.class);
    }

    @Test
    void theWrittenSchemeMustBeAccepted() {
        assertThatThrownBy(() -> LegacyStoreConfig.from(raw(List.of("bcrypt", "md5_crypt"), "argon2")))
                .isInstanceOf(ComponentValidationException.class)
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("The scheme new passwords are written in (argon2) must be one of the accepted "
                                + "schemes (bcrypt, md5_crypt)"));
    }
}
