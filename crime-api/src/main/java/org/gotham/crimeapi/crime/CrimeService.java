package org.gotham.crimeapi.crime;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes to the crimes table. Conditional changes read, compare and write in one transaction with
 * the row locked, so two clients holding the same ETag cannot both win.
 */
@Service
class CrimeService {

    private final CrimeRepository crimes;

    CrimeService(CrimeRepository crimes) {
        this.crimes = crimes;
    }

    @Transactional
    Crime create(CrimeInput input) {
        long id = this.crimes.insert(input.applyTo(Crime.empty(0)));
        return this.crimes.findById(id).orElseThrow(() -> new IllegalStateException("Created crime vanished"));
    }

    /**
     * Applies the fields the input names.
     *
     * @throws CrimeNotFoundException when there is no such crime
     * @throws StaleCrimeException when {@code ifMatch} does not match the current row
     */
    @Transactional
    Crime update(long id, CrimeInput input, @Nullable String ifMatch) {
        Crime current = this.crimes.findByIdForUpdate(id).orElseThrow(() -> new CrimeNotFoundException(id));
        if (!CrimeEtag.ifMatchAllows(ifMatch, current)) {
            throw new StaleCrimeException(id, CrimeEtag.of(current));
        }
        this.crimes.update(input.applyTo(current));
        return this.crimes.findById(id).orElseThrow(() -> new CrimeNotFoundException(id));
    }

    /**
     * @throws CrimeNotFoundException when there is no such crime
     * @throws StaleCrimeException when {@code ifMatch} does not match the current row
     */
    @Transactional
    void delete(long id, @Nullable String ifMatch) {
        Crime current = this.crimes.findByIdForUpdate(id).orElseThrow(() -> new CrimeNotFoundException(id));
        if (!CrimeEtag.ifMatchAllows(ifMatch, current)) {
            throw new StaleCrimeException(id, CrimeEtag.of(current));
        }
        this.crimes.delete(id);
    }
}
