package org.gotham.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gotham.testsupport.FreePort;
import org.gotham.testsupport.ServerProcess;

/**
 * Cold start of {@code ./run.sh} to both services healthy, in a copy of the repository (bench/work/repo-copy, no
 * target/ and no data/) on free ports, so the working tree and its default ports are never touched: the first run
 * (it builds both jars with the Maven cache warm, unpacks Keycloak, creates the demo database and imports the
 * realm) and the second (everything there). Each run is stopped the way a user stops it (SIGTERM to run.sh), and
 * what it leaves behind is counted.
 */
final class ColdStartBench {

    private record Line(double seconds, String text) {}

    private final Context context;
    private final Settings settings;
    private final Report.Section section = new Report.Section("coldstart", "Cold start of ./run.sh");
    private final Path copy;

    private ColdStartBench(Context context) {
        this.context = context;
        this.settings = context.settings;
        this.copy = settings.work.resolve("repo-copy");
    }

    static Report.Section run(Context context) throws Exception {
        return new ColdStartBench(context).run();
    }

    private Report.Section run() throws Exception {
        Files.createDirectories(copy);
        String rsync = Processes.output(
                List.of(
                        "rsync",
                        "-a",
                        "--delete",
                        "--delete-excluded",
                        "--exclude",
                        "target",
                        "--exclude",
                        "/data",
                        "--exclude",
                        "/bench/work",
                        "--exclude",
                        "/.git",
                        "--exclude",
                        "*.log",
                        settings.repo + "/",
                        copy + "/"),
                null);
        if (!Files.isRegularFile(copy.resolve("run.sh"))) {
            throw new IllegalStateException("could not copy the repository with rsync: " + rsync);
        }
        Json.Obj first = runOnce("first");
        Json.Obj second = runOnce("second");
        section.data()
                .with("copy", settings.work.relativize(copy).toString())
                .with("first", first)
                .with("second", second);
        describe(first, second);
        return section;
    }

