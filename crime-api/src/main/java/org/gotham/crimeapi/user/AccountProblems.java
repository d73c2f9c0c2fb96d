package org.gotham.crimeapi.user;

import java.util.List;
import org.gotham.crimeapi.system.FieldProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems (RFC 9457) the old user routes answer with, as exceptions the MVC error handling
 * renders. None of them says whether a username exists, except the 409 of a registration, which
 * must.
 */
final class AccountProblems {

    /** What a retrying client should wait, in seconds, when Keycloak cannot be reached. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** The one answer to every refused sign-in: it never tells which part was wrong. */
    static final String INVALID_CREDENTIALS = "Invalid username or password.";

    static final String USERNAME_TAKEN = "username already exists";

    private AccountProblems() {}

    static ErrorResponseException usernameTaken() {
        return new ErrorResponseException(
                HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, USERNAME_TAKEN), null);
    }

    /** The realm's "User registration" is switched off: nobody may register, here as on Keycloak's page. */
    static ErrorResponseException registrationClosed() {
        return new ErrorResponseException(
                HttpStatus.FORBIDDEN,
                ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Registration is switched off."),
                null);
    }

    /** Keycloak (user profile, password policy) or our own rules refused the new user. */
    static ErrorResponseException registrationRefused(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    /**
     * Wrong password, unknown user, disabled or locked-out user: all alike, with the token endpoint's
     * {@code invalid_grant} as the protocol signal.
     */
    static ErrorResponseException invalidCredentials() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS);
        problem.setProperty("error", "invalid_grant");
        ErrorResponseException exception = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        // a 401 names a scheme (RFC 9110); the token this route hands out is a bearer token
        exception.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return exception;
    }

    /** Keycloak is down, timing out or failing (5xx): try again shortly. */
    static ErrorResponseException keycloakUnavailable(Throwable cause) {
        ErrorResponseException exception = new ErrorResponseException(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Keycloak, which keeps the user accounts, is unavailable; retry shortly."),
                cause);
        exception.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return exception;
    }

    /**
     * Keycloak refused this app's own request (wrong client secret, missing role, unknown realm or
     * client): a configuration error that retrying does not fix. The log says what.
     */
    static ErrorResponseException keycloakRefusedUs() {
        return new ErrorResponseException(
                HttpStatus.BAD_GATEWAY,
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_GATEWAY,
                        "Keycloak refused this service's request; the service's configuration needs fixing."),
                null);
    }
}
