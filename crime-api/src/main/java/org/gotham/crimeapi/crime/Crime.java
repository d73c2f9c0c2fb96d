package org.gotham.crimeapi.crime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One row of the legacy {@code crimes} table, with the old app's JSON field names. Every column but
 * {@code id} may be null in the legacy data.
 */
@JsonPropertyOrder({"id", "type", "description", "location", "suspect_name", "date_time", "latitude", "longitude"})
public record Crime(
        long id,
        @Nullable String type,
        @Nullable String description,
        @Nullable String location,
        @JsonProperty("suspect_name") @Nullable String suspectName,

        @JsonProperty("date_time")
        @JsonSerialize(using = IsoLocalDateTimeSerializer.class)
        @Schema(
                type = "string",
                example = "2024-02-12T03:00:00.123456",
                description = "ISO-8601 local date-time, no time zone (as Python's isoformat())")
        @Nullable
        LocalDateTime dateTime,

        @Nullable Double latitude,
        @Nullable Double longitude) {

    /** A crime with the given id and no values, the base a creation applies its fields to. */
    static Crime empty(long id) {
        return new Crime(id, null, null, null, null, null, null, null);
    }
}
