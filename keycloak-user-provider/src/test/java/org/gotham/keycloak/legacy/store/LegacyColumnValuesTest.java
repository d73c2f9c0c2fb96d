package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the optional columns' values are read, whatever the database and driver hand over. */
class LegacyColumnValuesTest {

    /** 2024-05-01 12:30:00 UTC. */
    static final long MAY_FIRST = Instant.parse("2024-05-01T12:30:00Z").toEpochMilli();

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " t ", "yes", "Y", "on", "1", "enabled", "Active"})
    void textThatSaysYesIsEnabled(String value) {
        assertThat(LegacyColumnValues.flag(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "F", "no", "n", "off", "0", "disabled", "INACTIVE", "", "banned", "2"})
    void textThatSaysNoOrCannotBeReadIsDisabled(String value) {
        assertThat(LegacyColumnValues.flag(value)).isFalse();
    }

    @Test
    void booleansAndNumbersAreFlagsAndNullIsNoFlag() {
        assertThat(LegacyColumnValues.flag(null)).isNull();
        assertThat(LegacyColumnValues.flag(Boolean.TRUE)).isTrue();
        assertThat(LegacyColumnValues.flag(Boolean.FALSE)).isFalse();
        assertThat(LegacyColumnValues.flag(1)).isTrue();
        assertThat(LegacyColumnValues.flag((short) 0)).isFalse();
        assertThat(LegacyColumnValues.flag(-1L)).isTrue();
        assertThat(LegacyColumnValues.flag(new BigDecimal("0.00"))).isFalse();
        assertThat(LegacyColumnValues.flag(new BigDecimal("1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-01 12:30:00.000000", // SQLAlchemy on SQLite
                "2024-05-01 12:30:00",
                "2024-05-01T12:30:00",
                "2024-05-01T12:30",
                "2024-05-01 12:30:00.0",
                "2024-05-01 12:30:00Z",
                "2024-05-01T14:30:00+02:00",
                "2024-05-01 14:30:00+02",
                "2024-05-01 14:30:00 +0200",
                "1714566600", // epoch seconds
                "1714566600000", // epoch milliseconds
                "1714566600.0"
            })
    void textTimesAndEpochDigitsAreRead(String value) {
        assertThat(LegacyColumnValues.epochMillis(value)).isEqualTo(MAY_FIRST);
    }

    @Test
    void aTimeWithoutAnOffsetIsUtc() {
        assertThat(LegacyColumnValues.epochMillis(LocalDateTime.of(2024, 5, 1, 12, 30)))
                .isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(Timestamp.valueOf(LocalDateTime.of(2024, 5, 1, 12, 30))))
                .as("a driver's Timestamp in this JVM's zone is the stored wall-clock time, read as UTC")
                .isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(OffsetDateTime.of(2024, 5, 1, 14, 30, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(LocalDate.of(2024, 5, 1)))
                .isEqualTo(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
        assertThat(LegacyColumnValues.epochMillis("2024-05-01"))
                .isEqualTo(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void epochNumbersAreSecondsBelowTenToTheElevenAndMillisecondsFromThere() {
        assertThat(LegacyColumnValues.epochMillis(1_714_566_600L)).isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(1_714_566_600)).isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(MAY_FIRST)).isEqualTo(MAY_FIRST);
        assertThat(LegacyColumnValues.epochMillis(1_714_566_600.5)).isEqualTo(MAY_FIRST + 500);
        assertThat(LegacyColumnValues.epochMillis(0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "yesterday",
                "2024-13-01 00:00:00",
                "2024-02-30",
                "01/05/2024",
                "2024-05-01 25:00:00",
                "99999999999999999999999999"
            })
    void unreadableTimesAreNoTime(String value) {
        assertThat(LegacyColumnValues.epochMillis(value)).isNull();
    }

    @Test
    void nullAndNonFiniteNumbersAreNoTime() {
        assertThat(LegacyColumnValues.epochMillis(null)).isNull();
        assertThat(LegacyColumnValues.epochMillis(Double.NaN)).isNull();
        assertThat(LegacyColumnValues.epochMillis(Double.POSITIVE_INFINITY)).isNull();
    }

    @Test
    void textIsTrimmedAndBlankIsNone() {
        assertThat(LegacyColumnValues.text(" Bruce ")).isEqualTo("Bruce");
        assertThat(LegacyColumnValues.text("   ")).isNull();
        assertThat(LegacyColumnValues.text(null)).isNull();
    }

    @Test
    void eachColumnTakesTheTypesItsValuesCanBeReadFrom() {
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.EMAIL, Types.VARCHAR, "varchar"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.EMAIL, Types.INTEGER, "int4"))
                .contains("has type int4")
                .contains("e-mail column needs a text type");
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.ENABLED, Types.BOOLEAN, "bool"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.ENABLED, Types.BIT, "BIT"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.ENABLED, Types.SMALLINT, "int2"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.ENABLED, Types.CHAR, "bpchar"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.ENABLED, Types.TIMESTAMP, "timestamp"))
                .contains("enabled column needs a boolean");
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.CREATED, Types.TIMESTAMP, "timestamp"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.CREATED, Types.BIGINT, "int8"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.CREATED, Types.VARCHAR, "TEXT"))
                .isNull();
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.CREATED, Types.BOOLEAN, "bool"))
                .contains("creation time column needs a timestamp");
        assertThat(LegacyColumnValues.typeProblem(OptionalColumn.CREATED, Types.OTHER, "whatever"))
                .as("a type the driver does not name (SQLite without a declared type) is read as it comes")
                .isNull();
    }
}
