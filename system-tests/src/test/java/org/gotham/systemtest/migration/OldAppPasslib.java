package org.gotham.systemtest.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gotham.systemtest.support.Environment;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.Requirements;

/**
 * The old app's own check of a password, {@code legacy_app.py verify URL USER PASSWORD} (its SQLAlchemy model and
 * passlib context), against a legacy database of any vendor. Needs {@code ../shared/legacy} and Debian's Python with
 * SQLAlchemy, passlib, bcrypt, psycopg2 and pymysql: skipped without them, required under CI=true.
 */
final class OldAppPasslib {

    private static final String PYTHON = "/usr/bin/python3";

    private OldAppPasslib() {}

    static void require() {
        Requirements.require(Environment.legacyToolAvailable(), "the old app's legacy_app.py with Debian's python3");
    }

    /** Whether the old app's passlib accepts {@code password} for the user stored as {@code username}. */
    static boolean accepts(LegacyDatabase database, String username, String password) {
        Path script = Environment.pathProperty("legacy.tool.dir").resolve("legacy_app.py");
        try {
            Process process = new ProcessBuilder(
                            List.of(PYTHON, script.toString(), "verify", sqlAlchemyUrl(database), username, password))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("legacy_app.py verify did not finish");
            }
            if (process.exitValue() > 1) {
                throw new IllegalStateException("legacy_app.py verify failed (" + process.exitValue() + "): " + output);
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A hash of {@code password} as the old app's registration makes it: passlib's bcrypt with its default settings
     * (what {@code CryptContext(schemes=["bcrypt"])} writes).
     */
    static String hash(String password) {
        try {
            Process process = new ProcessBuilder(List.of(
                            PYTHON,
                            "-c",
                            "import sys; from passlib.hash import bcrypt; print(bcrypt.hash(sys.argv[1]))",
                            password))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || !output.startsWith("$2")) {
                process.destroyForcibly();
                throw new IllegalStateException("passlib could not hash a password: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SQLAlchemy URL of a legacy database: MariaDB through pymysql, PostgreSQL through psycopg2. */
    static String sqlAlchemyUrl(LegacyDatabase database) {
        String jdbc = database.jdbcUrl();
        return switch (database.vendor()) {
            case SQLITE ->
                "sqlite:///" + Path.of(jdbc.substring("jdbc:sqlite:".length())).toAbsolutePath();
            case POSTGRESQL -> "postgresql://postgres@" + jdbc.substring("jdbc:postgresql://".length());
            case MARIADB -> "mysql+pymysql://root@" + jdbc.substring("jdbc:mariadb://".length());
        };
    }
}
