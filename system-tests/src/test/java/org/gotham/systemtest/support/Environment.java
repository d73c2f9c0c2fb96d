package org.gotham.systemtest.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Facts about the machine the system tests run on. What a test may skip is test-support's
 * {@link org.gotham.testsupport.Requirements} rule.
 */
public final class Environment {

    private Environment() {}

    public static Path pathProperty(String name) {
        return Path.of(Objects.requireNonNull(System.getProperty(name), "system property " + name + " is not set"))
                .toAbsolutePath()
                .normalize();
    }

    /** The old app's data layer ({@code ../shared/legacy/legacy_app.py}) with Debian's Python, if present. */
    public static boolean legacyToolAvailable() {
        String dir = System.getProperty("legacy.tool.dir");
        return dir != null
                && Files.isRegularFile(Path.of(dir, "legacy_app.py"))
                && Files.isExecutable(Path.of("/usr/bin/python3"));
    }
}
