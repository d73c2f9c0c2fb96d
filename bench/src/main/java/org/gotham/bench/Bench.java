package org.gotham.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar bench/target/bench.jar all|signin|api|search|coldstart|import|dashboard|report}: runs the benchmarks
 * named, each against its own baseline measured in the same run, and writes {@code bench/reports/<name>.md|json} and
 * the combined {@code bench/reports/latest.md|json}; {@code dashboard} (not part of {@code all}: a picture, not a
 * measurement) draws the Grafana dashboard from a run. {@code bench/run.sh} builds what is needed and calls this.
 */
public final class Bench {

    static final List<String> ALL = List.of("signin", "api", "search", "coldstart", "import");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path repo =
                Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Settings settings = new Settings(repo);
        List<String> names = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"all"} : args) {
            if (arg.equals("all")) {
                names.addAll(ALL);
            } else if (ALL.contains(arg) || arg.equals("dashboard") || arg.equals("report")) {
                names.add(arg);
            } else {
                System.err.println("unknown benchmark '" + arg + "': use all, " + String.join(", ", ALL)
                        + ", dashboard or report");
                System.exit(2);
            }
        }
        Files.createDirectories(settings.reports);
        Files.createDirectories(settings.work.resolve("logs"));
        int failures = 0;
        try (Context context = new Context(settings)) {
            for (String name : names) {
                if (name.equals("report")) {
                    continue;
                }
                say("== " + name + (settings.smoke ? " (smoke)" : "") + " ==");
                Instant started = Instant.now();
                Json.Obj machine = Machine.describe();
                try {
                    Report.Section section = switch (name) {
                        case "signin" -> SignInBench.run(context);
                        case "api" -> ApiBench.run(context);
                        case "search" -> SearchBench.run(context);
                        case "coldstart" -> ColdStartBench.run(context);
                        case "import" -> ImportBench.run(context);
                        case "dashboard" -> DashboardBench.run(context);
                        default -> throw new IllegalArgumentException(name);
                    };
                    section.data()
                            .put(
                                    "startedAt",
                                    started.truncatedTo(ChronoUnit.SECONDS).toString());
                    section.data()
                            .put(
                                    "minutes",
                                    ClosedLoop.round(
                                            (Instant.now().toEpochMilli() - started.toEpochMilli()) / 60000.0, 1));
                    Report.writeSection(settings, context, section, machine);
                } catch (Exception e) {
                    failures++;
                    System.err.println(name + " failed: " + e);
                    e.printStackTrace();
                }
            }
        }
        if (names.stream().anyMatch(n -> ALL.contains(n) || n.equals("report"))) {
            Report.writeLatest(settings);
        }
        say("Reports in " + settings.reports);
        System.exit(failures == 0 ? 0 : 1);
    }

    static void say(String line) {
        System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
        System.out.flush();
    }
}
