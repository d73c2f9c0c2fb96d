package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG of the dashboard: every panel drawn with XChart where Grafana's grid puts it (24 columns; a grid row is
 * {@link #ROW} px here), with the panel's title, a legend of the series' names under it as Grafana lists them, and
 * the y axis in the panel's unit as Grafana writes it ({@code reqps}: req/s, {@code s}: ms or s, {@code percentunit}:
 * %, ...). Every panel spans the same time range; the scenario's moments are dashed vertical lines. Above the panels,
 * the caption saying what the picture is.
 *
 * <p>Drawn from the saved answers ({@code panels.json} beside the run), so it can be drawn again without a run:
 * {@code java -cp 'bench/target/bench.jar:bench/target/lib/*' org.gotham.bench.DashboardPicture panels.json out.png}.
 */
final class DashboardPicture {

    static final String FILE = "dashboard.png";
    static final int WIDTH = 1600;
    static final int ROW = 50;
    private static final int GAP = 8;
    private static final int MARGIN = 16;
    /** Grafana's classic palette, in its order. */
    private static final Color[] PALETTE = {
        new Color(0x73BF69),
        new Color(0xF2CC0C),
        new Color(0x5794F2),
        new Color(0xFF780A),
        new Color(0xF2495C),
        new Color(0xB877D9),
        new Color(0x37872D),
        new Color(0x1F60C4),
        new Color(0xC4162A),
        new Color(0x8F3BB8),
        new Color(0xE0B400),
        new Color(0x96D98D)
    };

