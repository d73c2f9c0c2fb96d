package org.gotham.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gotham.systemtest.compose.ComposeFile.ROOT;
import static org.gotham.systemtest.compose.ComposeFile.buildContext;
import static org.gotham.systemtest.compose.ComposeFile.dependencies;
import static org.gotham.systemtest.compose.ComposeFile.dockerfile;
import static org.gotham.systemtest.compose.ComposeFile.environment;
import static org.gotham.systemtest.compose.ComposeFile.healthCheck;
import static org.gotham.systemtest.compose.ComposeFile.instructions;
import static org.gotham.systemtest.compose.ComposeFile.publishedPort;
import static org.gotham.systemtest.compose.ComposeFile.rawEnvironment;
import static org.gotham.systemtest.compose.ComposeFile.read;
import static org.gotham.systemtest.compose.ComposeFile.serviceNames;
import static org.gotham.systemtest.compose.ComposeFile.withDefaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml}, checked without Docker (this machine has no engine): every file, build
 * context and Dockerfile it names exists; ports and URLs agree with each other, with the realm file
 * and with crime-api's settings; Keycloak gets every variable the realm file reads; both services read
 * the compose PostgreSQL, which starts with the legacy schema exactly; and start order waits for health.
 * Compose variables are read with their defaults ({@code ${VAR:-default}}), as a plain
 * {@code docker compose up} sees them.
 */
class DockerComposeFileTest {

    private static final String POSTGRES = "postgres";
    private static final String KEYCLOAK = "keycloak";
    /** Keycloak's one address: browsers and crime-api reach every node through it. */
    private static final String KEYCLOAK_PROXY = "keycloak-proxy";

    private static final String CRIME_API = "crime-api";
    private static final String CRIME_API_SETTINGS = "crime-api/src/main/resources/application.yml";
    private static final String CRIME_API_DEMO_MIGRATION = "crime-api/src/main/resources/db/demo/R__demo_data.sql";
    private static final String COMMITTED_LEGACY_SCHEMA =
            "legacy-schema/src/main/resources/org/gotham/legacy/schema/postgresql.sql";
    /** Placeholders the realm import resolves from the environment; {@code ${username}} etc. are message keys. */
    private static final Pattern REALM_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    private static final Pattern BCRYPT_ROW =
            Pattern.compile("'([^']+)',\\s*'(\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53})'");

    /** Variables compose must be given (no default): every password and client secret. */
    private static final List<String> SECRETS = List.of(
            "KC_BOOTSTRAP_ADMIN_PASSWORD",
            "LEGACY_DB_PASSWORD",
            "LEGACY_KEYCLOAK_DB_PASSWORD",
            "KEYCLOAK_DB_PASSWORD",
            "CRIME_IMPORTER_SECRET",
            "CRIME_API_CLIENT_SECRET");

    private static final JsonNode services = ComposeFile.services();
    private static String realmFile;
    private static String realmName;

    @BeforeAll
    static void readFiles() throws IOException {
        realmFile = read(ROOT.resolve("realm-export/gotham-realm.json"));
        realmName = new ObjectMapper().readTree(realmFile).path("realm").asText();
        assertThat(services.fieldNames()).toIterable().contains(POSTGRES, KEYCLOAK, CRIME_API);
    }

