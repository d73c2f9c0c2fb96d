package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gotham.testsupport.FreePort;
import org.gotham.testsupport.ServerProcess;

/**
 * Debian's Prometheus ({@code apt-get install prometheus}; the binary, not its systemd service) run as a process of
 * the benchmark: its own configuration and storage under {@code bench/work/}, on a free port of 127.0.0.1, scraping
 * the targets given; and its HTTP API's range queries.
 */
final class Prometheus implements AutoCloseable {

    /** A scrape job: its name (the {@code job} label), the metrics path and one {@code host:port}. */
    record Job(String name, String path, String target) {}

    static final String DEFAULT_BINARY = "/usr/bin/prometheus";

    private final Process process;
    private final int port;
    private final Http http = new Http();

    private Prometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code binary} with a configuration of these jobs, every job scraped each {@code interval}, its storage
     * in {@code dir/data} (emptied first), and waits until it is ready.
     */
    static Prometheus start(String binary, Path dir, Duration interval, List<Job> jobs) {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(
                    binary + " is missing: apt-get install -y prometheus (bench/run.sh does it as root)");
        }
        int port = FreePort.next();
        Path config = dir.resolve("prometheus.yml");
        Path data = dir.resolve("data");
        Path log = dir.resolve("prometheus.log");
        try {
            deleteTree(data);
            Files.createDirectories(data);
            Files.writeString(config, config(interval, jobs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Bench.say("Starting Prometheus (" + binary + ", scraping every " + interval.toSeconds() + " s; log: " + log
                + ")");
        Process process = ServerProcess.start(
                List.of(
                        binary,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=2d",
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn"),
                dir,
                Map.of(),
                log);
        ServerProcess.awaitReady(
                "Prometheus", process, URI.create("http://127.0.0.1:" + port + "/-/ready"), Duration.ofMinutes(2), log);
        return new Prometheus(process, port);
    }

    static String config(Duration interval, List<Job> jobs) {
        StringBuilder yaml = new StringBuilder()
                .append("# written by bench/run.sh dashboard\n")
                .append("global:\n")
                .append("  scrape_interval: ")
                .append(interval.toSeconds())
                .append("s\n")
                .append("  scrape_timeout: ")
                .append(interval.toSeconds())
                .append("s\n")
                .append("scrape_configs:\n");
        for (Job job : jobs) {
            yaml.append("  - job_name: ")
                    .append(job.name())
                    .append('\n')
                    .append("    metrics_path: ")
                    .append(job.path())
                    .append('\n')
                    .append("    static_configs:\n")
                    .append("      - targets: [\"")
                    .append(job.target())
                    .append("\"]\n");
        }
        return yaml.toString();
    }

    /** Waits until every target has been scraped successfully (its {@code health} is {@code up}). */
    void awaitTargetsUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode targets = api("/api/v1/targets?state=active").path("activeTargets");
            StringBuilder down = new StringBuilder();
            for (JsonNode target : targets) {
                if (!"up".equals(target.path("health").asText())) {
                    down.append(' ')
                            .append(target.path("labels").path("job").asText())
                            .append(" (")
                            .append(target.path("lastError").asText())
                            .append(')');
                }
            }
            if (!targets.isEmpty() && down.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Prometheus targets not up after " + timeout.toSeconds() + " s:" + down);
            }
            Processes.sleep(500);
        }
    }

    /** {@code /api/v1/query_range}: the result's {@code data.result}, one entry per series. */
    JsonNode queryRange(String expr, Instant start, Instant end, Duration step) {
        return api("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                        + "&start=" + start.getEpochSecond()
                        + "&end=" + end.getEpochSecond()
                        + "&step=" + step.toSeconds() + "s")
                .path("result");
    }

    private JsonNode api(String pathAndQuery) {
        Http.Answer answer = http.get("http://127.0.0.1:" + port + pathAndQuery, null);
        if (!answer.ok()) {
            throw new IllegalStateException(
                    "Prometheus " + pathAndQuery + ": " + answer.status() + " " + Json.abbreviate(answer.body()));
        }
        JsonNode body = Json.parse(answer.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus " + pathAndQuery + ": " + Json.abbreviate(answer.body()));
        }
        return body.path("data");
    }

    /** The version {@code prometheus --version} names ({@code 2.42.0+ds}), or its first line. */
    static String version(String binary) {
        String first = Processes.output(List.of(binary, "--version"), null)
                .lines()
                .findFirst()
                .orElse("unknown")
                .trim();
        java.util.regex.Matcher version =
                java.util.regex.Pattern.compile("version (\\S+)").matcher(first);
        return version.find() ? version.group(1) : first;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        ServerProcess.stop(process, Duration.ofSeconds(10));
    }
}
