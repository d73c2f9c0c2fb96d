package org.gotham.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions the root pom sets, as the build filled them into {@code versions.properties}: the tests and benchmarks
 * run exactly what the build compiled against, and no second copy of a version number exists to drift.
 */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {}

    /** {@code <keycloak.version>} of the root pom: the distribution zip the launcher runs. */
    public static String keycloak() {
        return get("keycloak.version");
    }

    private static String get(String name) {
        String value = VERSIONS.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(
                    name + " was not filled in by the build: rebuild test-support with Maven (" + value + ")");
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from test-support's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
