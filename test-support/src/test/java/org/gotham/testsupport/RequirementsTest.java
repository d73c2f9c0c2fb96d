package org.gotham.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule, with CI given rather than read from the environment. */
class RequirementsTest {

    @Test
    void somethingAvailableNeitherSkipsNorFails() {
        assertThatCode(() -> Requirements.check(true, true, "PostgreSQL", null)).doesNotThrowAnyException();
        assertThatCode(() -> Requirements.check(false, true, "PostgreSQL", null))
                .doesNotThrowAnyException();
    }

    @Test
    void somethingMissingOnALaptopSkipsTheTestSayingWhatAndWhy() {
        assertThatThrownBy(() -> Requirements.check(false, false, "PostgreSQL on 127.0.0.1:5432", "refused"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("PostgreSQL on 127.0.0.1:5432 is not available (refused): skipped on this machine "
                        + "(required under CI=true)");
    }

    @Test
    void somethingMissingUnderCiFailsTheTest() {
        assertThatThrownBy(() -> Requirements.check(true, false, "Chromium", null))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("Chromium is not available: required under CI=true");
    }
}
