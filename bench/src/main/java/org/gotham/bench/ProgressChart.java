package org.gotham.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line plot of import progress (rows processed against seconds), one line per import measured. */
final class ProgressChart {

    /** One line: its label and its points. */
    record Line(String label, List<ConsoleImport.Point> points) {}

    private ProgressChart() {}

    static void write(Path png, String title, List<Line> lines) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title(title)
                .xAxisTitle("seconds since the sync request")
                .yAxisTitle("rows processed (synchronous: users added)")
                .build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setDecimalPattern("#,###");
        for (Line line : lines) {
            if (line.points().isEmpty()) {
                continue;
            }
            double[] x = line.points().stream()
                    .mapToDouble(ConsoleImport.Point::seconds)
                    .toArray();
            double[] y = line.points().stream().mapToDouble(p -> p.processed()).toArray();
            XYSeries series = chart.addSeries(line.label(), x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
        try {
            Files.createDirectories(png.getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
