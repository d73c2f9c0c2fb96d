package org.gotham.crimeapi.crime;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No crime has the requested id: 404. */
final class CrimeNotFoundException extends ErrorResponseException {

    CrimeNotFoundException(long id) {
        super(
                HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No crime has id " + id + "."),
                null);
    }
}
