package org.gotham.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code keycloak-quarkus-dist} zip of {@link Versions#keycloak()}, unpacked: where {@link KeycloakProcess} runs
 * from. Every Keycloak that runs at the same time as another needs a directory of its own ({@code kc.sh} rebuilds
 * its distribution when options or providers change), so a second one runs from a {@link #copy}.
 */
public final class KeycloakDistribution {

    private KeycloakDistribution() {}

    /**
     * {@code home}, unpacked from the zip in the Maven cache unless it already holds {@code bin/kc.sh}. A zip not yet
     * in the cache is fetched first with the project's Maven wrapper in {@code repoRoot}. Needs {@code unzip}.
     */
    public static Path unpacked(Path repoRoot, Path home) {
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        String version = Versions.keycloak();
        Path zip = Path.of(
                System.getProperty("user.home"),
                ".m2/repository/org/keycloak/keycloak-quarkus-dist",
                version,
                "keycloak-quarkus-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            run(
                    List.of(
                            repoRoot.resolve("mvnw").toString(),
                            "-q",
                            "-B",
                            "-N",
                            "dependency:get",
                            "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + version + ":zip"),
                    repoRoot);
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak " + version + " is not in the Maven cache (" + zip + ")");
        }
        Path unpack = home.resolveSibling("." + home.getFileName() + "-unpack");
        delete(unpack);
        try {
            Files.createDirectories(unpack);
            run(List.of("unzip", "-q", zip.toString(), "-d", unpack.toString()), unpack);
            Files.move(unpack.resolve("keycloak-" + version), home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
        } finally {
            delete(unpack);
        }
        return home;
    }

    /** A copy of the distribution in {@code from} at {@code to}, without {@code data/} (another Keycloak's state). */
    public static Path copy(Path from, Path to) {
        delete(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
        return to;
    }

    /**
     * Runs {@code kc.sh build} in {@code home} with Keycloak's build options ({@code --db}, {@code --cache},
     * {@code --health-enabled}, ...), its output appended to {@code log}, so that {@code kc.sh start --optimized} starts
     * without a build of its own; a {@link #copy} made afterwards is built too. Put the provider in first.
     */
    public static void build(Path home, List<String> options, Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.add("build");
        command.addAll(options);
        Process process = ServerProcess.start(command, home, Map.of(), log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ServerProcess.stop(process, Duration.ofSeconds(5));
                throw new IllegalStateException(
                        "kc.sh build did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
        } catch (InterruptedException e) {
            ServerProcess.stop(process, Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build failed with " + process.exitValue() + "; see " + log);
        }
    }

    /** Puts {@code jar} into {@code home/providers} as the only provider jar there. */
    public static void installProvider(Path home, Path jar) {
        Path providers = home.resolve("providers");
        try {
            Files.createDirectories(providers);
            try (Stream<Path> old = Files.list(providers)) {
                for (Path other : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(other);
                }
            }
            Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + jar + " in " + providers, e);
        }
    }

    /** Deletes a directory tree, if there is one. */
    public static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path dir) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
