package org.gotham.systemtest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gotham.testsupport.LegacyDatabase;

/**
 * The old app's own data layer, {@code legacy_app.py} from {@code legacy.tool.dir}
 * ({@code ../shared/legacy}), run with Debian's {@code /usr/bin/python3} and its SQLAlchemy and
 * passlib (a pyenv {@code python3} on the PATH lacks them).
 */
public final class LegacyApp {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private final Path log;

    private LegacyApp(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** Whether the script is there and Debian's Python can import what it needs. */
    public static boolean available() {
        return Environment.legacyToolAvailable() && exitCode(List.of(PYTHON, "-c", "import sqlalchemy, passlib")) == 0;
    }

    public static LegacyApp find() {
        Path workDir = Environment.pathProperty("work.dir");
        return new LegacyApp(
                Environment.pathProperty("legacy.tool.dir").resolve("legacy_app.py"),
                workDir.resolve("logs/legacy-app.log"));
    }

    /** The SQLAlchemy URL of a SQLite legacy database, e.g. {@code sqlite:////abs/path/file.db}. */
    public static String sqlAlchemyUrl(LegacyDatabase database) {
        String prefix = "jdbc:sqlite:";
        if (database.vendor() != LegacyDatabase.Vendor.SQLITE
                || !database.jdbcUrl().startsWith(prefix)) {
            throw new IllegalArgumentException("only SQLite files are mapped: " + database.jdbcUrl());
        }
        return "sqlite:///"
                + Path.of(database.jdbcUrl().substring(prefix.length())).toAbsolutePath();
    }

    /** {@code legacy_app.py crimes URL}: every crime as the old code reads it, one JSON object each. */
    public List<JsonNode> crimes(String url) {
        List<JsonNode> crimes = new ArrayList<>();
        for (String line : run("crimes", url).split("\n")) {
            if (!line.isBlank()) {
                try {
                    crimes.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("legacy_app.py printed no JSON: " + line, e);
                }
            }
        }
        return crimes;
    }

    /** {@code legacy_app.py add-crime URL JSON}: one crime written the old app's way. */
    public void addCrime(String url, String json) {
        run("add-crime", url, json);
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.getParent());
            // stderr to the log: reading only stdout can never block on a full stderr pipe
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("legacy_app.py " + args[0] + " did not finish; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "legacy_app.py " + args[0] + " exited with " + process.exitValue() + "; see " + log);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int exitCode(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
