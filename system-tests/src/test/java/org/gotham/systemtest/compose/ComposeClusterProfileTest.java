package org.gotham.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gotham.systemtest.compose.ComposeFile.ROOT;
import static org.gotham.systemtest.compose.ComposeFile.dependencies;
import static org.gotham.systemtest.compose.ComposeFile.environment;
import static org.gotham.systemtest.compose.ComposeFile.instructions;
import static org.gotham.systemtest.compose.ComposeFile.keycloakNodes;
import static org.gotham.systemtest.compose.ComposeFile.publishedPort;
import static org.gotham.systemtest.compose.ComposeFile.read;
import static org.gotham.systemtest.compose.ComposeFile.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keycloak in {@code docker-compose.yml} as behind a production load balancer: the nodes publish nothing, one HAProxy
 * ({@code docker/haproxy/haproxy.cfg}) is their one address, and the profile {@code cluster} adds a second node like
 * the first. Checked without Docker, from the files.
 */
class ComposeClusterProfileTest {

    private static final String NODE_ONE = "keycloak";
    private static final String NODE_TWO = "keycloak-2";
    private static final String PROXY = "keycloak-proxy";
    private static final Path CONFIG = ROOT.resolve("docker/haproxy/haproxy.cfg");
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server\\s+(\\S+)\\s+([^:\\s]+):(\\d+)");

    @Test
    void theClusterProfileAddsASecondNodeLikeTheFirst() {
        assertThat(keycloakNodes()).containsExactly(NODE_ONE, NODE_TWO);
        JsonNode one = services().path(NODE_ONE);
        JsonNode two = services().path(NODE_TWO);

        assertThat(two.path("profiles").toString()).isEqualTo("[\"cluster\"]");
        assertThat(one.path("profiles").isMissingNode())
                .as("node one runs in every profile")
                .isTrue();
        for (String part : List.of("build", "environment", "healthcheck")) {
            assertThat(two.path(part)).as("node two's %s", part).isEqualTo(one.path(part));
        }
        assertThat(dependencies(NODE_TWO))
                .as("node two starts once node one has imported the realm")
                .contains(NODE_ONE);
        assertThat(instructions(NODE_ONE, "ENV"))
                .as("`kc.sh start` clusters its caches unless told not to")
                .noneMatch(env -> String.join(" ", env).contains("KC_CACHE"));
        assertThat(environment(NODE_ONE)).doesNotContainKey("KC_CACHE");
    }

    @Test
    void keycloakIsReachedThroughTheProxyOnlyOnTheOneHostnameEveryNodeGives() {
        for (String node : keycloakNodes()) {
            assertThat(services().path(node).path("ports").isMissingNode())
                    .as("%s publishes no port of its own", node)
                    .isTrue();
        }
        assertThat(services().path(PROXY).path("image").asText())
                .as("an official image")
                .matches("haproxy:[0-9.]+");
        int port = Integer.parseInt(environment(NODE_ONE).getOrDefault("KC_HTTP_PORT", "8080"));
        assertThat(environment(NODE_ONE))
                .containsEntry("KC_HOSTNAME", "http://localhost:" + publishedPort(PROXY, port))
                .containsEntry("KC_PROXY_HEADERS", "xforwarded");
        assertThat(dependencies(PROXY)).contains(NODE_ONE);
    }

    @Test
    void theProxySpreadsOverEveryNodeThatIsReadyWithoutStickySessions() {
        String config = settings(read(CONFIG));
        int port = Integer.parseInt(environment(NODE_ONE).getOrDefault("KC_HTTP_PORT", "8080"));
        List<String> servers = new ArrayList<>();
        Matcher matcher = SERVER.matcher(config);
        while (matcher.find()) {
            assertThat(matcher.group(1)).isEqualTo(matcher.group(2));
            assertThat(Integer.parseInt(matcher.group(3)))
                    .as("%s's HTTP port", matcher.group(1))
                    .isEqualTo(port);
            servers.add(matcher.group(2));
        }

        assertThat(servers).as("a server for every Keycloak node").containsExactlyElementsOf(keycloakNodes());
        assertThat(config)
                .contains("bind :" + port)
                .contains("option httpchk GET /health/ready")
                .containsPattern("default-server check port 9000 .*init-addr [a-z,]*none")
                .doesNotContain("cookie")
                .doesNotContain("stick");
        assertThat(services().path(PROXY).path("volumes").toString())
                .contains("./docker/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    }

    @Test
    void keycloakTrustsOnlyTheForwardedHeadersTheProxySets() {
        String config = settings(read(CONFIG));

        for (String header : List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port")) {
            assertThat(config).as("a client's %s is dropped", header).contains("http-request del-header " + header);
        }
        assertThat(config).contains("option forwardfor");
    }

    /** HAProxy's settings without its comments. */
    private static String settings(String config) {
        return config.replaceAll("(?m)^\\s*#.*$", "");
    }
}
