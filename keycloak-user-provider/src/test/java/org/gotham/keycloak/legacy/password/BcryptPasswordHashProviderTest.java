package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

class BcryptPasswordHashProviderTest {

    private final BcryptPasswordHashProvider provider = new BcryptPasswordHashProvider(new LegacyPasswordHasher(2), 12);

    @Test
    void keycloakFindsTheBcryptHashProviderByItsId() {
        assertThat(ServiceLoader.load(PasswordHashProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::type)
                        .collect(Collectors.toList()))
                .contains(BcryptPasswordHashProviderFactory.class);
        assertThat(new BcryptPasswordHashProviderFactory().getId()).isEqualTo("bcrypt");
    }

    @Test
    void importedPasslibHashIsACredentialWithTheWholeHashAndItsCost() {
        String hash = PasslibVectors.hash("2y cost 4");
        PasswordCredentialModel credential = BcryptPasswordHashProvider.credential(hash);
        assertThat(credential.getType()).isEqualTo(PasswordCredentialModel.TYPE);
        assertThat(credential.getPasswordCredentialData().getAlgorithm()).isEqualTo("bcrypt");
        assertThat(credential.getPasswordCredentialData().getHashIterations()).isEqualTo(4);
        assertThat(credential.getPasswordSecretData().getValue()).isEqualTo(hash);
        assertThat(BcryptPasswordHashProvider.credential("$2b$12$tooShort")).isNull();
        assertThat(BcryptPasswordHashProvider.credential(null)).isNull();
    }

    @Test
    void storedCredentialVerifiesAsPasslibDoesAfterKeycloakStoredAndReadItBack() {
        PasswordCredentialModel imported = BcryptPasswordHashProvider.credential(PasslibVectors.hash("2b cost 4"));
        // what Keycloak's credential store does: JSON out, JSON in
        PasswordCredentialModel stored = PasswordCredentialModel.createFromCredentialModel(imported);
        assertThat(provider.verify("IamVengeance1", stored)).isTrue();
        assertThat(provider.verify("iamvengeance1", stored)).isFalse();
        assertThat(provider.verify(null, stored)).isFalse();
    }

    @Test
    void policyCheckFailsForAnImportedHashSoKeycloakUpgradesIt() {
        PasswordCredentialModel imported = BcryptPasswordHashProvider.credential(PasslibVectors.hash("2b cost 4"));
        assertThat(provider.policyCheck(PasswordPolicy.empty(), imported))
                .as("default cost 12")
                .isFalse();
        PasswordCredentialModel made = provider.encodedCredential("IamVengeance1", -1);
        assertThat(made.getPasswordSecretData().getValue()).startsWith("$2b$12$");
        assertThat(provider.policyCheck(PasswordPolicy.empty(), made)).isTrue();
        assertThat(provider.verify("IamVengeance1", made)).isTrue();
    }

    @Test
    void aPasswordBcryptWouldCutIsRefused() {
        assertThatThrownBy(() -> provider.encodedCredential("x".repeat(73), 4))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("72 bytes");
    }
}
