package org.gotham.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.ServerProcess;

/**
 * Keycloak's own bulk path: {@code kc.sh import --dir <dir>} into Keycloak's database, timed from outside (the
 * whole command, boot included) and from Keycloak's own log (the import alone, without the boot).
 */
final class KcImport {

    /** Database options given at build time ({@code kc.sh build}), the others at each run. */
    static final String BUILD_OPTION = "--db=postgres";

    private static final Pattern TIMESTAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /**
     * One run: exit code, seconds of the whole command, seconds of the import by Keycloak's log (from "Full model
     * import requested" to "Import finished successfully"), and the first ERROR line if there was one.
     */
    record Result(int exitCode, double wallSeconds, double importSeconds, Path log, String firstError) {

        boolean ok() {
            return exitCode == 0 && !Double.isNaN(importSeconds);
        }

        Json.Obj json() {
            return Json.obj()
                    .with("exitCode", exitCode)
                    .with("wallSeconds", ConsoleImport.number(wallSeconds))
                    .with("importSecondsByLog", ConsoleImport.number(importSeconds))
                    .with("log", log.toString())
                    .with("firstError", firstError);
        }
    }

    private KcImport() {}

    /** {@code kc.sh build} with Keycloak's database in PostgreSQL, so that the timed imports build nothing. */
    static void build(Path home, Path log) {
        Result result = command(home, List.of("build", BUILD_OPTION), log, Duration.ofMinutes(10));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kc.sh build failed (" + result.exitCode() + "); see " + log);
        }
    }

    /** {@code kc.sh import --optimized --dir <dir>} into PostgreSQL database {@code database}. */
    static Result run(Path home, Path dir, String database, Path log, Duration timeout) {
        List<String> args = new ArrayList<>(List.of("import", "--optimized", "--dir=" + dir));
        args.add("--db-url=" + DatabaseServers.jdbcUrl(Vendor.POSTGRESQL, database));
        args.add("--db-username=" + DatabaseServers.user(Vendor.POSTGRESQL));
        return command(home, args, log, timeout);
    }

    private static Result command(Path home, List<String> args, Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        long t0 = System.nanoTime();
        Process process = ServerProcess.start(command, home, MeasuredKeycloak.environment(), log);
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                // not fatal: the report keeps what was measured before, and says this
                ServerProcess.stop(process, Duration.ofSeconds(30));
                return new Result(
                        -1,
                        (System.nanoTime() - t0) / 1e9,
                        Double.NaN,
                        log,
                        "kc.sh " + args.get(0) + " still running after " + timeout + ": stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ServerProcess.stop(process, Duration.ofSeconds(5));
            throw new IllegalStateException("interrupted", e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        LocalDateTime started = null;
        LocalDateTime finished = null;
        String firstError = null;
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("Full model import requested") && started == null) {
                    started = timestamp(line);
                } else if (line.contains("Import finished successfully")) {
                    finished = timestamp(line);
                } else if (firstError == null && line.contains(" ERROR ")) {
                    firstError = Json.abbreviate(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double importSeconds = started != null && finished != null
                ? Duration.between(started, finished).toNanos() / 1e9
                : Double.NaN;
        return new Result(process.exitValue(), wall, importSeconds, log, firstError);
    }

    private static LocalDateTime timestamp(String line) {
        Matcher m = TIMESTAMP.matcher(line);
        return m.find() ? LocalDateTime.parse(m.group(1), FORMAT) : null;
    }
}
