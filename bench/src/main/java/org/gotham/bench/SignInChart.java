package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of the sign-in benchmark: sign-ins per second against concurrent clients, one line per kind of sign-in, with
 * each bcrypt ceiling (checks per second the machine can do at that cost) as a dashed line. Drawn from the section's
 * own figures ({@code signin.json}), so {@code bench/run.sh signin} writes it beside the Markdown, and an existing
 * report can be drawn again: {@code java -cp ... org.gotham.bench.SignInChart bench/reports/signin.json out.png}.
 */
final class SignInChart {

    static final String FILE = "signin-clients.png";
    /** One color per kind; a ceiling is drawn in its cost's color. */
    private static final List<java.awt.Color> COLORS = List.of(
            new java.awt.Color(0x1f77b4),
            new java.awt.Color(0xff7f0e),
            new java.awt.Color(0x9467bd),
            new java.awt.Color(0x2ca02c));

    private SignInChart() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[1]), Json.MAPPER.readTree(Path.of(args[0]).toFile()));
    }

    static void write(Path png, JsonNode report) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title("Sign-ins per second (password grant) against concurrent clients")
                .xAxisTitle("concurrent clients")
                .yAxisTitle("sign-ins per second")
                .build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");
        List<Integer> clients = new ArrayList<>();
        report.path("clientLevels").forEach(level -> clients.add(level.asInt()));
        Map<String, XYSeries> drawn = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> kind : List.of(
                Map.entry("legacy user, bcrypt cost 12", report.path("legacy").path("cost12")),
                Map.entry("legacy user, bcrypt cost 10", report.path("legacy").path("cost10")),
                Map.entry("Keycloak user (argon2)", report.path("local").path("levels")),
                Map.entry(
                        "lazy migration, first sign-in",
                        report.path("lazyMigration").path("beforeMigration")))) {
            XYSeries series = line(chart, kind.getKey(), clients, kind.getValue());
            if (series != null) {
                series.setLineColor(COLORS.get(drawn.size()));
                series.setMarkerColor(COLORS.get(drawn.size()));
                drawn.put(kind.getKey(), series);
            }
        }
        double[] x = clients.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String cost : List.of("cost12", "cost10")) {
            JsonNode ceiling = report.path("bcryptCeilings").path(cost).path("used");
            if (ceiling.isNumber() && x.length > 0) {
                double[] y = new double[x.length];
                java.util.Arrays.fill(y, ceiling.asDouble());
                XYSeries series = chart.addSeries("bcrypt ceiling, " + cost.replace("cost", "cost "), x, y);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(SeriesLines.DASH_DASH);
                XYSeries measured = drawn.get("legacy user, bcrypt " + cost.replace("cost", "cost "));
                if (measured != null) {
                    series.setLineColor(measured.getLineColor());
                }
            }
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of sign-ins per second at each client level the kind was measured at. */
    private static XYSeries line(XYChart chart, String label, List<Integer> clients, JsonNode levels) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int level : clients) {
            JsonNode perSecond = levels.path(Integer.toString(level)).path("perSecond");
            if (perSecond.isNumber()) {
                x.add((double) level);
                y.add(perSecond.asDouble());
            }
        }
        return x.isEmpty() ? null : chart.addSeries(label, x, y);
    }
}
