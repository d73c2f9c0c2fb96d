package org.gotham.crimeapi.crime;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** Stubs of the mocked repository for slice tests: crime 1 exists, everything else does not. */
final class SliceFixtures {

    static final Crime ROBBERY = new Crime(
            1,
            "Robbery",
            "First National Bank vault emptied",
            "Gotham Downtown",
            "Selina Kyle",
            LocalDateTime.of(2024, 3, 1, 22, 15),
            40.7128,
            -74.006);

    static final Crime CREATED = new Crime(42, "Robbery", null, null, null, null, null, null);

    private SliceFixtures() {}

    static void stub(CrimeRepository crimes) {
        given(crimes.findAll(anyInt(), anyInt())).willReturn(List.of(ROBBERY));
        given(crimes.search(any(), anyInt(), anyInt())).willReturn(List.of(ROBBERY));
        given(crimes.findById(anyLong())).willReturn(Optional.empty());
        given(crimes.findById(1L)).willReturn(Optional.of(ROBBERY));
        given(crimes.findByIdForUpdate(anyLong())).willReturn(Optional.empty());
        given(crimes.findByIdForUpdate(1L)).willReturn(Optional.of(ROBBERY));
        given(crimes.insert(any())).willReturn(42L);
        given(crimes.findById(42L)).willReturn(Optional.of(CREATED));
        given(crimes.delete(1L)).willReturn(true);
    }
}
