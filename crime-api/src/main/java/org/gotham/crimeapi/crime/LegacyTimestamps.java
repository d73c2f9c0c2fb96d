package org.gotham.crimeapi.crime;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The two text forms of the legacy {@code date_time}: SQLAlchemy's SQLite storage format
 * ({@code YYYY-MM-DD HH:MM:SS.ffffff}, always six fractional digits) and Python's
 * {@code datetime.isoformat()} for JSON ({@code YYYY-MM-DDTHH:MM:SS}, plus {@code .ffffff} only when
 * there are microseconds), so that old clients see the values they always saw.
 */
public final class LegacyTimestamps {

    /** Python's datetime covers years 1 to 9999; the old app cannot read anything else. */
    public static final int MIN_YEAR = 1;

    public static final int MAX_YEAR = 9999;

    private static final DateTimeFormatter SQLITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS", Locale.ROOT);

    /** What SQLAlchemy's SQLite dialect reads: a date, optionally a time, optionally a fraction. */
    private static final DateTimeFormatter LENIENT_READ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter(Locale.ROOT);

    private LegacyTimestamps() {}

    /** The SQLite column text, exactly as SQLAlchemy writes it. */
    public static String toSqliteText(LocalDateTime value) {
        return SQLITE.format(value);
    }

    /**
     * Reads SQLite column text the way SQLAlchemy does: six fractional digits normally, fewer or none
     * tolerated, a {@code T} separator tolerated, a bare date read as midnight.
     *
     * @throws DateTimeParseException when the text is no date at all
     */
    public static LocalDateTime fromSqliteText(String text) {
        return LocalDateTime.parse(text.strip(), LENIENT_READ);
    }

    /** The JSON form: Python's {@code datetime.isoformat()}. */
    public static String toIso(LocalDateTime value) {
        return (value.getNano() == 0 ? ISO_SECONDS : ISO_MICROS).format(value);
    }

    /** The day as {@code YYYY-MM-DD}: the prefix of the SQLite text of every instant of that day. */
    static String dayPrefix(LocalDate day) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(day);
    }

    /** Whether the value fits the legacy column: years 1 to 9999 and at most microsecond precision. */
    public static boolean fitsLegacyColumn(LocalDateTime value) {
        return value.getYear() >= MIN_YEAR && value.getYear() <= MAX_YEAR && value.getNano() % 1_000 == 0;
    }
}
