package org.gotham.crimeapi.crime;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The filters of {@code GET /crimes/search}; a null filter is not applied.
 *
 * @param type matches {@code type} exactly, ignoring case
 * @param date matches the calendar day of {@code date_time}
 * @param location a substring of {@code location}, ignoring case
 */
record CrimeSearch(
        @Nullable String type,
        @Nullable LocalDate date,
        @Nullable String location) {}