    @Test
    void composeRefusesToStartWithoutItsSecretsAndNeedsNothingElse() {
        Matcher matcher = ComposeFile.COMPOSE_VARIABLE.matcher(read(ROOT.resolve("docker-compose.yml")));
        Set<String> required = new LinkedHashSet<>();
        List<String> withoutDefault = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1) == null) {
                continue;
            }
            if (SECRETS.contains(matcher.group(1))) {
                assertThat(matcher.group(2))
                        .as("%s: ${VAR:?message}, never a default", matcher.group())
                        .isEqualTo(":?");
                assertThat(matcher.group(3))
                        .as("%s says what to do", matcher.group())
                        .isNotBlank();
                required.add(matcher.group(1));
            } else if (matcher.group(2) == null || matcher.group(2).endsWith("?")) {
                withoutDefault.add(matcher.group());
            }
        }
        assertThat(required).as("every secret is required").containsExactlyInAnyOrderElementsOf(SECRETS);
        assertThat(withoutDefault)
                .as("variables other than secrets without a default")
                .isEmpty();
    }

    @Test
    void exampleEnvironmentFileNamesEverySecretAndHoldsNoValue() {
        Map<String, String> example = new LinkedHashMap<>();
        for (String line : read(ROOT.resolve(".env.example")).split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                String[] pair = line.split("=", 2);
                example.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
            }
        }
        assertThat(example).containsKeys(SECRETS.toArray(String[]::new));
        for (String secret : SECRETS) {
            assertThat(example.get(secret))
                    .as("%s is for the operator to fill in", secret)
                    .isEmpty();
        }
        assertThat(read(ROOT.resolve(".gitignore")).lines())
                .as("a filled-in .env is never committed")
                .contains(".env");
    }

    @Test
    void everyBuildContextAndDockerfileExists() {
        for (String service : builtServices()) {
            Path context = buildContext(service);
            assertThat(context).as("build context of %s", service).isDirectory();
            assertThat(dockerfile(service)).as("Dockerfile of %s", service).isRegularFile();
        }
    }

    @Test
    void everyModuleOfTheRootPomReachesTheDockerBuilds() throws IOException {
        // Maven reads every module's pom even for -pl keycloak-user-provider -am: one ignored module breaks the build
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        List<String> modules = new java.util.ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).contains("test-support", "bench");
        for (String service : builtServices()) {
            Path ignore = dockerfile(service).resolveSibling(dockerfile(service).getFileName() + ".dockerignore");
            List<String> ignored = read(ignore)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
            assertThat(ignored).as("%s", ROOT.relativize(ignore)).doesNotContainAnyElementsOf(modules);
        }
    }

    @Test
    void everyFileTheDockerfilesCopyFromTheBuildContextExists() {
        for (String service : builtServices()) {
            for (List<String> copy : instructions(service, "COPY")) {
                if (copy.stream().anyMatch(argument -> argument.startsWith("--from="))) {
                    continue;
                }
                List<String> sources = copy.stream()
                        .filter(argument -> !argument.startsWith("--"))
                        .toList();
                for (String source : sources.subList(0, sources.size() - 1)) {
                    assertThat(buildContext(service).resolve(source))
                            .as("%s: COPY %s", service, source)
                            .exists();
                }
            }
        }
    }

    @Test
    void jarsTheDockerfilesTakeFromTheirBuildStageAreTheOnesTheModulesBuild() throws IOException {
        Pattern moduleJar = Pattern.compile("/([a-z-]+)/target/([a-z-]+)\\.jar$");
        int jars = 0;
        Set<Path> dockerfiles = new LinkedHashSet<>();
        for (String service : builtServices()) {
            if (!dockerfiles.add(dockerfile(service))) {
                continue; // another Keycloak node, from the same Dockerfile
            }
            for (List<String> copy : instructions(service, "COPY")) {
                for (String argument : copy) {
                    Matcher matcher = moduleJar.matcher(argument);
                    if (matcher.find()) {
                        String pom = read(ROOT.resolve(matcher.group(1)).resolve("pom.xml"));
                        assertThat(pom)
                                .as("%s/pom.xml", matcher.group(1))
                                .contains("<finalName>" + matcher.group(2) + "</finalName>");
                        jars++;
                    }
                }
            }
        }
        assertThat(jars)
                .as("jars copied from a build stage (provider, crime-api)")
                .isEqualTo(2);
    }

    @Test
    void everyBindMountedHostPathExists() {
        int mounts = 0;
        for (String service : serviceNames()) {
            for (JsonNode volume : services.path(service).path("volumes")) {
                String source = volume.isTextual()
                        ? volume.asText().split(":")[0]
                        : volume.path("source").asText();
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ROOT.resolve(source).normalize())
                            .as("%s mounts %s", service, source)
                            .exists();
                    mounts++;
                }
            }
        }
        assertThat(mounts).as("bind mounts (the PostgreSQL init scripts)").isPositive();
    }

    @Test
    void keycloakGetsEveryVariableTheRealmFileReads() {
        Matcher matcher = REALM_VARIABLE.matcher(realmFile);
        Set<String> variables = new LinkedHashSet<>();
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        assertThat(variables).contains("LEGACY_DB_URL", "CRIME_WEB_URL");
        Map<String, String> environment = environment(KEYCLOAK);
        for (String variable : variables) {
            assertThat(environment.get(variable)).as("keycloak's %s", variable).isNotBlank();
        }
    }

    @Test
    void keycloakImageIsTheProjectsKeycloakVersion() throws IOException {
        Matcher version = Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        List<String> keycloakImages = instructions(KEYCLOAK, "FROM").stream()
                .map(from -> from.get(0))
                .filter(image -> image.startsWith("quay.io/keycloak/keycloak"))
                .toList();
        assertThat(keycloakImages)
                .isNotEmpty()
                .allMatch(image -> image.equals("quay.io/keycloak/keycloak:" + version.group(1)));
    }

    @Test
    void keycloakHasTheHttpLimitsRunShSetsAndTheDocsGive() throws IOException {
        Matcher limits = Pattern.compile("KEYCLOAK_HTTP_LIMITS=\\(--http-pool-max-threads=(\\d+) "
                        + "--http-max-queued-requests=(\\d+)\\)")
                .matcher(read(ROOT.resolve("run.sh")));
        assertThat(limits.find()).as("run.sh sets Keycloak's HTTP limits").isTrue();
        Map<String, String> keycloak = environment(KEYCLOAK);
        assertThat(keycloak)
                .containsEntry("KC_HTTP_POOL_MAX_THREADS", limits.group(1))
                .containsEntry("KC_HTTP_MAX_QUEUED_REQUESTS", limits.group(2));
    }

    @Test
    void crimeApiKnowsThePageAddressKeycloakRegistered() {
        assertThat(environment(CRIME_API).get("CRIME_WEB_URL"))
                .isNotBlank()
                .isEqualTo(environment(KEYCLOAK).get("CRIME_WEB_URL"));
    }

    @Test
    void browsersReachKeycloakAndCrimeApiOnThePublishedLocalhostPorts() {
        Map<String, String> keycloak = environment(KEYCLOAK);
        Map<String, String> crimeApi = environment(CRIME_API);
        int keycloakPort = Integer.parseInt(keycloak.getOrDefault("KC_HTTP_PORT", "8080"));
        int crimeApiPort = Integer.parseInt(crimeApi.getOrDefault("SERVER_PORT", "8081"));
        String keycloakUrl = "http://localhost:" + publishedPort(KEYCLOAK_PROXY, keycloakPort);
        String crimeApiUrl = "http://localhost:" + publishedPort(CRIME_API, crimeApiPort);

        assertThat(keycloak)
                .containsEntry("KC_HOSTNAME", keycloakUrl)
                .containsEntry("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true")
                .containsEntry("CRIME_WEB_URL", crimeApiUrl);
        assertThat(crimeApi)
                .containsEntry("KEYCLOAK_PUBLIC_URL", keycloakUrl)
                .containsEntry("KEYCLOAK_ISSUER_URI", keycloakUrl + "/realms/" + realmName);
    }

    @Test
    void publishedPortsListenOnLoopbackUnlessTheOperatorSaysOtherwise() {
        for (String service : List.of(KEYCLOAK_PROXY, CRIME_API)) {
            assertThat(services.path(service).path("ports"))
                    .as("%s's ports", service)
                    .isNotEmpty()
                    .allSatisfy(port -> assertThat(withDefaults(port.asText()))
                            .as("the development secrets are reachable from this machine only")
                            .startsWith("127.0.0.1:"));
        }
    }

    @Test
    void monitoringProfileScrapesKeycloakAndCrimeApiAndShowsTheDashboardOnLoopback() throws IOException {
        for (String service : List.of("prometheus", "grafana")) {
            assertThat(services.path(service).path("profiles").toString())
                    .as("%s runs only with --profile monitoring", service)
                    .isEqualTo("[\"monitoring\"]");
        }
        JsonNode scrapes = new YAMLMapper()
                .readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile())
                .path("scrape_configs");
        Map<String, String> scraped = new LinkedHashMap<>();
        scrapes.forEach(job -> {
            String path = job.path("metrics_path").asText();
            job.path("static_configs")
                    .forEach(config -> config.path("targets").forEach(target -> scraped.put(target.asText(), path)));
            job.path("dns_sd_configs")
                    .forEach(config -> config.path("names")
                            .forEach(name -> scraped.put(
                                    name.asText() + ":" + config.path("port").asInt(), path)));
        });
        int crimeApiPort = Integer.parseInt(environment(CRIME_API).getOrDefault("SERVER_PORT", "8081"));
        for (String node : ComposeFile.keycloakNodes()) {
            assertThat(scraped).as("every Keycloak node").containsEntry(node + ":9000", "/metrics");
        }
        assertThat(scraped).containsEntry("crime-api:" + crimeApiPort, "/actuator/prometheus");
        assertThat(instructions(KEYCLOAK, "ENV"))
                .anyMatch(env -> env.contains("KC_METRICS_ENABLED=true"))
                .anyMatch(env -> env.contains("KC_EVENT_METRICS_USER_ENABLED=true"));
        assertThat(services.path("grafana").path("ports"))
                .isNotEmpty()
                .allSatisfy(port -> assertThat(withDefaults(port.asText())).startsWith("127.0.0.1:"));
        assertThat(environment("grafana"))
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")
                .containsEntry("GF_AUTH_DISABLE_LOGIN_FORM", "true");
        assertThat(ROOT.resolve("docker/grafana/dashboards/gotham-migration.json"))
                .isRegularFile();
    }

    @Test
    void crimeApiFetchesKeycloaksKeysInsideTheNetwork() {
        int keycloakPort = Integer.parseInt(environment(KEYCLOAK).getOrDefault("KC_HTTP_PORT", "8080"));
        URI jwks = URI.create(environment(CRIME_API).get("KEYCLOAK_JWK_SET_URI"));

        assertThat(jwks.getHost()).isEqualTo(KEYCLOAK_PROXY);
        assertThat(jwks.getPort()).isEqualTo(keycloakPort);
        assertThat(jwks.getPath()).isEqualTo("/realms/" + realmName + "/protocol/openid-connect/certs");
    }

    @Test
    void crimeApiCallsKeycloakInsideTheNetworkForTheLegacyUserRoutes() {
        int keycloakPort = Integer.parseInt(environment(KEYCLOAK).getOrDefault("KC_HTTP_PORT", "8080"));
        URI internal = URI.create(environment(CRIME_API).get("KEYCLOAK_INTERNAL_URL"));

        assertThat(internal.getHost()).isEqualTo(KEYCLOAK_PROXY);
        assertThat(internal.getPort()).isEqualTo(keycloakPort);
        assertThat(internal.getPath()).isIn("", "/");
    }

    @Test
    void crimeApiHasTheSecretKeycloakGivesItsClientAndNoDevelopmentDefault() {
        String variable = "CRIME_API_CLIENT_SECRET";
        String keycloakValue = rawEnvironment(KEYCLOAK).get(variable);

        assertThat(keycloakValue).as("keycloak's %s", variable).isNotBlank();
        assertThat(rawEnvironment(CRIME_API)).as("one setting changes both").containsEntry(variable, keycloakValue);
        // crime-api has no default of its own and, outside run.sh's demo, refuses the realm file's
        assertThat(read(ROOT.resolve(CRIME_API_SETTINGS))).contains("${" + variable + ":}");
        assertThat(environment(CRIME_API)).doesNotContainKey("GOTHAM_DEMO");
    }

    @Test
    void crimeApiPortAgreesWithItsOwnSettingsAndItsImage() throws IOException {
        JsonNode settings =
                new YAMLMapper().readTree(ROOT.resolve(CRIME_API_SETTINGS).toFile());
        String port = settings.path("server").path("port").asText();
        Matcher placeholder = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}").matcher(port);
        String defaultPort = placeholder.matches() ? placeholder.group(1) : port;
        String composePort = environment(CRIME_API).getOrDefault("SERVER_PORT", defaultPort);

        assertThat(defaultPort).as("crime-api's server.port default").isEqualTo("8081");
        assertThat(composePort).isEqualTo(defaultPort);
        assertThat(instructions(CRIME_API, "EXPOSE")).anyMatch(expose -> expose.contains(composePort));
        assertThat(healthCheck(CRIME_API)).contains("/dev/tcp/127.0.0.1/" + composePort + " ");
    }

    @Test
    void crimeApiReadsEveryVariableComposeGivesIt() throws IOException {
        String settings = read(ROOT.resolve(CRIME_API_SETTINGS));
        for (String variable : environment(CRIME_API).keySet()) {
            // SPRING_* and SERVER_PORT bind to Spring's own properties through relaxed binding.
            if (!variable.startsWith("SPRING_") && !variable.equals("SERVER_PORT")) {
                assertThat(settings).as("application.yml reads %s", variable).contains("${" + variable);
            }
        }
    }

    @Test
    void keycloakAndCrimeApiReadTheLegacyDatabaseInTheComposePostgres() throws IOException {
        Map<String, String> postgres = environment(POSTGRES);
        String legacyUrl = "jdbc:postgresql://" + POSTGRES + ":5432/" + postgres.get("POSTGRES_DB");
        for (String service : List.of(KEYCLOAK, CRIME_API)) {
            assertThat(environment(service)).as(service).containsEntry("LEGACY_DB_URL", legacyUrl);
        }
        assertThat(environment(CRIME_API))
                .as("crime-api, the owner (its Flyway migrations)")
                .containsEntry("LEGACY_DB_USERNAME", postgres.get("POSTGRES_USER"))
                .containsEntry("LEGACY_DB_PASSWORD", postgres.get("POSTGRES_PASSWORD"));
        assertThat(environment(KEYCLOAK))
                .as("Keycloak, the role the init script makes")
                .containsEntry("LEGACY_DB_USERNAME", LegacyKeycloakRoleSystemTest.ROLE)
                .containsEntry("LEGACY_DB_PASSWORD", postgres.get("LEGACY_KEYCLOAK_DB_PASSWORD"));
        assertThat(read(ROOT.resolve(LegacyKeycloakRoleSystemTest.SCRIPT)))
                .contains("CREATE ROLE " + LegacyKeycloakRoleSystemTest.ROLE + " LOGIN");
        assertThat(environment(KEYCLOAK).get("KC_DB_URL")).startsWith("jdbc:postgresql://" + POSTGRES + ":5432/");
        assertThat(environment(KEYCLOAK).get("KC_DB_URL")).isNotEqualTo(legacyUrl);
        assertThat(instructions(KEYCLOAK, "ENV")).anyMatch(env -> env.contains("KC_DB=postgres"));
    }

    @Test
    void postgresStartsWithTheLegacySchemaExactly() throws IOException {
        Path initScripts = initScriptDirectory();
        byte[] committed = Files.readAllBytes(ROOT.resolve(COMMITTED_LEGACY_SCHEMA));
        List<Path> exactCopies = files(initScripts).stream()
                .filter(file -> sameBytes(file, committed))
                .toList();
        assertThat(exactCopies)
                .as("an init script that is legacy-schema's postgresql.sql byte for byte")
                .hasSize(1);

        Path shared = ROOT.resolveSibling("shared/legacy/schema-postgresql.sql");
        if (Files.isRegularFile(shared)) { // where ../shared is present (CI), against the original too
            assertThat(exactCopies.get(0)).hasBinaryContent(Files.readAllBytes(shared));
        }
    }

    @Test
    void postgresDemoUsersAreTheOnesRunShsDemoDatabaseHas() throws IOException {
        Map<String, String> compose = bcryptRows(files(initScriptDirectory()).stream()
                .filter(file -> file.toString().endsWith(".sql"))
                .map(ComposeFile::read)
                .reduce("", String::concat));
        Map<String, String> demoMigration = bcryptRows(read(ROOT.resolve(CRIME_API_DEMO_MIGRATION)));

        assertThat(compose).containsKeys("batman", "robin", "Barbara.Gordon").isEqualTo(demoMigration);
    }

    @Test
    void everyServiceHasAHealthCheck() {
        for (String service : serviceNames()) {
            assertThat(services.path(service).path("healthcheck").path("test").isMissingNode())
                    .as("%s has a healthcheck", service)
                    .isFalse();
        }
        assertThat(healthCheck(KEYCLOAK)).contains("/dev/tcp/127.0.0.1/9000 ").contains("/health/ready");
        assertThat(instructions(KEYCLOAK, "ENV")).anyMatch(env -> env.contains("KC_HEALTH_ENABLED=true"));
        assertThat(healthCheck(CRIME_API)).contains("/actuator/health/readiness");
        assertThat(healthCheck(POSTGRES)).contains("pg_isready");
    }

    @Test
    void everyServiceWaitsUntilWhatItDependsOnIsHealthy() {
        assertThat(dependencies(KEYCLOAK)).contains(POSTGRES);
        assertThat(dependencies(CRIME_API)).contains(POSTGRES, KEYCLOAK_PROXY);
        assertThat(dependencies(KEYCLOAK_PROXY)).contains(KEYCLOAK);
        for (String service : serviceNames()) {
            for (String dependency : dependencies(service)) {
                assertThat(services.has(dependency))
                        .as("%s depends on the service %s", service, dependency)
                        .isTrue();
                assertThat(services.path(service)
                                .path("depends_on")
                                .path(dependency)
                                .path("condition")
                                .asText())
                        .as("%s waits for %s", service, dependency)
                        .isEqualTo("service_healthy");
            }
        }
    }

    // --- reading the files ---------------------------------------------------------------------------

    private static List<String> builtServices() {
        List<String> built = serviceNames().stream()
                .filter(service -> services.path(service).has("build"))
                .toList();
        assertThat(built).contains(KEYCLOAK, CRIME_API);
        return built;
    }

    /** The arguments of each Dockerfile instruction with this keyword (line continuations joined). */
    /** A service's environment as written, {@code ${VAR:-default}} not yet resolved. */
    private static Path initScriptDirectory() {
        for (JsonNode volume : services.path(POSTGRES).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/docker-entrypoint-initdb.d")) {
                return ROOT.resolve(parts[0]).normalize();
            }
        }
        throw new AssertionError("postgres mounts no /docker-entrypoint-initdb.d");
    }

    /**
     * A compose value as {@code docker compose} reads it with no variable set: defaults, {@code $$} as {@code $};
     * a required variable ({@code ${VAR:?message}}) as {@code <VAR>}, the value the operator gives.
     */
    private static Map<String, String> bcryptRows(String sql) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher matcher = BCRYPT_ROW.matcher(sql);
        while (matcher.find()) {
            rows.put(matcher.group(1), matcher.group(2));
        }
        return rows;
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static boolean sameBytes(Path file, byte[] expected) {
        try {
            return Arrays.equals(Files.readAllBytes(file), expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
