package org.gotham.crimeapi.system;

/** One entry of the {@code errors} list of a 400 problem: which field (JSON or query name) and why. */
public record FieldProblem(String field, String message) {}
