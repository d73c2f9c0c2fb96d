package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gotham.testsupport.FreePort;
import org.gotham.testsupport.Requirements;

/**
 * A PostgreSQL server of the test's own, made with Debian's {@code initdb} and run with {@code pg_ctl} in a
 * temporary directory on a free port: a test may stop and start it without touching the machine's shared
 * PostgreSQL, which other tests use. Trust authentication for {@code postgres} on 127.0.0.1 only. PostgreSQL
 * refuses to run as root, so under root the binaries run as the {@code postgres} system user.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Path DEBIAN_POSTGRES = Path.of("/usr/lib/postgresql");
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");
    private static final String SYSTEM_USER = "postgres";
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    private boolean running;

    private PrivatePostgres(Path bin, Path dir, int port, Path log) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(() -> run(List.of(ctl(), "-D", data(), "-m", "immediate", "stop")));
    }

    /** Skips (or under CI fails) when Debian's PostgreSQL server binaries are not installed. */
    public static void requireAvailable() {
        Requirements.require(
                binaries().isPresent() && (!isRoot() || Files.isExecutable(RUNUSER)),
                "PostgreSQL's server binaries (" + DEBIAN_POSTGRES + "/*/bin/initdb"
                        + (isRoot() ? ", and " + RUNUSER + " to run them as " + SYSTEM_USER : "") + ")");
    }

    /** Creates a cluster in a new temporary directory and starts it. */
    public static PrivatePostgres start() {
        requireAvailable();
        try {
            Path dir = Files.createTempDirectory("private-postgres-");
            if (isRoot()) {
                UserPrincipal owner =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
                Files.setOwner(dir, owner);
            }
            Path logs = Environment.pathProperty("work.dir").resolve("logs");
            Files.createDirectories(logs);
            PrivatePostgres server = new PrivatePostgres(
                    binaries().orElseThrow(),
                    dir,
                    FreePort.next(),
                    logs.resolve("private-postgres-" + STARTS.incrementAndGet() + ".log"));
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.runOrFail(List.of(
                        server.bin.resolve("initdb").toString(),
                        "-D",
                        server.data(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C",
                        "--no-sync"));
                server.startServer();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) and returns once it accepts connections. */
    public synchronized void startServer() {
        runOrFail(List.of(
                ctl(),
                "-D",
                data(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start"));
        running = true;
    }

    /** Stops the server (fast shutdown: open connections are cut) and returns once it is down. */
    public synchronized void stopServer() {
        runOrFail(List.of(ctl(), "-D", data(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    /** Starts the server unless it runs: for clean-up after a test that stopped it. */
    public synchronized void ensureRunning() {
        if (!running) {
            startServer();
        }
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + jdbcUrl("postgres"), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Stops the server, keeps its log in {@code work.dir/logs} and deletes the cluster. */
    @Override
    public void close() {
        try {
            run(List.of(ctl(), "-D", data(), "-m", "fast", "-w", "-t", "60", "stop"));
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } finally {
            keepServerLog();
            // the server may still be removing its socket and lock files as the walk starts
            Await.until(
                    "the private PostgreSQL's directory " + dir + " to be deleted",
                    Duration.ofSeconds(30),
                    () -> deleteTree(dir));
        }
    }

    private void keepServerLog() {
        Path serverLog = dir.resolve("server.log");
        try {
            if (Files.exists(serverLog)) {
                Files.copy(serverLog, log, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cannot keep " + serverLog + ": " + e);
        }
    }

    /** Deletes what it can of the tree; true when it is gone. */
    private static boolean deleteTree(Path root) {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            return false; // a file vanished under the walk: try again
        }
        return !Files.exists(root);
    }

    private String ctl() {
        return bin.resolve("pg_ctl").toString();
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void runOrFail(List<String> command) {
        int exit = run(command);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ": " + output());
        }
    }

    /** Runs a PostgreSQL binary (as {@code postgres} under root), its output appended to {@code dir/tools.log}. */
    private int run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of(RUNUSER.toString(), "-u", SYSTEM_USER, "--"));
        }
        full.addAll(command);
        Path output = dir.resolve("tools.log");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("tools.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has {@code initdb}. */
    private static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN_POSTGRES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_POSTGRES)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
