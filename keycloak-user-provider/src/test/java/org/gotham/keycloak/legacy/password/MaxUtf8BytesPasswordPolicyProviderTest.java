package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.PolicyError;

class MaxUtf8BytesPasswordPolicyProviderTest {

    @Test
    void keycloakFindsTheMaxBytesPolicyByItsId() {
        assertThat(ServiceLoader.load(PasswordPolicyProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::type)
                        .collect(Collectors.toList()))
                .contains(MaxUtf8BytesPasswordPolicyProviderFactory.class);
        assertThat(new MaxUtf8BytesPasswordPolicyProviderFactory().getId()).isEqualTo("maxUtf8Bytes");
    }

    @Test
    void countsBytesNotCharacters() {
        assertThat(MaxUtf8BytesPasswordPolicyProvider.check(72, "x".repeat(72))).isNull();
        assertThat(MaxUtf8BytesPasswordPolicyProvider.check(72, "é".repeat(36)))
                .as("72 bytes")
                .isNull();
        PolicyError error = MaxUtf8BytesPasswordPolicyProvider.check(72, "é".repeat(37));
        assertThat(error).isNotNull();
        assertThat(error.getParameters()).isEmpty();
        assertThat(java.text.MessageFormat.format(error.getMessage(), error.getParameters()))
                .as("survives Keycloak's MessageFormat")
                .isEqualTo("Password is too long: at most 72 bytes in UTF-8 (the legacy app would silently ignore "
                        + "the rest).");
        assertThat(MaxUtf8BytesPasswordPolicyProvider.check(72, "\ud800"))
                .as("not text")
                .isNotNull();
    }

    @Test
    void configIsANumberDefaulting72() {
        MaxUtf8BytesPasswordPolicyProvider provider = new MaxUtf8BytesPasswordPolicyProvider(null);
        assertThat(provider.parseConfig(null)).isEqualTo(72);
        assertThat(provider.parseConfig("64")).isEqualTo(64);
        assertThat(new MaxUtf8BytesPasswordPolicyProviderFactory().getDefaultConfigValue())
                .isEqualTo("72");
    }
}
