package org.gotham.crimeapi.crime;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads {@code date_time} strictly: an ISO-8601 local date-time string (no offset, no zone), years 1 to
 * 9999, at most microseconds, because that is all the legacy column and the old app can hold.
 */
final class LegacyDateTimeDeserializer extends StdScalarDeserializer<LocalDateTime> {

    LegacyDateTimeDeserializer() {
        super(LocalDateTime.class);
    }

    @Override
    public LocalDateTime deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (LocalDateTime) ctxt.handleUnexpectedToken(LocalDateTime.class, p);
        }
        String text = p.getString();
        LocalDateTime value;
        try {
            value = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException ex) {
            return (LocalDateTime) ctxt.handleWeirdStringValue(
                    LocalDateTime.class,
                    text,
                    "expected an ISO-8601 local date-time such as 2024-02-12T03:00:00.123456");
        }
        if (!LegacyTimestamps.fitsLegacyColumn(value)) {
            return (LocalDateTime) ctxt.handleWeirdStringValue(
                    LocalDateTime.class, text, "years 1 to 9999 and at most 6 fractional digits");
        }
        return value;
    }
}
