package org.gotham.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starting a server as a child process, waiting until it answers, and stopping it with everything it started. Where
 * {@code setsid} exists (Linux) the process runs in a session of its own, so that stopping it also reaches children
 * that left its tree (a script's background jobs), and nothing else.
 */
public final class ServerProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    /** How long a server has to stop on SIGTERM before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private ServerProcess() {}

    /**
     * Starts {@code command} in {@code dir} with {@code environment} added to this JVM's, output appended to
     * {@code log}, input from nothing. It is also stopped when this JVM exits.
     */
    public static Process start(List<String> command, Path dir, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        return start(builder, log);
    }

    /** Starts what {@code builder} describes (command, directory, environment) as {@link #start(List, Path, Map, Path)}. */
    public static Process start(ProcessBuilder builder, Path log) {
        List<String> command = new ArrayList<>(builder.command());
        if (SETSID != null) {
            command.add(0, SETSID.toString());
        }
        builder.command(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, Duration.ofSeconds(5))));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Waits until {@code readiness} answers 200; stops the process and throws, naming the log, when it exits first
     * or {@code timeout} passes.
     */
    public static void awaitReady(String name, Process process, URI readiness, Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answersOk(readiness)) {
            if (!process.isAlive()) {
                stop(process, GRACE);
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                stop(process, GRACE);
                throw new IllegalStateException(
                        name + " was not ready after " + timeout.toSeconds() + " s; see " + log);
            }
            sleep(250);
        }
    }

    /** Whether {@code uri} answers 200 now. */
    public static boolean answersOk(URI uri) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM to the process, its session and its descendants; SIGKILL for what is left after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        if (process == null
                || !process.isAlive() && process.descendants().findAny().isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = tree(process.toHandle());
        signalSession(process, "TERM");
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(200);
        }
        if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
            signalSession(process, "KILL");
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the process and everything it started, at once, as a crash or the OOM killer would. */
    public static void kill(Process process) {
        List<ProcessHandle> tree = tree(process.toHandle());
        signalSession(process, "KILL");
        tree.forEach(ProcessHandle::destroyForcibly);
        process.toHandle().onExit().join();
    }

    /** The process and all its descendants. */
    public static List<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    /** The first JVM in the process's tree (e.g. {@code kc.sh}'s java), or the process itself. */
    public static ProcessHandle jvm(ProcessHandle process) {
        return tree(process).stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElse(process);
    }

    /** A session's id is its leader's pid: {@code setsid} made the process one. */
    private static void signalSession(Process process, String signal) {
        if (SETSID == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the group is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
