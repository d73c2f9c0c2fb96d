package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevelopmentSecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"crime-api-dev-secret", "importer-dev-secret", " crime-api-dev-secret "})
    void developmentSecretStopsTheStartupOutsideTheDemoWithoutPrintingIt(String secret) {
        assertThatIllegalStateException()
                .isThrownBy(() -> DevelopmentSecrets.refuseOutsideDemo(secret, false))
                .withMessageContaining("CRIME_API_CLIENT_SECRET")
                .withMessageContaining("GOTHAM_DEMO")
                .withMessageNotContaining(secret.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"crime-api-dev-secret", "importer-dev-secret"})
    void developmentSecretIsAcceptedByTheDemo(String secret) {
        assertThatCode(() -> DevelopmentSecrets.refuseOutsideDemo(secret, true)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k8s-generated-7Qx2vL9pR4", "crime-api-dev-secret-rotated"})
    void ownOrMissingSecretIsAcceptedEverywhere(String secret) {
        assertThatCode(() -> DevelopmentSecrets.refuseOutsideDemo(secret, false))
                .doesNotThrowAnyException();
    }
}