    private Json.Obj runOnce(String label) throws Exception {
        int keycloakPort = FreePort.next();
        int managementPort = FreePort.next();
        int apiPort = FreePort.next();
        Map<String, String> env = Map.of(
                "KEYCLOAK_PORT",
                Integer.toString(keycloakPort),
                "KEYCLOAK_MANAGEMENT_PORT",
                Integer.toString(managementPort),
                "CRIME_API_PORT",
                Integer.toString(apiPort));
        Path log = settings.work.resolve("logs/coldstart-" + label + "-" + System.currentTimeMillis() + ".log");
        Bench.say("./run.sh, " + label + " run, in " + copy + " (log: " + log + ")");
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "run.sh")
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("LEGACY_DB_")
                        || name.startsWith("KEYCLOAK_")
                        || name.startsWith("CRIME_")
                        || name.startsWith("KC_"));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ServerProcess.stop(process, Duration.ofSeconds(5))));
        List<Line> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()));
                    BufferedWriter out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                    double t = (System.nanoTime() - start) / 1e9;
                    synchronized (lines) {
                        lines.add(new Line(t, line));
                    }
                    out.write(String.format("%7.1f %s%n", t, line));
                    out.flush();
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        Http http = new Http();
        double keycloakReady = -1;
        double apiReady = -1;
        long deadline = start + TimeUnit.SECONDS.toNanos(settings.integer("coldstart.timeout", 900, 900));
        while ((keycloakReady < 0 || apiReady < 0) && System.nanoTime() < deadline && process.isAlive()) {
            double t = (System.nanoTime() - start) / 1e9;
            if (apiReady < 0 && http.isUp("http://127.0.0.1:" + apiPort + "/actuator/health/readiness")) {
                apiReady = t;
            }
            if (keycloakReady < 0 && http.isUp("http://127.0.0.1:" + managementPort + "/health/ready")) {
                keycloakReady = t;
            }
            Processes.sleep(250);
        }
        double bothReady = keycloakReady < 0 || apiReady < 0 ? -1 : Math.max(keycloakReady, apiReady);
        // A sign-in through the imported realm and the provider proves the start was whole (demo user batman).
        Http.Answer signIn = bothReady < 0
                ? null
                : http.postForm(
                        "http://127.0.0.1:" + keycloakPort + "/realms/gotham/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "crime-cli",
                                "username",
                                "batman",
                                "password",
                                "IamVengeance1"));
        List<ProcessHandle> tree = ServerProcess.tree(process.toHandle());
        long stopStart = System.nanoTime();
        process.destroy(); // SIGTERM to run.sh, as Ctrl-C would: its trap stops both services
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
        Processes.sleep(1000);
        long leftovers = tree.stream().filter(ProcessHandle::isAlive).count();
        if (!exited || leftovers > 0) {
            ServerProcess.stop(process, Duration.ofSeconds(5));
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        reader.join(5000);
        boolean portsFree = !http.isUp("http://127.0.0.1:" + managementPort + "/health/ready")
                && !http.isUp("http://127.0.0.1:" + apiPort + "/actuator/health/readiness");
        Json.Obj phases = Json.obj();
        synchronized (lines) {
            for (Line line : lines) {
                String text = line.text().trim();
                phase(phases, text, line.seconds(), "Building", "buildStarted");
                phase(phases, text, line.seconds(), "Getting Keycloak", "keycloakDownloadStarted");
                phase(phases, text, line.seconds(), "Starting crime-api", "crimeApiStarted");
                phase(phases, text, line.seconds(), "crime-api is ready", "crimeApiReadyLine");
                phase(phases, text, line.seconds(), "Starting Keycloak", "keycloakStarted");
                phase(phases, text, line.seconds(), "keycloak is ready", "keycloakReadyLine");
                phase(phases, text, line.seconds(), "Gotham crime data is running", "runningLine");
            }
        }
        Json.Obj result = Json.obj()
                .with("bothHealthySeconds", ClosedLoop.round(bothReady, 1))
                .with("crimeApiHealthySeconds", ClosedLoop.round(apiReady, 1))
                .with("keycloakHealthySeconds", ClosedLoop.round(keycloakReady, 1))
                .with("phases", phases)
                .with("demoSignInStatus", signIn == null ? null : signIn.status())
                .with("stopSeconds", ClosedLoop.round(stopSeconds, 1))
                .with("exitedOnSigterm", exited)
                .with("processesLeftBehind", leftovers)
                .with("portsFreeAfterStop", portsFree)
                .with("log", settings.work.relativize(log).toString());
        Bench.say("  " + label + ": both healthy after " + result.get("bothHealthySeconds") + " s " + phases);
        if (bothReady < 0) {
            throw new IllegalStateException("run.sh (" + label + " run) did not get both services healthy; see " + log);
        }
        return result;
    }

    private static void phase(Json.Obj phases, String text, double seconds, String marker, String name) {
        if (text.contains(marker) && !phases.containsKey(name)) {
            phases.with(name, ClosedLoop.round(seconds, 1));
        }
    }

    private void describe(Json.Obj first, Json.Obj second) {
        section.line(
                "`./run.sh` in a copy of the repository (`bench/work/repo-copy`: no `target/`, no `data/`; the Maven "
                        + "cache `~/.m2` warm) on free ports (`KEYCLOAK_PORT`, `KEYCLOAK_MANAGEMENT_PORT`, `CRIME_API_PORT`), "
                        + "timed from launch until both health endpoints answer 200 (Keycloak `/health/ready` on the "
                        + "management port, crime-api `/actuator/health/readiness`), then stopped with SIGTERM as Ctrl-C "
                        + "would. Phases are the times run.sh printed each step.\n");
        section.line("| run | both healthy s | crime-api healthy s | Keycloak healthy s | build started → crime-api "
                + "started s | Keycloak started → ready s | demo sign-in | stop s | processes left |");
        section.line("|---|---|---|---|---|---|---|---|---|");
        for (String label : List.of("first", "second")) {
            Json.Obj r = label.equals("first") ? first : second;
            Json.Obj p = (Json.Obj) r.get("phases");
            String build = p.containsKey("buildStarted") && p.containsKey("crimeApiStarted")
                    ? Report.fmt((Double) p.get("crimeApiStarted") - (Double) p.get("buildStarted"))
                    : "no build";
            String kc = p.containsKey("keycloakStarted") && p.containsKey("keycloakReadyLine")
                    ? Report.fmt((Double) p.get("keycloakReadyLine") - (Double) p.get("keycloakStarted"))
                    : "";
            section.line("| " + label + " | **" + r.get("bothHealthySeconds") + "** | "
                    + r.get("crimeApiHealthySeconds")
                    + " | " + r.get("keycloakHealthySeconds") + " | " + build + " | " + kc + " | "
                    + r.get("demoSignInStatus") + " | " + r.get("stopSeconds") + " | " + r.get("processesLeftBehind")
                    + " |");
        }
        section.line("");
        section.target(
                "cold start, first run (build, unpack, import) to both healthy (reported, no threshold)",
                first.get("bothHealthySeconds") + " s",
                null,
                "");
        section.target(
                "cold start, second run to both healthy (reported, no threshold)",
                second.get("bothHealthySeconds") + " s",
                null,
                "");
        long left = ((Number) first.get("processesLeftBehind")).longValue()
                + ((Number) second.get("processesLeftBehind")).longValue();
        section.target("run.sh stops everything on SIGTERM", left + " processes left behind", left == 0, "");
    }
}
