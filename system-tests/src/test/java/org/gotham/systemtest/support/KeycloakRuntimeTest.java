package org.gotham.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** How {@code -Dkeycloak.runtime} picks where Keycloak runs, with Docker's presence given rather than asked. */
class KeycloakRuntimeTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier NOT_TO_BE_ASKED = () -> {
        throw new AssertionError("Docker was asked about, though the choice does not depend on it");
    };

    @Test
    void noChoiceMeansProcessWithoutAskingDocker() {
        assertThat(KeycloakRuntime.select(null, NOT_TO_BE_ASKED)).isEqualTo(KeycloakRuntime.PROCESS);
        assertThat(KeycloakRuntime.select("", NOT_TO_BE_ASKED)).isEqualTo(KeycloakRuntime.PROCESS);
    }

    @Test
    void processIsAProcessEvenWhereDockerRuns() {
        assertThat(KeycloakRuntime.select("process", NOT_TO_BE_ASKED)).isEqualTo(KeycloakRuntime.PROCESS);
    }

    @Test
    void autoIsAContainerWhereDockerRunsAndAProcessElsewhere() {
        assertThat(KeycloakRuntime.select("auto", DOCKER)).isEqualTo(KeycloakRuntime.CONTAINER);
        assertThat(KeycloakRuntime.select("auto", NO_DOCKER)).isEqualTo(KeycloakRuntime.PROCESS);
    }

    @Test
    void containerWhereDockerRunsIsAContainer() {
        assertThat(KeycloakRuntime.select(" Container ", DOCKER)).isEqualTo(KeycloakRuntime.CONTAINER);
    }

    @Test
    void containerWithoutDockerIsAnErrorThatNamesThePropertyAndTheWayOut() {
        assertThatThrownBy(() -> KeycloakRuntime.select("container", NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dkeycloak.runtime=container needs a Docker engine")
                .hasMessageContaining("-Dkeycloak.runtime=process");
    }

    @Test
    void anUnknownChoiceIsAnErrorThatListsTheChoices() {
        assertThatThrownBy(() -> KeycloakRuntime.select("docker", DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dkeycloak.runtime=docker is none of process, container, auto");
    }

    @Test
    void theTestKeycloakTakesItsHttpLimitsFromRunSh() {
        assertThat(ProcessKeycloak.httpLimits())
                .containsExactly("--http-pool-max-threads=50", "--http-max-queued-requests=500");
    }
}
