package org.gotham.crimeapi.crime;

import java.time.LocalDateTime;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/** Writes {@code date_time} as Python's {@code isoformat()} did in the old app's JSON. */
final class IsoLocalDateTimeSerializer extends StdSerializer<LocalDateTime> {

    IsoLocalDateTimeSerializer() {
        super(LocalDateTime.class);
    }

    @Override
    public void serialize(LocalDateTime value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeString(LegacyTimestamps.toIso(value));
    }
}
