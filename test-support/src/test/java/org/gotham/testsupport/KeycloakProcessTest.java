package org.gotham.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeycloakProcessTest {

    private static final Path HOME = Path.of("/tmp/keycloak-not-started");

    @Test
    void aNodeIsItsOwnHostnameByDefault() {
        KeycloakProcess node = new KeycloakProcess(KeycloakProcess.builder(HOME), 18080, 19000);

        assertThat(node.baseUrl()).isEqualTo("http://localhost:18080");
        assertThat(node.nodeUrl()).isEqualTo("http://localhost:18080");
        assertThat(node.command()).contains("--hostname=http://localhost:18080", "--http-port=18080");
    }

    @Test
    void clusterNodesShareOneHostnameAndKeepTheirOwnPorts() {
        KeycloakProcess second =
                new KeycloakProcess(KeycloakProcess.builder(HOME).hostname("http://localhost:18080"), 28080, 29000);

        assertThat(second.baseUrl()).isEqualTo("http://localhost:18080");
        assertThat(second.issuer("gotham")).isEqualTo("http://localhost:18080/realms/gotham");
        assertThat(second.nodeUrl()).isEqualTo("http://localhost:28080");
        assertThat(second.managementUri("/health/ready").toString()).isEqualTo("http://127.0.0.1:29000/health/ready");
        assertThat(second.command())
                .contains("--hostname=http://localhost:18080", "--http-port=28080", "--http-management-port=29000")
                .noneMatch(option -> option.equals("--hostname=http://localhost:28080"));
    }
}
