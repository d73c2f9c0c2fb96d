package org.gotham.crimeapi.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The old app's own data layer ({@code shared/legacy/legacy_app.py}: SQLAlchemy + passlib under
 * Debian's {@code /usr/bin/python3}), for live cross-checks where it is present: beside the
 * repository as in CI, or at {@code LEGACY_APP_DIR}.
 */
public final class LegacyApp {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path script;

    private LegacyApp(Path script) {
        this.script = script;
    }

    /**
     * The old app, if its script and a Python with SQLAlchemy, passlib and the driver modules exist.
     *
     * @param driverModules e.g. {@code psycopg2} or {@code pymysql}
     */
    public static Optional<LegacyApp> find(String... driverModules) {
        Optional<Path> script = script();
        if (script.isEmpty() || !Files.isExecutable(PYTHON)) {
            return Optional.empty();
        }
        List<String> imports = new ArrayList<>(List.of("sqlalchemy", "passlib"));
        imports.addAll(List.of(driverModules));
        try {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import " + String.join(", ", imports))
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            return (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0)
                    ? Optional.of(new LegacyApp(script.get()))
                    : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Where {@code legacy_app.py} is looked for, for the skip message. */
    public static String whereLooked() {
        return "LEGACY_APP_DIR, ../../shared/legacy or ../shared/legacy (from "
                + Path.of("").toAbsolutePath()
                + ") with /usr/bin/python3 and SQLAlchemy, passlib and the database driver";
    }

    private static Optional<Path> script() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("LEGACY_APP_DIR");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("..", "..", "shared", "legacy"));
        candidates.add(Path.of("..", "shared", "legacy"));
        return candidates.stream()
                .map(folder -> folder.resolve("legacy_app.py").toAbsolutePath().normalize())
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** {@code legacy_app.py crimes URL}: every crime as the old code reads it. */
    public List<Map<String, Object>> crimes(String url) {
        List<Map<String, Object>> crimes = new ArrayList<>();
        for (String line : run("crimes", url).split("\n")) {
            if (!line.isBlank()) {
                crimes.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
        }
        return crimes;
    }

    /** {@code legacy_app.py add-crime URL JSON}: one crime written the old app's way. */
    public void addCrime(String url, String json) {
        run("add-crime", url, json);
    }

    /** {@code legacy_app.py verify URL USER PASSWORD}: whether passlib accepts the password. */
    public boolean verify(String url, String username, String password) {
        return runForExitCode("verify", url, username, password) == 0;
    }

    private String run(String... args) {
        List<String> command = command(args);
        try {
            Process process = new ProcessBuilder(command).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("legacy_app.py " + args[0] + " failed: " + err);
            }
            return out;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private int runForExitCode(String... args) {
        try {
            Process process =
                    new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), this.script.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
