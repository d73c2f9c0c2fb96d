package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar a user drops into Keycloak's providers/: everything we need, relocated where Keycloak may have its own copy,
 * and nothing Keycloak keeps at run time.
 */
class ShadedJarIT {

    private static JarFile jar() throws IOException {
        return new JarFile(Path.of(System.getProperty("provider.jar", "target/keycloak-user-provider.jar"))
                .toFile());
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = jar()) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String read(String entry) throws IOException {
        try (JarFile jar = jar()) {
            return new String(jar.getInputStream(jar.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void containsTheProviderItsRelocatedPoolAndDriversAndSqliteWithItsNativeLibraries() throws IOException {
        assertThat(entries())
                .contains(
                        "org/gotham/keycloak/legacy/LegacyUserStorageProviderFactory.class",
                        "org/gotham/keycloak/legacy/shaded/hikari/HikariDataSource.class",
                        "org/gotham/keycloak/legacy/shaded/postgresql/Driver.class",
                        "org/gotham/keycloak/legacy/shaded/mariadb/Driver.class",
                        "org/sqlite/JDBC.class",
                        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                        "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
                        "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib",
                        "org/sqlite/native/Windows/x86_64/sqlitejdbc.dll");
    }

    @Test
    void registersTheFactoriesAndOnlyTheUnrelocatedSqliteDriver() throws IOException {
        assertThat(read("META-INF/services/org.keycloak.storage.UserStorageProviderFactory")
                        .strip())
                .isEqualTo("org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory");
        assertThat(read("META-INF/services/java.sql.Driver").strip()).isEqualTo("org.sqlite.JDBC");
        assertThat(read("META-INF/services/org.keycloak.credential.hash.PasswordHashProviderFactory")
                        .strip()
                        .split("\n"))
                .containsExactly(
                        "org.gotham.keycloak.legacy.password.BcryptPasswordHashProviderFactory",
                        "org.gotham.keycloak.legacy.password.PasslibPasswordHashProviderFactory");
        assertThat(read("META-INF/services/org.keycloak.policy.PasswordPolicyProviderFactory")
                        .strip())
                .isEqualTo("org.gotham.keycloak.legacy.password.MaxUtf8BytesPasswordPolicyProviderFactory");
        assertThat(read("META-INF/services/org.keycloak.authentication.FormActionFactory")
                        .strip())
                .isEqualTo("org.gotham.keycloak.legacy.registration.RegistrationUsernameLockFactory");
    }

    @Test
    void relocatedMariaDbDriverFindsItsRelocatedPlugins() throws IOException {
        assertThat(entries()).contains("META-INF/services/org.gotham.keycloak.legacy.shaded.mariadb.plugin.Codec");
        assertThat(read("META-INF/services/org.gotham.keycloak.legacy.shaded.mariadb.plugin.Codec"))
                .contains("org.gotham.keycloak.legacy.shaded.mariadb.plugin.codec.")
                .doesNotContain("org.mariadb.jdbc");
    }

    @Test
    void shipsNothingKeycloakAlreadyHas() throws IOException {
        assertThat(entries())
                .noneMatch(name -> name.startsWith("com/zaxxer/"))
                .noneMatch(name -> name.startsWith("org/slf4j/"))
                .noneMatch(name -> name.startsWith("org/keycloak/"))
                .noneMatch(name -> name.startsWith("org/bouncycastle/"))
                .noneMatch(name -> name.contains("org/apache/commons/codec/"))
                .noneMatch(name -> name.startsWith("org/jboss/"))
                .noneMatch(name -> name.startsWith("org/postgresql/"))
                .noneMatch(name -> name.startsWith("org/mariadb/"))
                .noneMatch(name -> name.startsWith("com/mysql/"))
                .noneMatch(name -> name.startsWith("com/fasterxml/"))
                .noneMatch(name -> name.contains("org/postgresql/") || name.contains("org/mariadb/"))
                .noneMatch(name -> name.endsWith("module-info.class"))
                .noneMatch(name -> name.startsWith("org/gotham/keycloak/legacy/shaded/hikari/hibernate/"));
    }
}
