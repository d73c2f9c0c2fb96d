package org.gotham.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A fixed number of clients, each sending its next request as soon as the previous one is answered, for a
 * warm-up and then a measured window. Throughput is what completed inside the window; every error, in the
 * warm-up or the window, is counted.
 */
final class ClosedLoop {

    /** One request: null when it succeeded, else a short description of the error. */
    interface Request {
        String send(int client);
    }

    private record Sample(long end, long nanos, boolean ok) {}

    private ClosedLoop() {}

    /**
     * @param serverCpu CPU seconds used so far by the server under test (read at the window's edges)
     */
    static Json.Obj run(
            int clients, double warmupSeconds, double windowSeconds, Request request, DoubleSupplier serverCpu) {
        return run(clients, warmupSeconds, windowSeconds, request, serverCpu, Map::of);
    }

    /**
     * @param serverCpuByKind CPU seconds used so far by the server's threads, by kind (read at the window's
     *        edges; the result shows the CPU ms per request of each kind)
     */
    static Json.Obj run(
            int clients,
            double warmupSeconds,
            double windowSeconds,
            Request request,
            DoubleSupplier serverCpu,
            Supplier<Map<String, Double>> serverCpuByKind) {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> errors = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(
                    () -> {
                        while (!stop.get()) {
                            long start = System.nanoTime();
                            String error;
                            try {
                                error = request.send(client);
                            } catch (RuntimeException e) {
                                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                            }
                            long end = System.nanoTime();
                            samples.add(new Sample(end, end - start, error == null));
                            if (error != null) {
                                errors.computeIfAbsent(Json.abbreviate(error), k -> new AtomicLong())
                                        .incrementAndGet();
                            }
                        }
                    },
                    "client-" + c);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Processes.sleep((long) (warmupSeconds * 1000));
        double cpu0 = serverCpu.getAsDouble();
        Map<String, Double> kinds0 = serverCpuByKind.get();
        double own0 = Processes.cpuSeconds(ProcessHandle.current().pid());
        CpuMeter machine = CpuMeter.start();
        long t0 = System.nanoTime();
        Processes.sleep((long) (windowSeconds * 1000));
        long t1 = System.nanoTime();
        double cpu1 = serverCpu.getAsDouble();
        Map<String, Double> kinds1 = serverCpuByKind.get();
        double own1 = Processes.cpuSeconds(ProcessHandle.current().pid());
        double busy = machine.busyCores();
        stop.set(true);
        for (Thread thread : threads) {
            try {
                thread.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Long> latencies = new ArrayList<>();
        long ok = 0;
        long windowErrors = 0;
        for (Sample s : samples) {
            if (s.end >= t0 && s.end <= t1) {
                if (s.ok) {
                    ok++;
                    latencies.add(s.nanos);
                } else {
                    windowErrors++;
                }
            }
        }
        long allErrors = samples.stream().filter(s -> !s.ok).count();
        double seconds = (t1 - t0) / 1e9;
        Collections.sort(latencies);
        Json.Obj result = Json.obj()
                .with("clients", clients)
                .with("windowSeconds", round(seconds, 2))
                .with("completed", ok)
                .with("perSecond", round(ok / seconds, 2))
                .with("errors", allErrors)
                .with("errorsInWindow", windowErrors)
                .with(
                        "latencyMs",
                        Json.obj()
                                .with("p50", percentileMs(latencies, 0.50))
                                .with("p95", percentileMs(latencies, 0.95))
                                .with("max", percentileMs(latencies, 1.0)))
                .with("serverCpuSecondsPerRequest", ok == 0 ? null : round((cpu1 - cpu0) / ok, 4))
                .with("serverCpuCores", round((cpu1 - cpu0) / seconds, 2))
                .with("loadGeneratorCpuCores", round((own1 - own0) / seconds, 2))
                .with("machineBusyCores", round(busy, 2))
                // what neither the server nor the load generator used: other processes on the machine
                .with("otherCpuCores", round(Math.max(0, busy - (cpu1 - cpu0) / seconds - (own1 - own0) / seconds), 2));
        if (!kinds1.isEmpty() && ok > 0) {
            Json.Obj byKind = Json.obj();
            for (Map.Entry<String, Double> kind : kinds1.entrySet()) {
                double used = kind.getValue() - kinds0.getOrDefault(kind.getKey(), 0.0);
                byKind.with(kind.getKey(), round(used * 1000 / ok, 2));
            }
            result.with("serverCpuMsPerRequestByThreadKind", byKind);
        }
        if (!errors.isEmpty()) {
            Json.Obj kinds = Json.obj();
            synchronized (errors) {
                errors.entrySet().stream()
                        .limit(5)
                        .forEach(e -> kinds.with(e.getKey(), e.getValue().get()));
            }
            result.with("errorKinds", kinds);
        }
        return result;
    }

    static Double percentileMs(List<Long> sortedNanos, double q) {
        if (sortedNanos.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(q * sortedNanos.size()) - 1;
        return round(sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, index))) / 1e6, 1);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
