package org.gotham.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Versions;

/**
 * What the benchmarks of one run share: settings, copies of the two jars under test (taken once, so a build
 * running beside us cannot swap them mid-run), one Keycloak started on first need, and the versions measured.
 */
final class Context implements AutoCloseable {

    final Settings settings;
    final Http http = new Http();
    private Path providerJar;
    private Path crimeApiJar;
    private MeasuredKeycloak keycloak;
    private KeycloakAdmin admin;

    Context(Settings settings) {
        this.settings = settings;
    }

    Path providerJar() {
        if (providerJar == null) {
            providerJar = snapshot("keycloak-user-provider/target/keycloak-user-provider.jar");
        }
        return providerJar;
    }

    Path crimeApiJar() {
        if (crimeApiJar == null) {
            crimeApiJar = snapshot("crime-api/target/crime-api.jar");
        }
        return crimeApiJar;
    }

    Path realmExport() {
        return settings.repo.resolve("realm-export/gotham-realm.json");
    }

    private Path snapshot(String relative) {
        return snapshot(
                settings.repo.resolve(relative),
                settings.repo.resolve(relative).getFileName().toString());
    }

    /** A copy of {@code source} under {@code bench/work/artifacts/<name>}, checked to be a whole jar. */
    Path snapshot(Path source, String name) {
        Path copy = settings.work.resolve("artifacts").resolve(name);
        try {
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile ignored = new ZipFile(copy.toFile())) {
                return copy;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    source + " is missing or incomplete: build it with "
                            + "./mvnw -q -B -DskipTests -pl keycloak-user-provider,crime-api -am package",
                    e);
        }
    }

    MeasuredKeycloak keycloak() {
        if (keycloak == null) {
            keycloak = MeasuredKeycloak.start(settings, providerJar());
            admin = new KeycloakAdmin(keycloak);
        }
        return keycloak;
    }

    /** Stops the shared Keycloak (if one runs) so that a benchmark with its own servers has the machine to itself. */
    void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
            admin = null;
        }
    }

    KeycloakAdmin admin() {
        keycloak();
        return admin;
    }

    /** The versions of what a section measured, read from the artifacts themselves where they say it. */
    Json.Obj versions() {
        Json.Obj versions = Json.obj().with("keycloak", Versions.keycloak());
        String bouncyCastle = null;
        for (String home : List.of("keycloak-" + Versions.keycloak(), ImportBench.HOME)) {
            if (bouncyCastle == null) {
                bouncyCastle =
                        libVersion(settings.work.resolve(home + "/lib/lib/main"), "org.bouncycastle.bcprov-jdk18on-");
            }
        }
        versions.with("keycloakBouncyCastle", bouncyCastle);
        if (crimeApiJar != null) {
            List<String> libs = jarEntries(crimeApiJar);
            versions.with("springBoot", jarVersion(libs, "spring-boot-"))
                    .with("springSecurity", jarVersion(libs, "spring-security-core-"))
                    .with("nimbusJoseJwt", jarVersion(libs, "nimbus-jose-jwt-"))
                    .with("crimeApiPostgresqlDriver", jarVersion(libs, "postgresql-"));
        }
        versions.with("benchBouncyCastle", "1.84").with("benchNimbusJoseJwt", "10.4");
        try {
            versions.with("postgresql", postgresVersion());
        } catch (RuntimeException e) {
            versions.with("postgresql", "unreachable");
        }
        if (Wrk.available()) {
            versions.with("wrk", Wrk.version());
        }
        return versions;
    }

    private static String postgresVersion() {
        try (var c = DatabaseServers.connect(Vendor.POSTGRESQL, "postgres");
                var s = c.createStatement();
                var r = s.executeQuery("SHOW server_version")) {
            return r.next() ? r.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String libVersion(Path dir, String prefix) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .findFirst()
                    .map(n -> n.substring(prefix.length(), n.length() - 4))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> jarEntries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String jarVersion(List<String> libs, String prefix) {
        Pattern pattern = Pattern.compile("BOOT-INF/lib/" + Pattern.quote(prefix) + "(\\d[^/]*)\\.jar");
        for (String lib : libs) {
            Matcher m = pattern.matcher(lib);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