    private DashboardPicture() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[1]), Json.MAPPER.readTree(Path.of(args[0]).toFile()));
    }

    /**
     * Draws {@code saved}: the answers ({@link DashboardQueries#toJson}) with {@code title}, {@code caption} (lines)
     * and {@code marks} (each {@code at}, an instant, and {@code line}: whether to draw it).
     */
    static void write(Path png, JsonNode saved) {
        System.setProperty("java.awt.headless", "true");
        DashboardQueries.Result result = DashboardQueries.fromJson(saved);
        List<Double> marks = new ArrayList<>();
        for (JsonNode mark : saved.path("marks")) {
            if (mark.path("line").asBoolean(true)) {
                marks.add((double) Instant.parse(mark.path("at").asText()).toEpochMilli());
            }
        }
        String title = saved.path("title").asText("Dashboard");
        List<String> caption = new ArrayList<>();
        saved.path("caption").forEach(line -> caption.add(line.asText()));

        int gridRows = result.answers().stream()
                .mapToInt(a -> a.panel().y() + a.panel().h())
                .max()
                .orElse(0);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int header = header(probe, title, caption, false);
        probe.dispose();
        BufferedImage image = new BufferedImage(WIDTH, header + gridRows * ROW + MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xF4F5F5));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        header(g, title, caption, true);
        int columnWidth = (WIDTH - 2 * MARGIN) / 24;
        for (DashboardQueries.Answer answer : result.answers()) {
            DashboardQueries.Panel p = answer.panel();
            g.drawImage(
                    panel(answer, result, marks, p.w() * columnWidth - GAP, p.h() * ROW - GAP),
                    MARGIN + p.x() * columnWidth + GAP / 2,
                    header + p.y() * ROW + GAP / 2,
                    null);
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            PalettePng.write(image, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws (or only measures) the title and the caption, wrapped; returns the height used. */
    private static int header(Graphics2D g, String title, List<String> caption, boolean draw) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int y = MARGIN;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
        y += g.getFontMetrics().getAscent();
        if (draw) {
            g.setColor(new Color(0x202226));
            g.drawString(title, MARGIN + GAP / 2, y);
        }
        y += g.getFontMetrics().getDescent() + 6;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(0x404450));
        for (String paragraph : caption) {
            for (String line : wrap(paragraph, fm, WIDTH - 2 * MARGIN - GAP)) {
                y += fm.getHeight();
                if (draw) {
                    g.drawString(line, MARGIN + GAP / 2, y - fm.getDescent());
                }
            }
        }
        return y + 10;
    }

    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** One panel: the chart above, the legend (wrapped, as Grafana lists it) below. */
    private static BufferedImage panel(
            DashboardQueries.Answer answer, DashboardQueries.Result result, List<Double> marks, int width, int height) {
        List<Date> x = new ArrayList<>();
        for (int i = 0; i < result.steps(); i++) {
            x.add(new Date(result.timeMillis(i)));
        }
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (DashboardQueries.Series series : answer.series()) {
            if (Arrays.stream(series.values()).noneMatch(Double::isFinite)) {
                continue; // a series without a single value draws nothing
            }
            String name = series.name().isBlank() ? "value" : series.name();
            for (int n = 2; !taken.add(name); n++) {
                name = series.name() + " (" + n + ")";
            }
            names.add(name);
            values.add(series.values());
        }
        BufferedImage legend = legend(names, width);
        XYChart chart = chart(answer.panel(), x, names, values, marks, width, height - legend.getHeight());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, 0, null);
        g.drawImage(legend, 0, height - legend.getHeight(), null);
        g.dispose();
        return image;
    }

    private static XYChart chart(
            DashboardQueries.Panel panel,
            List<Date> x,
            List<String> names,
            List<double[]> values,
            List<Double> marks,
            int width,
            int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(panel.title())
                .build();
        chart.getStyler()
                .setLegendVisible(false)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17))
                .setChartTitleBoxVisible(false)
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setPlotBorderVisible(false)
                .setAnnotationLineColor(new Color(0x9AA0A8))
                .setAnnotationLineStroke(new BasicStroke(
                        1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f))
                .setChartPadding(10);
        chart.getStyler()
                .setPlotGridLinesColor(new Color(0xE4E6EA))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setPlotMargin(4)
                .setXAxisTickMarkSpacingHint(160)
                .setDatePattern("HH:mm:ss")
                .setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC))
                .setXAxisMin((double) x.get(0).getTime())
                .setXAxisMax((double) x.get(x.size() - 1).getTime())
                .setYAxisMin(0.0)
                .setyAxisTickLabelsFormattingFunction(value -> unit(panel.unit(), value));
        chart.getStyler().setMarkerSize(0);
        for (int i = 0; i < names.size(); i++) {
            List<Double> y = new ArrayList<>();
            for (double v : values.get(i)) {
                y.add(Double.isFinite(v) ? v : Double.NaN);
            }
            XYSeries line = chart.addSeries(names.get(i), x, y);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color(i));
            line.setLineWidth(2f);
        }
        if (names.isEmpty()) {
            XYSeries empty = chart.addSeries("no data", x, new ArrayList<>(Collections.nCopies(x.size(), 0.0)));
            empty.setMarker(SeriesMarkers.NONE);
            empty.setLineColor(new Color(0, 0, 0, 0));
            chart.getStyler().setYAxisMax(1.0);
            chart.addAnnotation(new AnnotationText("No data", width / 2.0, height / 2.0, true));
        }
        for (double mark : marks) {
            chart.addAnnotation(new AnnotationLine(mark, true, false));
        }
        return chart;
    }

    /** Grafana's list legend under the plot: a short line in the series' color and its name, wrapped to the width. */
    private static BufferedImage legend(List<String> names, int width) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = probe.getFontMetrics(font);
        probe.dispose();
        int swatch = 18;
        int lineHeight = fm.getHeight() + 4;
        List<int[]> positions = new ArrayList<>(); // left, row
        int left = 14;
        int row = 0;
        for (String name : names) {
            int entry = swatch + 6 + fm.stringWidth(name);
            if (left > 14 && left + entry > width - 10) {
                left = 14;
                row++;
            }
            positions.add(new int[] {left, row});
            left += entry + 18;
        }
        int rows = names.isEmpty() ? 0 : row + 1;
        BufferedImage image = new BufferedImage(width, rows * lineHeight + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        for (int i = 0; i < names.size(); i++) {
            int baseline = positions.get(i)[1] * lineHeight + fm.getAscent() + 2;
            int x = positions.get(i)[0];
            int middle = baseline - fm.getAscent() / 2 + 2;
            g.setColor(color(i));
            g.fillRect(x, middle - 1, swatch, 3);
            g.setColor(new Color(0x303338));
            g.drawString(names.get(i), x + swatch + 6, baseline);
        }
        g.dispose();
        return image;
    }

    private static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** A value as Grafana writes it in a panel of this unit. */
    static String unit(String unit, double value) {
        return switch (unit) {
            case "percentunit" -> number(value * 100) + "%";
            case "reqps" -> number(value) + " req/s";
            case "ops" -> number(value) + " ops/s";
            case "s" ->
                value == 0
                        ? "0 s"
                        : Math.abs(value) < 1e-3
                                ? number(value * 1e6) + " µs"
                                : Math.abs(value) < 1 ? number(value * 1e3) + " ms" : number(value) + " s";
            default ->
                Math.abs(value) >= 1e6
                        ? number(value / 1e6) + " Mil"
                        : Math.abs(value) >= 1e3 ? number(value / 1e3) + " K" : number(value);
        };
    }

    private static String number(double value) {
        double abs = Math.abs(value);
        String pattern = abs == 0 || abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        String text = String.format(Locale.ROOT, pattern, value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }
}
