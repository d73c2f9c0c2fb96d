package org.gotham.keycloak.legacy.password;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The legacy app's real passlib, run through Debian's {@code /usr/bin/python3} (the pyenv python on PATH lacks it).
 * Passwords and hashes travel as JSON on stdin, never on a command line.
 */
final class Passlib {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFY = String.join(
            "\n",
            "import json, sys",
            "from passlib.context import CryptContext",
            "ctx = CryptContext(schemes=['bcrypt'], deprecated='auto')",
            "pairs = json.load(sys.stdin)",
            "json.dump([bool(ctx.verify(p['password'], p['hash'])) for p in pairs], sys.stdout)");

    private Passlib() {}

    /** Why passlib cannot be used here, or null if it can. */
    static String unavailableReason() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " not found";
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import passlib.context, bcrypt")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "passlib or bcrypt missing for " + PYTHON + ": " + output.strip();
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** What passlib's {@code CryptContext(schemes=["bcrypt"]).verify} says for each (password, hash) pair. */
    static List<Boolean> verify(List<Map<String, String>> pairs) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", VERIFY).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(pairs));
        }
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("passlib failed: " + stderr);
        }
        return JSON.readValue(stdout, new TypeReference<List<Boolean>>() {});
    }
}
