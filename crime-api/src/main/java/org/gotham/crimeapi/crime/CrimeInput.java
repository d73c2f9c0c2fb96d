package org.gotham.crimeapi.crime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gotham.crimeapi.system.FieldProblem;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /crimes} and {@code PUT /crimes/{id}}. It remembers which fields the JSON
 * named, because an update changes only those (as the old app's {@code setattr} loop did): a field
 * that is absent keeps its value, a field given as {@code null} becomes NULL.
 */
@Schema(description = "Crime fields. On PUT only the fields present change; an explicit null clears a field.")
public final class CrimeInput {

    /** The 255-character limit of the MariaDB legacy schema, applied everywhere for one rule. */
    static final int MAX_TEXT = 255;

    /**
     * Text without NUL: PostgreSQL refuses it in a string (a 500 otherwise) and SQLite cuts the string there
     * (a search for it would match everything).
     */
    static final String NO_NUL = "[^\\x00]*";

    static final String NO_NUL_MESSAGE = "must not contain NUL characters";

    enum Field {
        TYPE,
        DESCRIPTION,
        LOCATION,
        SUSPECT_NAME,
        DATE_TIME,
        LATITUDE,
        LONGITUDE
    }

    private final Set<Field> present = EnumSet.noneOf(Field.class);

    @Size(max = MAX_TEXT)
    @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
    private @Nullable String type;

    @Size(max = MAX_TEXT)
    @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
    private @Nullable String description;

    @Size(max = MAX_TEXT)
    @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
    private @Nullable String location;

    @Size(max = MAX_TEXT)
    @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
    private @Nullable String suspectName;

    private @Nullable LocalDateTime dateTime;

    @DecimalMin("-90.0")
    @DecimalMax("90.0")
    private @Nullable Double latitude;

    @DecimalMin("-180.0")
    @DecimalMax("180.0")
    private @Nullable Double longitude;

    @Schema(
            description = "Required and not blank when creating; may not be cleared",
            example = "Robbery",
            maxLength = MAX_TEXT)
    public @Nullable String getType() {
        return this.type;
    }

    @JsonProperty("type")
    public void setType(@Nullable String type) {
        this.type = type;
        this.present.add(Field.TYPE);
    }

    @Schema(example = "First National Bank vault emptied", maxLength = MAX_TEXT)
    public @Nullable String getDescription() {
        return this.description;
    }

    @JsonProperty("description")
    public void setDescription(@Nullable String description) {
        this.description = description;
        this.present.add(Field.DESCRIPTION);
    }

    @Schema(example = "Gotham Downtown", maxLength = MAX_TEXT)
    public @Nullable String getLocation() {
        return this.location;
    }

    @JsonProperty("location")
    public void setLocation(@Nullable String location) {
        this.location = location;
        this.present.add(Field.LOCATION);
    }

    @JsonProperty("suspect_name")
    @Schema(example = "Selina Kyle", maxLength = MAX_TEXT)
    public @Nullable String getSuspectName() {
        return this.suspectName;
    }

    @JsonProperty("suspect_name")
    public void setSuspectName(@Nullable String suspectName) {
        this.suspectName = suspectName;
        this.present.add(Field.SUSPECT_NAME);
    }

    @JsonProperty("date_time")
    @Schema(
            type = "string",
            example = "2024-02-12T03:00:00.123456",
            description = "ISO-8601 local date-time without zone, years 1-9999, at most microseconds")
    public @Nullable LocalDateTime getDateTime() {
        return this.dateTime;
    }

    @JsonProperty("date_time")
    @JsonDeserialize(using = LegacyDateTimeDeserializer.class)
    public void setDateTime(@Nullable LocalDateTime dateTime) {
        this.dateTime = dateTime;
        this.present.add(Field.DATE_TIME);
    }

    @Schema(example = "40.7128", minimum = "-90", maximum = "90")
    public @Nullable Double getLatitude() {
        return this.latitude;
    }

    @JsonProperty("latitude")
    public void setLatitude(@Nullable Double latitude) {
        this.latitude = latitude;
        this.present.add(Field.LATITUDE);
    }

    @Schema(example = "-74.006", minimum = "-180", maximum = "180")
    public @Nullable Double getLongitude() {
        return this.longitude;
    }

    @JsonProperty("longitude")
    public void setLongitude(@Nullable Double longitude) {
        this.longitude = longitude;
        this.present.add(Field.LONGITUDE);
    }

    /** Whether the JSON named no field at all. */
    @JsonIgnore
    boolean namesNoField() {
        return this.present.isEmpty();
    }

    /**
     * The rule Bean Validation cannot say for a partial update: a crime needs a type, so creating
     * requires one and updating may not clear it.
     */
    List<FieldProblem> typeProblems(boolean creating) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean given = this.present.contains(Field.TYPE);
        if ((creating || given) && (this.type == null || this.type.isBlank())) {
            problems.add(new FieldProblem("type", "must not be blank"));
        }
        return problems;
    }

    /** The crime with the named fields of this input applied to it. */
    Crime applyTo(Crime base) {
        return new Crime(
                base.id(),
                pick(Field.TYPE, this.type, base.type()),
                pick(Field.DESCRIPTION, this.description, base.description()),
                pick(Field.LOCATION, this.location, base.location()),
                pick(Field.SUSPECT_NAME, this.suspectName, base.suspectName()),
                pick(Field.DATE_TIME, this.dateTime, base.dateTime()),
                pick(Field.LATITUDE, this.latitude, base.latitude()),
                pick(Field.LONGITUDE, this.longitude, base.longitude()));
    }

    private <T> @Nullable T pick(Field field, @Nullable T given, @Nullable T current) {
        return this.present.contains(field) ? given : current;
    }
}
