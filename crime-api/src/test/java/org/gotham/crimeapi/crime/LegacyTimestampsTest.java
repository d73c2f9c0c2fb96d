package org.gotham.crimeapi.crime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class LegacyTimestampsTest {

    private static final LocalDateTime JOKER_ESCAPE = LocalDateTime.of(2024, 2, 12, 3, 0, 0, 123_456_000);

    @Test
    void sqliteTextHasAlwaysSixFractionalDigitsAsSqlalchemyWritesIt() {
        assertThat(LegacyTimestamps.toSqliteText(JOKER_ESCAPE)).isEqualTo("2024-02-12 03:00:00.123456");
        assertThat(LegacyTimestamps.toSqliteText(LocalDateTime.of(2024, 3, 1, 22, 15)))
                .isEqualTo("2024-03-01 22:15:00.000000");
        assertThat(LegacyTimestamps.toSqliteText(LocalDateTime.of(1, 1, 1, 0, 0)))
                .isEqualTo("0001-01-01 00:00:00.000000");
    }

    @Test
    void sqliteTextReadsBackExactly() {
        assertThat(LegacyTimestamps.fromSqliteText("2024-02-12 03:00:00.123456"))
                .isEqualTo(JOKER_ESCAPE);
        assertThat(LegacyTimestamps.fromSqliteText(LegacyTimestamps.toSqliteText(JOKER_ESCAPE)))
                .isEqualTo(JOKER_ESCAPE);
    }

    @Test
    void sqliteTextIsReadLenientlyLikeSqlalchemyDoes() {
        assertThat(LegacyTimestamps.fromSqliteText("2024-02-12 03:00:00"))
                .isEqualTo(LocalDateTime.of(2024, 2, 12, 3, 0));
        assertThat(LegacyTimestamps.fromSqliteText("2024-02-12T03:00:00.5"))
                .isEqualTo(LocalDateTime.of(2024, 2, 12, 3, 0, 0, 500_000_000));
        assertThat(LegacyTimestamps.fromSqliteText("2024-02-12")).isEqualTo(LocalDateTime.of(2024, 2, 12, 0, 0));
        assertThatThrownBy(() -> LegacyTimestamps.fromSqliteText("yesterday"))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void jsonFormIsPythonsIsoformat() {
        assertThat(LegacyTimestamps.toIso(JOKER_ESCAPE)).isEqualTo("2024-02-12T03:00:00.123456");
        assertThat(LegacyTimestamps.toIso(LocalDateTime.of(2024, 3, 1, 22, 15))).isEqualTo("2024-03-01T22:15:00");
        assertThat(LegacyTimestamps.toIso(LocalDateTime.of(2024, 3, 1, 22, 15, 0, 500_000_000)))
                .isEqualTo("2024-03-01T22:15:00.500000");
    }

    @Test
    void onlyMicrosecondsAndPythonsYearsFitTheLegacyColumn() {
        assertThat(LegacyTimestamps.fitsLegacyColumn(JOKER_ESCAPE)).isTrue();
        assertThat(LegacyTimestamps.fitsLegacyColumn(JOKER_ESCAPE.plusNanos(1))).isFalse();
        assertThat(LegacyTimestamps.fitsLegacyColumn(LocalDateTime.of(10000, 1, 1, 0, 0)))
                .isFalse();
        assertThat(LegacyTimestamps.fitsLegacyColumn(LocalDateTime.of(0, 1, 1, 0, 0)))
                .isFalse();
    }
}
