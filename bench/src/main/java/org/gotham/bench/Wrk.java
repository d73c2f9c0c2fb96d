package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * wrk (Debian's package) as the HTTP load generator, in its own process. Three request shapes: no token (the
 * unauthenticated baseline), one token per wrk thread reused on every request (the common case; both static
 * requests, built once by wrk), and the next never-used token of a pre-minted file on every request (the worst
 * case; a Lua {@code request()} per request).
 */
final class Wrk {

    private static final String REPORT = """
            local threads = {}
            local counter = 0
            function setup(thread)
               counter = counter + 1
               thread:set("id", counter)
               table.insert(threads, thread)
            end
            function done(summary, latency, requests)
               local wrapped = 0
               for _, t in ipairs(threads) do wrapped = wrapped + (t:get("wrapped") or 0) end
               local e = summary.errors
               io.write(string.format('BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,'
                  .. '"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p95Us":%d,'
                  .. '"p99Us":%d,"maxUs":%d,"wrapped":%d}\\n',
                  summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
                  latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, wrapped))
            end
            """;

    /** Static request; the token (if any) is one per thread, from the file given as the first argument. */
    private static final String STATIC = REPORT + """
            function init(args)
               if args[1] then
                  local i = 0
                  for line in io.lines(args[1]) do
                     i = i + 1
                     if i == id then wrk.headers["Authorization"] = "Bearer " .. line end
                  end
               end
            end
            """;

    /** A fresh token per request: thread k of n takes every n-th line of the file, starting at line k. */
    private static final String FRESH = REPORT + """
            local tokens = {}
            local next_index = 0
            wrapped = 0
            function init(args)
               local threads_total = tonumber(args[2])
               local i = 0
               for line in io.lines(args[1]) do
                  if i % threads_total == id - 1 then table.insert(tokens, line) end
                  i = i + 1
               end
            end
            function request()
               next_index = next_index + 1
               if next_index > #tokens then
                  next_index = 1
                  wrapped = wrapped + 1
               end
               return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[next_index] })
            end
            """;

    private final Path dir;
    private final int threads;
    private final int connections;

    Wrk(Path dir, int threads, int connections) {
        this.dir = dir;
        this.threads = threads;
        this.connections = connections;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("static.lua"), STATIC);
            Files.writeString(dir.resolve("fresh.lua"), FRESH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean available() {
        return !Processes.output(List.of("sh", "-c", "command -v wrk"), null).isBlank();
    }

    static String version() {
        String out = Processes.output(List.of("wrk", "-v"), null);
        return out.lines()
                .findFirst()
                .orElse("unknown")
                .replaceAll(" Copyright.*", "")
                .trim();
    }

    int threads() {
        return threads;
    }

    /** No token, or one reused token per thread (the tokens file has one line per thread). */
    Json.Obj staticRun(String url, Path tokensOrNull, double seconds, DoubleSupplier serverCpu) {
        List<String> args = new ArrayList<>();
        if (tokensOrNull != null) {
            args.add(tokensOrNull.toString());
        }
        return run(url, "static.lua", args, seconds, serverCpu);
    }

    /** A distinct token on every request, taken in order from the file; {@code wrapped} > 0 if it ran out. */
    Json.Obj freshRun(String url, Path tokens, double seconds, DoubleSupplier serverCpu) {
        return run(url, "fresh.lua", List.of(tokens.toString(), Integer.toString(threads)), seconds, serverCpu);
    }

    private Json.Obj run(String url, String script, List<String> args, double seconds, DoubleSupplier serverCpu) {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + Math.round(seconds) + "s",
                "--timeout",
                "10s",
                "-s",
                dir.resolve(script).toString(),
                url));
        if (!args.isEmpty()) {
            command.add("--");
            command.addAll(args);
        }
        double cpu0 = serverCpu.getAsDouble();
        CpuMeter machine = CpuMeter.start();
        String out = Processes.output(command, dir);
        double machineBusy = machine.busyCores();
        double cpu1 = serverCpu.getAsDouble();
        String line = out.lines()
                .filter(l -> l.startsWith("BENCH_JSON "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk gave no result: " + Json.abbreviate(out)));
        JsonNode r = Json.parse(line.substring("BENCH_JSON ".length()));
        double duration = r.path("durationUs").asLong() / 1e6;
        long requests = r.path("requests").asLong();
        long errors = r.path("connectErrors").asLong()
                + r.path("readErrors").asLong()
                + r.path("writeErrors").asLong()
                + r.path("statusErrors").asLong()
                + r.path("timeouts").asLong();
        return Json.obj()
                .with("requests", requests)
                .with("seconds", ClosedLoop.round(duration, 2))
                .with("perSecond", ClosedLoop.round(requests / duration, 1))
                .with("errors", errors)
                .with("non2xx", r.path("statusErrors").asLong())
                .with(
                        "latencyMs",
                        Json.obj()
                                .with("p50", ClosedLoop.round(r.path("p50Us").asLong() / 1000.0, 2))
                                .with("p95", ClosedLoop.round(r.path("p95Us").asLong() / 1000.0, 2))
                                .with("p99", ClosedLoop.round(r.path("p99Us").asLong() / 1000.0, 2)))
                .with(
                        "serverCpuMicrosPerRequest",
                        requests == 0 ? null : ClosedLoop.round((cpu1 - cpu0) / requests * 1e6, 1))
                .with("serverCpuCores", ClosedLoop.round((cpu1 - cpu0) / duration, 2))
                .with("machineBusyCores", ClosedLoop.round(machineBusy, 2))
                .with("tokenFileWrapped", r.path("wrapped").asLong());
    }
}
