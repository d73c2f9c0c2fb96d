package org.gotham.keycloak.legacy.store;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Set;

/**
 * How the values of the optional columns ({@link OptionalColumn}) are read, and which SQL types each may have. Pure
 * logic: the repository hands over what the JDBC driver returned.
 *
 * <ul>
 *   <li>Enabled: a boolean; a number (0 is disabled, any other enabled); text {@code true/t/yes/y/on/1/enabled/
 *       active} (enabled) or {@code false/f/no/n/off/0/disabled/inactive} (disabled), ignoring case and spaces. NULL
 *       is enabled; any other text is disabled (an unreadable flag never lets a user in).</li>
 *   <li>Creation time: a SQL TIMESTAMP or DATE; text as SQLite and SQLAlchemy store it ({@code 2024-05-01
 *       12:30:00.000000}, also with {@code T}, fewer fraction digits, an offset or {@code Z}, or a date alone); or
 *       an epoch number, in seconds below 10^11 and in milliseconds from there on (as a number or as digits). A time
 *       without an offset is read as UTC: the legacy database holds no time zone. Anything else is no time.</li>
 * </ul>
 */
final class LegacyColumnValues {

    /** Epoch numbers from here on are milliseconds: 10^11 seconds is the year 5138, 10^11 ms is 1973. */
    static final long MILLIS_FROM = 100_000_000_000L;

    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "on", "1", "enabled", "active");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "off", "0", "disabled", "inactive");

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private LegacyColumnValues() {}

    /** A text column's value: trimmed, blank is none. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** An enabled column's value: null (NULL), true or false; see the class comment. */
    static Boolean flag(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof BigDecimal number) {
            return number.signum() != 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        return false;
    }

    /** A creation time as milliseconds since the epoch, or null if there is none or it cannot be read. */
    static Long epochMillis(Object value) {
        try {
            if (value == null) {
                return null;
            }
            if (value instanceof LocalDateTime time) {
                return time.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (value instanceof OffsetDateTime time) {
                return time.toInstant().toEpochMilli();
            }
            if (value instanceof ZonedDateTime time) {
                return time.toInstant().toEpochMilli();
            }
            if (value instanceof Instant time) {
                return time.toEpochMilli();
            }
            if (value instanceof LocalDate date) {
                return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (value instanceof java.sql.Timestamp time) {
                // the driver made it in this JVM's zone from the stored wall-clock time: back to that time, as UTC
                return time.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (value instanceof java.sql.Date date) {
                return epochMillis(date.toLocalDate());
            }
            if (value instanceof Number number) {
                return epochNumber(new BigDecimal(number.toString()));
            }
            return parse(value.toString().trim());
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static Long parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.matches("[+-]?\\d+(\\.\\d+)?")) {
            return epochNumber(new BigDecimal(text));
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return epochMillis(LocalDate.parse(text));
        }
        TemporalAccessor parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return epochMillis(parsed);
    }

    private static Long epochNumber(BigDecimal number) {
        BigDecimal millis = number.abs().compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0
                ? number
                : number.multiply(BigDecimal.valueOf(1000));
        return millis.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    /**
     * Why a column of this SQL type cannot be this optional column, for the admin; null if it can. A type the driver
     * does not name ({@link Types#OTHER}, {@link Types#NULL}: SQLite's columns without a declared type) is accepted:
     * its values are read as above.
     */
    static String typeProblem(OptionalColumn column, int sqlType, String typeName) {
        if (sqlType == Types.OTHER || sqlType == Types.NULL || sqlType == Types.JAVA_OBJECT) {
            return null;
        }
        boolean text = isText(sqlType);
        boolean accepted = switch (column.kind()) {
            case TEXT -> text;
            case FLAG -> text || sqlType == Types.BOOLEAN || sqlType == Types.BIT || isWholeNumber(sqlType);
            case TIME ->
                text
                        || sqlType == Types.TIMESTAMP
                        || sqlType == Types.TIMESTAMP_WITH_TIMEZONE
                        || sqlType == Types.DATE
                        || isWholeNumber(sqlType)
                        || sqlType == Types.DOUBLE
                        || sqlType == Types.FLOAT
                        || sqlType == Types.REAL;
        };
        if (accepted) {
            return null;
        }
        String wanted = switch (column.kind()) {
            case TEXT -> "a text type (VARCHAR, TEXT)";
            case FLAG -> "a boolean, a whole number or a text type";
            case TIME -> "a timestamp, a date, an epoch number or a text type";
        };
        return "has type " + typeName + "; the " + column.label() + " needs " + wanted;
    }

    static boolean isText(int sqlType) {
        return sqlType == Types.VARCHAR
                || sqlType == Types.CHAR
                || sqlType == Types.LONGVARCHAR
                || sqlType == Types.NVARCHAR
                || sqlType == Types.NCHAR
                || sqlType == Types.LONGNVARCHAR
                || sqlType == Types.CLOB
                || sqlType == Types.NCLOB;
    }

    static boolean isWholeNumber(int sqlType) {
        return sqlType == Types.TINYINT
                || sqlType == Types.SMALLINT
                || sqlType == Types.INTEGER
                || sqlType == Types.BIGINT
                || sqlType == Types.NUMERIC
                || sqlType == Types.DECIMAL;
    }
}
