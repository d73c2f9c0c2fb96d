package org.gotham.keycloak.legacy.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs (a database server, passlib) is absent: skip with a message on a
 * developer's machine, fail under {@code CI=true}.
 */
public final class RequiredEnvironment {

    private RequiredEnvironment() {}

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or, under CI, fails) the current test when {@code reason} is not null. */
    public static void require(String what, String reason) {
        if (reason == null) {
            return;
        }
        String message = what + " is not available (" + reason + ")";
        if (isCi()) {
            fail(message + ": required when CI=true");
        }
        Assumptions.abort(message + ": skipping");
    }
}
