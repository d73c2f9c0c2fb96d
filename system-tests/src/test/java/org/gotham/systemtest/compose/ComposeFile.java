package org.gotham.systemtest.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} read as {@code docker compose} reads it, without Docker: services, their environment,
 * ports, health checks and dependencies, with Compose variables at their defaults ({@code ${VAR:-default}}), and the
 * Dockerfiles they build.
 */
final class ComposeFile {

    static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    static final Pattern COMPOSE_VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private static final JsonNode SERVICES = readServices();

    private ComposeFile() {}

    static JsonNode services() {
        return SERVICES;
    }

    /** The services that run Keycloak: those built from node one's Dockerfile, in the file's order. */
    static List<String> keycloakNodes() {
        Path keycloak = dockerfile("keycloak");
        return serviceNames().stream()
                .filter(service -> SERVICES.path(service).has("build"))
                .filter(service -> dockerfile(service).equals(keycloak))
                .toList();
    }

    /** With SnakeYAML itself, which resolves the file's anchors and aliases as Compose does (Jackson's tree does not). */
    private static JsonNode readServices() {
        Object compose =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(read(ROOT.resolve("docker-compose.yml")));
        return new ObjectMapper().valueToTree(compose).path("services");
    }

    static List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Path buildContext(String service) {
        JsonNode build = SERVICES.path(service).path("build");
        return ROOT.resolve(
                        build.isTextual()
                                ? build.asText()
                                : build.path("context").asText("."))
                .normalize();
    }

    static Path dockerfile(String service) {
        String dockerfile =
                SERVICES.path(service).path("build").path("dockerfile").asText("Dockerfile");
        return buildContext(service).resolve(dockerfile);
    }

    static List<List<String>> instructions(String service, String keyword) {
        String text = read(dockerfile(service)).replaceAll("\\\\\\r?\\n", " ");
        List<List<String>> found = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 1 && words[0].equalsIgnoreCase(keyword)) {
                found.add(List.of(words).subList(1, words.length));
            }
        }
        return found;
    }

    static Map<String, String> environment(String service) {
        Map<String, String> values = new LinkedHashMap<>();
        rawEnvironment(service).forEach((name, value) -> values.put(name, withDefaults(value)));
        return values;
    }

    static Map<String, String> rawEnvironment(String service) {
        JsonNode environment = SERVICES.path(service).path("environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (environment.isArray()) {
            environment.forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                values.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        } else {
            environment
                    .properties()
                    .forEach(
                            entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }

    static int publishedPort(String service, int containerPort) {
        for (JsonNode port : SERVICES.path(service).path("ports")) {
            if (port.isTextual()) {
                String[] parts = withDefaults(port.asText()).split(":");
                if (parts.length >= 2 && parts[parts.length - 1].equals(String.valueOf(containerPort))) {
                    return Integer.parseInt(parts[parts.length - 2]);
                }
            } else if (port.path("target").asInt() == containerPort) {
                return Integer.parseInt(withDefaults(port.path("published").asText()));
            }
        }
        throw new AssertionError(service + " does not publish its port " + containerPort);
    }

    static String healthCheck(String service) {
        JsonNode test = SERVICES.path(service).path("healthcheck").path("test");
        List<String> parts = new ArrayList<>();
        if (test.isArray()) {
            test.forEach(part -> parts.add(withDefaults(part.asText())));
        } else {
            parts.add(withDefaults(test.asText()));
        }
        return String.join(" ", parts);
    }

    static List<String> dependencies(String service) {
        JsonNode dependsOn = SERVICES.path(service).path("depends_on");
        List<String> names = new ArrayList<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(name -> names.add(name.asText())); // short form: no condition, which the check rejects
        } else {
            dependsOn.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    static String withDefaults(String value) {
        Matcher matcher = COMPOSE_VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(1) == null
                    ? "$"
                    : matcher.group(2) != null && matcher.group(2).endsWith("?")
                            ? "<" + matcher.group(1) + ">"
                            : matcher.group(3) == null ? "" : matcher.group(3);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(resolved).toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
