package org.gotham.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gotham.systemtest.support.ContainerKeycloak.Plan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Keycloak container is made of, checked without Docker: this machine has no engine, and testcontainers'
 * {@link KeycloakContainer} cannot even be built without one (it resolves its image at once). So these tests read
 * the {@link Plan} that {@link ContainerKeycloak#container} turns into a container; only the last one builds the
 * container (never starts it), and only where a run chose the container runtime.
 */
class ContainerKeycloakTest {

    private static final Pattern REQUIRED_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

    @TempDir
    Path workDir;

    @Test
    void theImageIsTheKeycloakOfTheDistributionZip() {
        assertThat(ContainerKeycloak.image())
                .isEqualTo("quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"));
    }

    @Test
    void theProviderJarAndTheRealmFileAreCopiedInAndTheWorkDirIsSharedAtItsOwnPath() throws IOException {
        Plan plan = sqlitePlan();

        assertThat(plan.image()).isEqualTo(ContainerKeycloak.image());
        assertThat(plan.files())
                .containsOnly(
                        Map.entry(
                                "/opt/keycloak/providers/keycloak-user-provider.jar", workDir.resolve("provider.jar")),
                        Map.entry("/opt/keycloak/data/import/gotham-realm.json", realmFile()));
        assertThat(plan.sharedDir()).isEqualTo(workDir);
        assertThat(plan.user()).isEqualTo("1000:0");
    }

    @Test
    void theEnvironmentFillsTheRealmFilesPlaceholdersAndKeepsKeycloaksDatabaseInMemory() throws IOException {
        Plan plan = sqlitePlan();

        assertThat(plan.environment())
                .containsEntry("KC_DB", "dev-mem")
                .containsEntry("CRIME_IMPORTER_SECRET", KeycloakServer.IMPORTER_SECRET)
                .containsEntry("CRIME_WEB_URL", "http://localhost:8123")
                .containsEntry("LEGACY_DB_URL", "jdbc:sqlite:" + workDir.resolve("gotham_legacy.db"))
                .containsKeys(requiredPlaceholders().toArray(String[]::new));
        assertThat(plan.hostPorts()).as("a SQLite file needs no port forwarded").isEmpty();
    }

    @Test
    void aPostgresqlDatabaseOnThisMachineIsReachedThroughTheForwardedHostPort() throws IOException {
        Plan plan = Plan.of(
                ContainerKeycloak.image(),
                workDir.resolve("provider.jar"),
                realmFile(),
                workDir,
                "1000:0",
                Map.of("LEGACY_DB_URL", "jdbc:postgresql://127.0.0.1:5432/gotham_legacy?connectTimeout=2"));

        assertThat(plan.environment())
                .containsEntry(
                        "LEGACY_DB_URL",
                        "jdbc:postgresql://host.testcontainers.internal:5432/gotham_legacy?connectTimeout=2");
        assertThat(plan.hostPorts()).containsExactly(5432);
    }

    @Test
    void jdbcUrlsOnThisMachinesLoopbackNameTheHostAndThoseElsewhereStayAsTheyAre() {
        assertThat(ContainerKeycloak.jdbcUrlInContainer("jdbc:mariadb://localhost/st_legacy_mariadb", workDir))
                .isEqualTo("jdbc:mariadb://host.testcontainers.internal:3306/st_legacy_mariadb");
        assertThat(ContainerKeycloak.loopbackPort("jdbc:mariadb://localhost/st_legacy_mariadb"))
                .hasValue(3306);
        assertThat(ContainerKeycloak.jdbcUrlInContainer("jdbc:postgresql://db.example:5432/legacy", workDir))
                .isEqualTo("jdbc:postgresql://db.example:5432/legacy");
        assertThat(ContainerKeycloak.loopbackPort("jdbc:postgresql://db.example:5432/legacy"))
                .isEmpty();
    }

    @Test
    void aSqliteFileOutsideTheSharedDirectoryIsRefusedWithTheDirectoryNamed() {
        assertThatThrownBy(() -> ContainerKeycloak.jdbcUrlInContainer("jdbc:sqlite:/var/tmp/elsewhere.db", workDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sees only " + workDir)
                .hasMessageContaining("/var/tmp/elsewhere.db");
    }

    @Test
    @SuppressWarnings("deprecation") // getCopyToFileContainerPathMap: the only public view of the files to copy
    void theContainerIsBuiltFromThePlanWithoutBeingStarted() throws IOException {
        Assumptions.assumeTrue(
                KeycloakRuntime.selected() == KeycloakRuntime.CONTAINER,
                "skipped: building a KeycloakContainer needs Docker (it resolves its image); runs with "
                        + "-Dkeycloak.runtime=container or auto where Docker runs");
        Files.writeString(workDir.resolve("provider.jar"), "not a jar: the container is never started");
        Plan plan = sqlitePlan();

        KeycloakContainer container = ContainerKeycloak.container(plan, workDir.resolve("keycloak.log"));

        assertThat(container.getDockerImageName()).isEqualTo(plan.image());
        assertThat(container.getAdminUsername()).isEqualTo(KeycloakServer.ADMIN_USER);
        assertThat(container.getEnvMap()).containsAllEntriesOf(plan.environment());
        assertThat(container.getCopyToFileContainerPathMap().values())
                .containsAll(plan.files().keySet());
        assertThat(container.getBinds()).anySatisfy(bind -> {
            assertThat(bind.getPath()).isEqualTo(workDir.toString());
            assertThat(bind.getVolume().getPath()).isEqualTo(workDir.toString());
        });
        assertThat(container.isHostAccessible()).isTrue();
    }

    private Plan sqlitePlan() throws IOException {
        return Plan.of(
                ContainerKeycloak.image(),
                workDir.resolve("provider.jar"),
                realmFile(),
                workDir,
                "1000:0",
                Map.of(
                        "LEGACY_DB_URL",
                        "jdbc:sqlite:" + workDir.resolve("gotham_legacy.db"),
                        "CRIME_WEB_URL",
                        "http://localhost:8123"));
    }

    private static Path realmFile() {
        return Path.of(System.getProperty("project.root"), "realm-export", "gotham-realm.json")
                .toAbsolutePath()
                .normalize();
    }

    /** The variables the realm file reads with no default: Keycloak's import fails without them. */
    private static Set<String> requiredPlaceholders() throws IOException {
        Matcher m = REQUIRED_PLACEHOLDER.matcher(Files.readString(realmFile(), StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
