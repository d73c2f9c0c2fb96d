package org.gotham.systemtest.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/** Facts about the machine the system tests run on, and the rule for what may be skipped. */
public final class Environment {

    private Environment() {}

    /** CI sets {@code CI=true}; there nothing a test needs may be missing. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the calling test when {@code available} is false on a developer machine, and fails it
     * under CI, where the same absence means the CI setup is broken.
     */
    public static void require(boolean available, String what) {
        if (!available && isCi()) {
            throw new AssertionError(what + " is required under CI=true but is not available");
        }
        Assumptions.assumeTrue(available, () -> "skipped: " + what + " is not available on this machine");
    }

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
