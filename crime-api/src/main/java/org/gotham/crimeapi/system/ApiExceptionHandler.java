package org.gotham.crimeapi.system;

import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}). Client mistakes are 4xx with
 * a detail and, for a 400, an {@code errors} list of {@code {field, message}} naming the JSON field or
 * query parameter; nothing internal (stack traces, SQL, class names) reaches a response.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(jsonName(error.getField()), message(error)));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error -> errors.add(new FieldProblem("", message(error))));
        return badRequest(ex, "Invalid request body.", errors, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors parameterErrors) {
                parameterErrors
                        .getFieldErrors()
                        .forEach(error -> errors.add(new FieldProblem(jsonName(error.getField()), message(error))));
                continue;
            }
            String name = parameterName(result.getMethodParameter());
            result.getResolvableErrors().forEach(error -> errors.add(new FieldProblem(name, message(error))));
        }
        return badRequest(ex, "Invalid request.", errors, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch)
                ? mismatch.getName()
                : String.valueOf(ex.getPropertyName());
        String expected = describe(ex.getRequiredType());
        return badRequest(
                ex, "Invalid request.", List.of(new FieldProblem(name, "must be " + expected)), headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge =
                cause(ex, RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return badRequest(
                    ex,
                    "Invalid request body.",
                    List.of(new FieldProblem(path(unknown), "is not a field of this resource")),
                    headers,
                    request);
        }
        MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            return badRequest(
                    ex,
                    "Invalid request body.",
                    List.of(new FieldProblem(path(mismatch), "must be " + describe(mismatch.getTargetType()))),
                    headers,
                    request);
        }
        if (mismatch != null) {
            return badRequest(ex, "The request body must be a JSON object.", List.of(), headers, request);
        }
        StreamReadException malformed = cause(ex, StreamReadException.class);
        if (malformed != null) {
            String where = (malformed.getLocation() != null)
                    ? " at line " + malformed.getLocation().getLineNr() + ", column "
                            + malformed.getLocation().getColumnNr()
                    : "";
            return badRequest(ex, "The request body is not valid JSON" + where + ".", List.of(), headers, request);
        }
        if (cause(ex, JacksonException.class) != null) {
            return badRequest(ex, "The request body could not be read as JSON.", List.of(), headers, request);
        }
        return badRequest(ex, "The request body is missing or empty.", List.of(), headers, request);
    }

    /** The database is unreachable or busy: a 503 the client may retry, not a 500. */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", ex.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The crime database is unavailable or busy; retry shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(body);
    }

    /** Anything else is our fault: logged in full, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."));
    }

    private @Nullable ResponseEntity<Object> badRequest(
            Exception ex, String detail, List<FieldProblem> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        List<FieldProblem> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        body.setProperty("errors", sorted);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String message(MessageSourceResolvable error) {
        return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        String name = parameter.getParameterName();
        return (name != null) ? jsonName(name) : "argument " + parameter.getParameterIndex();
    }

    /** Our JSON and query names are snake_case; Java's are camelCase. */
    static String jsonName(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return (type == Double.class || type == double.class || type == Float.class || type == float.class)
                    ? "a number"
                    : "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == LocalDate.class) {
            return "a date as YYYY-MM-DD";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 local date-time such as 2024-02-12T03:00:00.123456"
                    + " (years 1 to 9999, at most 6 fractional digits)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON object";
    }

    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
