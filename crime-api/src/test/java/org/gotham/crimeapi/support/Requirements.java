package org.gotham.crimeapi.support;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a database server, the old app's Python stack): skipped with a
 * message on a laptop that lacks it, a failure under {@code CI=true}, where everything must run.
 */
public final class Requirements {

    private Requirements() {}

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if (isCi()) {
            fail(what + " (CI=true: this is required, not skipped)");
        }
        Assumptions.abort(what + ": skipped here, required under CI=true");
    }
}
