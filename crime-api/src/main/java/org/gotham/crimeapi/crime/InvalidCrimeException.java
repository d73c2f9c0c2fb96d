package org.gotham.crimeapi.crime;

import java.util.List;
import org.gotham.crimeapi.system.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A body that Bean Validation accepted but the crime rules do not: 400 with the field errors. */
final class InvalidCrimeException extends ErrorResponseException {

    InvalidCrimeException(String detail, List<FieldProblem> errors) {
        super(HttpStatus.BAD_REQUEST, problem(detail, errors), null);
    }

    private static ProblemDetail problem(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
