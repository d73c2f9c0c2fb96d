package org.gotham.crimeapi.crime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.gotham.crimeapi.system.FieldProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The old app's crime routes; roles are checked by the security configuration. */
@RestController
@RequestMapping("/crimes")
@Tag(name = "crimes", description = "The legacy crimes table. reader reads, editor also writes, admin also deletes.")
class CrimeController {

    static final int MAX_LIMIT = 1000;

    private final CrimeRepository crimes;

    private final CrimeService service;

    CrimeController(CrimeRepository crimes, CrimeService service) {
        this.crimes = crimes;
        this.service = service;
    }

    @GetMapping
    @Operation(summary = "List crimes by id, a page at a time (role reader)")
    List<Crime> list(
            @RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(0) @Max(MAX_LIMIT) int limit) {
        return this.crimes.findAll(skip, limit);
    }

    @GetMapping("/search")
    @Operation(
            summary = "Search crimes (role reader)",
            description = "crime_type matches exactly ignoring case, date is the calendar day of date_time,"
                    + " location is a substring ignoring case; absent or empty filters are not applied.")
    List<Crime> search(
            @RequestParam(name = "crime_type", required = false)
                    @Size(max = CrimeInput.MAX_TEXT)
                    @Pattern(regexp = CrimeInput.NO_NUL, message = CrimeInput.NO_NUL_MESSAGE)
                    @Nullable
                    String crimeType,
            @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @Parameter(example = "2024-02-12")
                    @Nullable
                    LocalDate date,
            @RequestParam(required = false)
                    @Size(max = CrimeInput.MAX_TEXT)
                    @Pattern(regexp = CrimeInput.NO_NUL, message = CrimeInput.NO_NUL_MESSAGE)
                    @Nullable
                    String location,
            @RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(0) @Max(MAX_LIMIT) int limit) {
        if (date != null
                && (date.getYear() < LegacyTimestamps.MIN_YEAR || date.getYear() > LegacyTimestamps.MAX_YEAR)) {
            throw new InvalidCrimeException(
                    "Invalid search.", List.of(new FieldProblem("date", "must be a day in the years 1 to 9999")));
        }
        return this.crimes.search(new CrimeSearch(blankToNull(crimeType), date, blankToNull(location)), skip, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One crime, with its ETag (role reader)")
    @Nullable
    ResponseEntity<Crime> get(@PathVariable long id, WebRequest request) {
        Crime crime = this.crimes.findById(id).orElseThrow(() -> new CrimeNotFoundException(id));
        String etag = CrimeEtag.of(crime);
        if (request.checkNotModified(etag)) {
            // Spring has set 304 (If-None-Match) or 412 (If-Match) and the ETag
            return null;
        }
        return ResponseEntity.ok().eTag(etag).body(crime);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report a crime (role editor)")
    ResponseEntity<Crime> create(@Valid @RequestBody CrimeInput input) {
        rejectTypeProblems(input, true);
        Crime created = this.service.create(input);
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.created(location).eTag(CrimeEtag.of(created)).body(created);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Change the fields given (role editor)",
            description = "Absent fields keep their values, fields given as null become null. Send the ETag of"
                    + " GET /crimes/{id} in If-Match to be sure nobody changed the crime meanwhile (412 if so).")
    ResponseEntity<Crime> update(
            @PathVariable long id,
            @Valid @RequestBody CrimeInput input,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        if (input.namesNoField()) {
            throw new InvalidCrimeException("The body names no crime field to change.", List.of());
        }
        rejectTypeProblems(input, false);
        Crime updated = this.service.update(id, input, ifMatch);
        return ResponseEntity.ok().eTag(CrimeEtag.of(updated)).body(updated);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a crime (role admin); honours If-Match too")
    ResponseEntity<Void> delete(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        this.service.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    private static void rejectTypeProblems(CrimeInput input, boolean creating) {
        List<FieldProblem> problems = input.typeProblems(creating);
        if (!problems.isEmpty()) {
            throw new InvalidCrimeException("Invalid crime.", problems);
        }
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return (text == null || text.isBlank()) ? null : text;
    }
}
