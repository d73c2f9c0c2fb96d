package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard's panels ({@code docker/grafana/dashboards/gotham-migration.json}) in its layout order, each
 * target's PromQL as the dashboard has it but for the range of its rate windows, asked of Prometheus over a time
 * range ({@code /api/v1/query_range}), and the answers as series named by the target's legend format.
 */
final class DashboardQueries {

    /** A panel as the dashboard places it (Grafana's grid: 24 columns, rows of 30 px) with its targets. */
    record Panel(String title, String unit, int x, int y, int w, int h, List<Target> targets) {}

    /** A query of a panel: the dashboard's expression and its legend format ({@code {{label}}} placeholders). */
    record Target(String expr, String legendFormat) {}

    /** One line of a panel: its legend, and a value per step of the range ({@code NaN} where there was none). */
    record Series(String name, double[] values) {}

    /** A panel's answers: the queries as asked (windows replaced) and the series. */
    record Answer(Panel panel, List<String> queries, List<Series> series) {}

    /** All panels over one range: its start, step and number of steps, and the panels' answers. */
    record Result(Instant start, Duration step, int steps, String window, List<Answer> answers) {

        long timeMillis(int i) {
            return start.toEpochMilli() + i * step.toMillis();
        }
    }

    private static final Pattern RANGE = Pattern.compile("\\[(\\d+[smhdwy])]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private DashboardQueries() {}

    /** The dashboard's panels with at least one query, ordered as Grafana lays them out (row by row, left to right). */
    static List<Panel> panels(JsonNode dashboard) {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            List<Target> targets = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr") && !target.path("hide").asBoolean(false)) {
                    targets.add(new Target(
                            target.path("expr").asText(),
                            target.path("legendFormat").asText("")));
                }
            }
            if (targets.isEmpty()) {
                continue;
            }
            JsonNode grid = panel.path("gridPos");
            panels.add(new Panel(
                    panel.path("title").asText(),
                    panel.path("fieldConfig").path("defaults").path("unit").asText("short"),
                    grid.path("x").asInt(),
                    grid.path("y").asInt(),
                    grid.path("w").asInt(12),
                    grid.path("h").asInt(8),
                    targets));
        }
        panels.sort(Comparator.comparingInt(Panel::y).thenComparingInt(Panel::x));
        return panels;
    }

    static JsonNode read(Path dashboard) {
        try {
            return Json.parse(Files.readString(dashboard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ranges of the expression's range vectors ({@code 5m} of {@code [5m]}), as written. */
    static List<String> windows(String expr) {
        List<String> windows = new ArrayList<>();
        Matcher m = RANGE.matcher(expr);
        while (m.find()) {
            windows.add(m.group(1));
        }
        return windows;
    }

    /** The expression with every range vector's range replaced by {@code window} ({@code 30s}). */
    static String withWindow(String expr, String window) {
        return RANGE.matcher(expr).replaceAll("[" + Matcher.quoteReplacement(window) + "]");
    }

    /** Every panel's targets asked of Prometheus over {@code start..end}, ranges of rates replaced by {@code window}. */
    static Result query(
            Prometheus prometheus, List<Panel> panels, Instant start, Instant end, Duration step, String window) {
        int steps = (int) (Duration.between(start, end).toMillis() / step.toMillis()) + 1;
        List<Answer> answers = new ArrayList<>();
        for (Panel panel : panels) {
            List<String> queries = new ArrayList<>();
            List<Series> series = new ArrayList<>();
            for (Target target : panel.targets()) {
                String expr = withWindow(target.expr(), window);
                queries.add(expr);
                for (JsonNode result : prometheus.queryRange(expr, start, end, step)) {
                    double[] values = new double[steps];
                    java.util.Arrays.fill(values, Double.NaN);
                    for (JsonNode point : result.path("values")) {
                        long millis = Math.round(point.get(0).asDouble() * 1000);
                        int i = (int) Math.round((millis - start.toEpochMilli()) / (double) step.toMillis());
                        if (i >= 0 && i < steps) {
                            values[i] = parse(point.get(1).asText());
                        }
                    }
                    series.add(new Series(legend(target.legendFormat(), result.path("metric")), values));
                }
            }
            answers.add(new Answer(panel, queries, series));
        }
        return new Result(start, step, steps, window, answers);
    }

    /** Grafana's legend: the format with each {@code {{label}}} replaced (empty when missing), else the labels. */
    static String legend(String format, JsonNode labels) {
        if (format.isBlank()) {
            StringBuilder all = new StringBuilder("{");
            for (Map.Entry<String, JsonNode> label : labels.properties()) {
                all.append(all.length() > 1 ? ", " : "")
                        .append(label.getKey())
                        .append("=\"")
                        .append(label.getValue().asText())
                        .append('"');
            }
            return all.append('}').toString();
        }
        Matcher m = PLACEHOLDER.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(labels.path(m.group(1)).asText("")));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    // ---- kept beside the run, so that the picture can be drawn again without a run ----

    static Json.Obj toJson(Result result) {
        List<Json.Obj> panels = new ArrayList<>();
        for (Answer answer : result.answers()) {
            Panel p = answer.panel();
            List<Json.Obj> series = new ArrayList<>();
            for (Series s : answer.series()) {
                List<Double> values = new ArrayList<>();
                for (double v : s.values()) {
                    values.add(Double.isFinite(v) ? v : null);
                }
                series.add(Json.obj().with("name", s.name()).with("values", values));
            }
            List<Json.Obj> targets = new ArrayList<>();
            for (Target t : p.targets()) {
                targets.add(Json.obj().with("expr", t.expr()).with("legendFormat", t.legendFormat()));
            }
            panels.add(Json.obj()
                    .with("title", p.title())
                    .with("unit", p.unit())
                    .with("gridPos", Map.of("x", p.x(), "y", p.y(), "w", p.w(), "h", p.h()))
                    .with("targets", targets)
                    .with("queries", answer.queries())
                    .with("series", series));
        }
        return Json.obj()
                .with("start", result.start().toString())
                .with("stepSeconds", result.step().toSeconds())
                .with("steps", result.steps())
                .with("window", result.window())
                .with("panels", panels);
    }

    static Result fromJson(JsonNode json) {
        List<Answer> answers = new ArrayList<>();
        for (JsonNode p : json.path("panels")) {
            List<Target> targets = new ArrayList<>();
            p.path("targets")
                    .forEach(t -> targets.add(new Target(
                            t.path("expr").asText(), t.path("legendFormat").asText())));
            JsonNode grid = p.path("gridPos");
            Panel panel = new Panel(
                    p.path("title").asText(),
                    p.path("unit").asText(),
                    grid.path("x").asInt(),
                    grid.path("y").asInt(),
                    grid.path("w").asInt(),
                    grid.path("h").asInt(),
                    targets);
            List<String> queries = new ArrayList<>();
            p.path("queries").forEach(q -> queries.add(q.asText()));
            List<Series> series = new ArrayList<>();
            for (JsonNode s : p.path("series")) {
                double[] values = new double[s.path("values").size()];
                for (int i = 0; i < values.length; i++) {
                    JsonNode v = s.path("values").get(i);
                    values[i] = v.isNumber() ? v.asDouble() : Double.NaN;
                }
                series.add(new Series(s.path("name").asText(), values));
            }
            answers.add(new Answer(panel, queries, series));
        }
        return new Result(
                Instant.parse(json.path("start").asText()),
                Duration.ofSeconds(json.path("stepSeconds").asLong()),
                json.path("steps").asInt(),
                json.path("window").asText(),
                answers);
    }
}
