package org.gotham.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for something a test needs from the machine (a database server, Chromium, Docker, the old app's
 * Python stack): where it is absent the test is skipped with a message saying what is missing, except under
 * {@code CI=true}, where everything must run and the same absence is a failure.
 */
public final class Requirements {

    private Requirements() {}

    /** CI sets {@code CI=true}. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the calling test when {@code available} is false, or fails it under CI. */
    public static void require(boolean available, String what) {
        check(isCi(), available, what, null);
    }

    /**
     * Skips the calling test, or fails it under CI, when {@code unavailableReason} is not null: for checks that
     * know why something is missing (a connection's error message, say).
     */
    public static void require(String what, String unavailableReason) {
        check(isCi(), unavailableReason == null, what, unavailableReason);
    }

    static void check(boolean ci, boolean available, String what, String reason) {
        if (available) {
            return;
        }
        String missing = what + " is not available" + (reason == null ? "" : " (" + reason + ")");
        if (ci) {
            Assertions.fail(missing + ": required under CI=true");
        }
        Assumptions.abort(missing + ": skipped on this machine (required under CI=true)");
    }
}
