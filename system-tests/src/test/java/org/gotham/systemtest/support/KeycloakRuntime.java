package org.gotham.systemtest.support;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Where the run's Keycloak runs, chosen with {@code -Dkeycloak.runtime}:
 * <ul>
 *   <li>{@code process} (the default): the {@code keycloak-quarkus-dist} zip from Maven Central, as a process
 *       ({@link ProcessKeycloak}). CI runs this way; it needs no Docker engine.
 *   <li>{@code container}: the {@code keycloak.image} image through testcontainers-keycloak
 *       ({@link ContainerKeycloak}); an error at once where Testcontainers finds no Docker engine.
 *   <li>{@code auto}: a container where Testcontainers finds a Docker engine, a process elsewhere.
 * </ul>
 * The default is {@code process}, not {@code auto}: a machine that gains a Docker engine must not quietly start
 * testing a different setup (CI's figures and known limits are the process's).
 */
public enum KeycloakRuntime {
    PROCESS,
    CONTAINER;

    public static final String PROPERTY = "keycloak.runtime";

    private static KeycloakRuntime selected;

    /** The runtime this run asked for, decided on first use (asking Docker takes a moment). */
    public static synchronized KeycloakRuntime selected() {
        if (selected == null) {
            selected = select(
                    System.getProperty(PROPERTY),
                    () -> DockerClientFactory.instance().isDockerAvailable());
            System.out.println(
                    "system tests: Keycloak runs as a " + selected.name().toLowerCase(Locale.ROOT) + " (-D" + PROPERTY
                            + "=" + System.getProperty(PROPERTY, "") + ")");
        }
        return selected;
    }

    /**
     * The runtime for {@code value} of {@value #PROPERTY} (null or blank: {@code process}); {@code dockerAvailable}
     * is asked only for {@code container} and {@code auto}.
     */
    static KeycloakRuntime select(String value, BooleanSupplier dockerAvailable) {
        String choice =
                value == null || value.isBlank() ? "process" : value.strip().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "process" -> PROCESS;
            case "auto" -> dockerAvailable.getAsBoolean() ? CONTAINER : PROCESS;
            case "container" -> {
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=container needs a Docker engine, and "
                            + "Testcontainers found none; run with -D" + PROPERTY + "=process (the default) or auto");
                }
                yield CONTAINER;
            }
            default ->
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + value + " is none of process, container, auto");
        };
    }

    /**
     * Starts Keycloak with the provider and the gotham realm.
     *
     * @param realmEnvironment the variables the realm file's placeholders read, as this JVM sees them
     */
    KeycloakServer start(Map<String, String> realmEnvironment) {
        return switch (this) {
            case PROCESS -> ProcessKeycloak.start(realmEnvironment);
            case CONTAINER -> ContainerKeycloak.start(realmEnvironment);
        };
    }

    /**
     * Skips the calling test unless Keycloak runs as a process, saying why: for tests that stop Keycloak, measure
     * its JVM, read its log the moment a request returns, or take a legacy database away under it. The skip is
     * the runtime the run chose, not something missing, so it is a skip under {@code CI=true} too.
     */
    public static void assumeProcess(String why) {
        Assumptions.assumeTrue(
                selected() == PROCESS,
                () -> "skipped: this test " + why + ", so it runs only with -D" + PROPERTY + "=process (the default)");
    }
}
