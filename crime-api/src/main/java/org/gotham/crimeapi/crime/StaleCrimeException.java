package org.gotham.crimeapi.crime;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The {@code If-Match} precondition failed: someone changed the crime since the client read it. */
final class StaleCrimeException extends ErrorResponseException {

    StaleCrimeException(long id, String currentEtag) {
        super(HttpStatus.PRECONDITION_FAILED, problem(id), null);
        getHeaders().setETag(currentEtag);
    }

    private static ProblemDetail problem(long id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PRECONDITION_FAILED,
                "Crime " + id + " has changed since the version named in If-Match; read it again and retry.");
        return problem;
    }
}
