package org.gotham.crimeapi.crime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CrimeEtagTest {

    private static final Crime ROBBERY = SliceFixtures.ROBBERY;

    @Test
    void tagIsAQuotedStrongTagThatDependsOnEveryColumn() {
        String tag = CrimeEtag.of(ROBBERY);

        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(CrimeEtag.of(ROBBERY)).isEqualTo(tag);
        assertThat(CrimeEtag.of(new Crime(
                        2,
                        "Robbery",
                        "First National Bank vault emptied",
                        "Gotham Downtown",
                        "Selina Kyle",
                        LocalDateTime.of(2024, 3, 1, 22, 15),
                        40.7128,
                        -74.006)))
                .isNotEqualTo(tag);
        assertThat(CrimeEtag.of(new Crime(
                        1,
                        "Robbery",
                        "First National Bank vault emptied",
                        "Gotham Downtown",
                        null,
                        LocalDateTime.of(2024, 3, 1, 22, 15),
                        40.7128,
                        -74.006)))
                .isNotEqualTo(tag);
        assertThat(CrimeEtag.of(new Crime(
                        1,
                        "Robbery",
                        "First National Bank vault emptied",
                        "Gotham Downtown",
                        "Selina Kyle",
                        LocalDateTime.of(2024, 3, 1, 22, 15, 0, 1000),
                        40.7128,
                        -74.006)))
                .isNotEqualTo(tag);
        assertThat(CrimeEtag.of(new Crime(
                        1,
                        "Robbery",
                        "First National Bank vault emptied",
                        "Gotham Downtown",
                        "Selina Kyle",
                        LocalDateTime.of(2024, 3, 1, 22, 15),
                        40.7128,
                        -74.0061)))
                .isNotEqualTo(tag);
    }

    @Test
    void valuesCannotBeShiftedBetweenColumnsWithoutChangingTheTag() {
        Crime a = new Crime(1, "a|b", null, null, null, null, null, null);
        Crime b = new Crime(1, "a", "b", null, null, null, null, null);

        assertThat(CrimeEtag.of(a)).isNotEqualTo(CrimeEtag.of(b));
    }

    @Test
    void ifMatchAllowsTheCurrentTagAWildcardOrNoHeader() {
        String current = CrimeEtag.of(ROBBERY);

        assertThat(CrimeEtag.ifMatchAllows(null, ROBBERY)).isTrue();
        assertThat(CrimeEtag.ifMatchAllows("*", ROBBERY)).isTrue();
        assertThat(CrimeEtag.ifMatchAllows(current, ROBBERY)).isTrue();
        assertThat(CrimeEtag.ifMatchAllows("\"0000\", " + current, ROBBERY)).isTrue();
    }

    @Test
    void ifMatchRefusesStaleAndWeakTags() {
        String current = CrimeEtag.of(ROBBERY);

        assertThat(CrimeEtag.ifMatchAllows("\"0000\"", ROBBERY)).isFalse();
        assertThat(CrimeEtag.ifMatchAllows("W/" + current, ROBBERY)).isFalse();
        assertThat(CrimeEtag.ifMatchAllows("garbage", ROBBERY)).isFalse();
    }
}
