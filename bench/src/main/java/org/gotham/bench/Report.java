package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Each benchmark's section (Markdown and JSON), and the combined latest report. */
final class Report {

    /** What one benchmark measured: its figures, its Markdown, and its targets with the figure for each. */
    record Section(String name, String title, Json.Obj data, StringBuilder markdown, List<Json.Obj> targets) {

        Section(String name, String title) {
            this(name, title, Json.obj(), new StringBuilder(), new ArrayList<>());
        }

        Section line(String text) {
            markdown.append(text).append('\n');
            return this;
        }

        /** A target, its measured figure, and whether it was met ({@code null}: not measured). */
        void target(String target, String measured, Boolean met, String note) {
            targets.add(Json.obj()
                    .with("target", target)
                    .with("measured", measured)
                    .with("met", met)
                    .with("note", note));
        }
    }

    private Report() {}

    static void writeSection(Settings settings, Context context, Section section, Json.Obj machineAtStart) {
        Json.Obj json = Json.obj()
                .with("name", section.name())
                .with("title", section.title())
                .with("smoke", settings.smoke)
                .with("machine", machineAtStart)
                .with("versions", context.versions());
        json.putAll(section.data());
        json.with("loadAverageAtEnd", Machine.loadAverage()).with("targets", section.targets());
        StringBuilder md = new StringBuilder();
        md.append("## ").append(section.title()).append("\n\n");
        md.append(header(Json.parse(Json.write(json)))).append('\n');
        md.append(section.markdown());
        md.append('\n').append(targetTable(Json.parse(Json.write(section.targets())), false));
        write(settings.reports.resolve(section.name() + ".json"), Json.write(json) + "\n");
        if (section.name().equals("signin")) {
            SignInChart.write(settings.reports.resolve(SignInChart.FILE), Json.parse(Json.write(json)));
            md.append("\n![Sign-ins per second against concurrent clients](")
                    .append(SignInChart.FILE)
                    .append(")\n");
        }
        write(settings.reports.resolve(section.name() + ".md"), md.toString());
        Bench.say("Wrote " + settings.reports.resolve(section.name() + ".md"));
    }

    /** latest.md and latest.json from the newest section of each benchmark. */
    static void writeLatest(Settings settings) {
        Json.Obj sections = Json.obj();
        StringBuilder targets = new StringBuilder();
        StringBuilder bodies = new StringBuilder();
        for (String name : Bench.ALL) {
            Path json = settings.reports.resolve(name + ".json");
            Path md = settings.reports.resolve(name + ".md");
            if (!Files.isRegularFile(json) || !Files.isRegularFile(md)) {
                continue;
            }
            try {
                JsonNode section = Json.parse(Files.readString(json));
                sections.with(name, section);
                targets.append(targetRows(
                        section.path("targets"), section.path("title").asText()));
                bodies.append(Files.readString(md)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        write(
                settings.reports.resolve("latest.json"),
                Json.write(Json.obj().with("generatedAt", generated).with("sections", sections)) + "\n");
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append("Generated ")
                .append(generated)
                .append(" by `bench/run.sh` from the newest run of each benchmark ")
                .append("(`bench/reports/<name>.md|json`). Every ratio compares figures measured in the same run.\n\n");
        md.append("## Targets\n\n");
        md.append("| benchmark | target | measured | met | why / note |\n|---|---|---|---|---|\n");
        md.append(targets).append('\n');
        md.append(bodies);
        write(settings.reports.resolve("latest.md"), md.toString());
    }

    private static String header(JsonNode json) {
        JsonNode m = json.path("machine");
        JsonNode v = json.path("versions");
        StringBuilder versions = new StringBuilder();
        v.properties()
                .forEach(e -> versions.append(versions.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().asText()));
        return "Measured " + json.path("startedAt").asText("?")
                + (json.path("smoke").asBoolean()
                        ? " (SMOKE run: " + "small sizes, short windows; not for comparison)"
                        : "")
                + " on " + m.path("cores").asInt()
                + " cores (" + m.path("cpu").asText() + "), "
                + m.path("memoryGiB").asDouble() + " GiB, "
                + m.path("jdk").asText() + ", " + m.path("os").asText() + "; load average at start "
                + m.path("loadAverageAtStart") + ", at end " + json.path("loadAverageAtEnd") + "; "
                + json.path("minutes").asDouble() + " min.  \nVersions: " + versions + ".\n";
    }

    private static String targetTable(JsonNode targets, boolean withBenchmark) {
        StringBuilder md = new StringBuilder("| target | measured | met | why / note |\n|---|---|---|---|\n");
        for (JsonNode t : targets) {
            md.append("| ")
                    .append(t.path("target").asText())
                    .append(" | ")
                    .append(t.path("measured").asText())
                    .append(" | ")
                    .append(met(t.path("met")))
                    .append(" | ")
                    .append(t.path("note").asText(""))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String targetRows(JsonNode targets, String benchmark) {
        StringBuilder md = new StringBuilder();
        for (JsonNode t : targets) {
            md.append("| ")
                    .append(benchmark)
                    .append(" | ")
                    .append(t.path("target").asText())
                    .append(" | ")
                    .append(t.path("measured").asText())
                    .append(" | ")
                    .append(met(t.path("met")))
                    .append(" | ")
                    .append(t.path("note").asText(""))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String met(JsonNode met) {
        return met.isNull() || met.isMissingNode() ? "not measured" : met.asBoolean() ? "**met**" : "**missed**";
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10
                        ? String.format(Locale.ROOT, "%.1f", value)
                        : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
