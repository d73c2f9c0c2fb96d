package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;

/**
 * A legacy table holding one user per passlib scheme (and variant) the provider accepts, made by the real passlib
 * ({@code legacy/scheme-users.tsv}, by {@code make-scheme-users.py}): every one signs in through the federation, a
 * WRITABLE component rewrites their hashes in the scheme it writes so that the old app's passlib still accepts them,
 * and the import leaves pbkdf2 and argon2 users with Keycloak's own credentials that sign in. Own realms on SQLite.
 */
@ExtendWith(KeycloakExtension.class)
class PasslibSchemesSystemTest {

    static final List<String> ALL_SCHEMES = List.of(
            "bcrypt",
            "bcrypt_sha256",
            "pbkdf2_sha1",
            "pbkdf2_sha256",
            "pbkdf2_sha512",
            "argon2",
            "sha256_crypt",
            "sha512_crypt",
            "md5_crypt",
            "django_pbkdf2_sha256",
            "django_bcrypt_sha256");

    private final GothamKeycloak keycloak;

    PasslibSchemesSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void aUserOfEverySchemeSignsInOnceTheComponentAcceptsItsScheme() {
        try (MigrationRealm realm = MigrationRealm.create(
                keycloak, Vendor.SQLITE, "schemes-sign-in", Map.of("editMode", "READ_ONLY"), null)) {
            insertSchemeUsers(realm);
            LegacyUser pbkdf2 = schemeUser("s.pbkdf2_sha256");

            assertThat(realm.signsIn(pbkdf2.username(), pbkdf2.password()))
                    .as("bcrypt alone by default")
                    .isFalse();
            assertThat(keycloak.server().log())
                    .contains("Legacy user id=" + MigrationImportSystemTest.idOf(realm, pbkdf2.username()) + " ")
                    .contains("scheme pbkdf2_sha256, which this component does not accept")
                    .doesNotContain(pbkdf2.hash());

            acceptSchemes(realm, ALL_SCHEMES, null);
            for (LegacyUser user : schemeUsers()) {
                assertThat(realm.signsIn(user.username(), user.password()))
                        .as(user.username())
                        .isTrue();
                assertThat(realm.signsIn(user.username(), user.password() + "!"))
                        .as(user.username() + ", wrong password")
                        .isFalse();
            }
            assertThat(LegacyUser.all())
                    .allSatisfy(user -> assertThat(realm.signsIn(user.username(), user.password()))
                            .as(user.username())
                            .isTrue());
            assertThat(realm.rows()).as("READ_ONLY writes nothing").containsAllEntriesOf(hashes(schemeUsers()));
        }
    }

    @Test
    void hashesAskingForTooMuchWorkOrMalformedFailTheSignInWithAWarningAndNeverRun() {
        try (MigrationRealm realm = MigrationRealm.create(
                keycloak, Vendor.SQLITE, "schemes-hostile", Map.of("editMode", "READ_ONLY"), null)) {
            String rounds = "$pbkdf2-sha256$1000000000$c2FsdHNhbHRzYWx0$vEHOWW0lCY4JltBfhDQHdtnVfwo0ZjGn7J9C8RQTHTs";
            String memory = "$argon2id$v=19$m=4194304,t=2,p=8$c2FsdHNhbHRzYWx0$QS4NFoxCIEg13qc+2Osl8Q";
            String truncated = schemeUser("s.sha512_crypt").hash().substring(0, 40);
            realm.execute("INSERT INTO users (username, hashed_password) VALUES ('s.rounds', '" + rounds
                    + "'), ('s.memory', '" + memory + "'), ('s.truncated', '" + truncated + "')");
            acceptSchemes(realm, ALL_SCHEMES, null);

            long started = System.nanoTime();
            for (String name : List.of("s.rounds", "s.memory", "s.truncated")) {
                TokenEndpoint.Answer answer = realm.tokens().password("crime-cli", name, "IamVengeance1");
                assertThat(answer.status())
                        .as(name + ": a failed sign-in, not a 500")
                        .isEqualTo(400);
                assertThat(answer.error()).isEqualTo("invalid_grant");
            }
            assertThat(System.nanoTime() - started).as("nothing ran").isLessThan(30_000_000_000L);
            assertThat(keycloak.server().log())
                    .contains("Legacy user id=" + MigrationImportSystemTest.idOf(realm, "s.rounds") + " ")
                    .contains("asking for 1000000000 rounds")
                    .contains("asking for 4194304 KiB of memory")
                    .contains("a malformed or truncated password hash of scheme sha512_crypt")
                    .doesNotContain("c2FsdHNhbHRzYWx0")
                    .doesNotContain(truncated);
        }
    }

    @Test
    void writableRewritesDeprecatedHashesInTheWrittenSchemeAndTheOldAppsPasslibAcceptsThem() {
        OldAppPasslib.require();
        try (MigrationRealm realm = MigrationRealm.create(
                keycloak, Vendor.SQLITE, "schemes-rehash", Map.of("editMode", "WRITABLE", "bcryptCost", "4"), null)) {
            insertSchemeUsers(realm);
            acceptSchemes(realm, ALL_SCHEMES, "bcrypt");
            for (String name : List.of("s.pbkdf2_sha256", "s.md5_crypt", "s.argon2id", "s.bcrypt.2")) {
                LegacyUser user = schemeUser(name);
                assertThat(realm.signsIn(user.username(), user.password()))
                        .as(name)
                        .isTrue();
                assertThat(realm.hashOf(name)).as(name).startsWith("$2b$04$");
                assertThat(OldAppPasslib.accepts(realm.database(), name, user.password()))
                        .as("the old app's own passlib, bcrypt alone, accepts the rewritten " + name)
                        .isTrue();
            }
            LegacyUser current = schemeUser("s.bcrypt_sha256.v2");
            acceptSchemes(realm, ALL_SCHEMES, "pbkdf2_sha256");
            LegacyUser md5 = schemeUser("s.md5_crypt");
            assertThat(realm.signsIn(md5.username(), md5.password())).isTrue();
            String rewritten = realm.hashOf(md5.username());
            assertThat(rewritten).startsWith("$pbkdf2-sha256$29000$");
            assertThat(passlibOfAllSchemesAccepts(md5.password(), rewritten))
                    .as("passlib with the component's schemes")
                    .isTrue();
            assertThat(realm.signsIn(current.username(), current.password())).isTrue();
            assertThat(realm.hashOf(current.username())).startsWith("$pbkdf2-sha256$29000$");
        }
    }

    @Test
    void theImportLeavesPbkdf2AndArgon2UsersWithKeycloaksOwnCredentialsThatSignIn() {
        try (MigrationRealm realm = MigrationRealm.create(
                        keycloak, Vendor.SQLITE, "schemes-import", Map.of("editMode", "READ_ONLY"), null);
                Keycloak admin = keycloak.server().admin()) {
            insertSchemeUsers(realm);
            LegacyMigrationApi api = new LegacyMigrationApi(keycloak.server(), realm.name(), realm.componentId());
            assertThat(api.report().at("/cannotImport/unusableHash").asLong())
                    .as("bcrypt alone: every other scheme's user")
                    .isEqualTo(schemeUsers().size() - 2);
            acceptSchemes(realm, ALL_SCHEMES, null);
            assertThat(api.report().at("/cannotImport/unusableHash").asLong()).isZero();
            assertThat(api.dryRun().get("added").asLong())
                    .isEqualTo(LegacyUser.all().size() + schemeUsers().size());

            SynchronizationResultRepresentation result = MigrationImportSystemTest.sync(admin, realm);

            assertThat(result.getFailed()).isZero();
            assertThat(result.getAdded())
                    .isEqualTo(LegacyUser.all().size() + schemeUsers().size());
            Map<String, String> expected = Map.ofEntries(
                    Map.entry("s.pbkdf2_sha1", "pbkdf2"),
                    Map.entry("s.pbkdf2_sha256", "pbkdf2-sha256"),
                    Map.entry("s.pbkdf2_sha512", "pbkdf2-sha512"),
                    Map.entry("s.django_pbkdf2_sha256", "pbkdf2-sha256"),
                    Map.entry("s.argon2id", "argon2"),
                    Map.entry("s.argon2d", "argon2"),
                    Map.entry("s.argon2i.v16", "argon2"),
                    Map.entry("s.bcrypt.2", "bcrypt"),
                    Map.entry("s.bcrypt.2y", "bcrypt"),
                    Map.entry("s.bcrypt_sha256.v2", "passlib"),
                    Map.entry("s.sha512_crypt", "passlib"),
                    Map.entry("s.md5_crypt", "passlib"));
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                JsonNode data = credentialData(admin, realm, entry.getKey());
                assertThat(data.get("algorithm").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
            }
            assertThat(credentialData(admin, realm, "s.pbkdf2_sha256")
                            .get("hashIterations")
                            .asInt())
                    .isEqualTo(1000);
            JsonNode argon2 = credentialData(admin, realm, "s.argon2i.v16").get("additionalParameters");
            assertThat(argon2.at("/type/0").asText()).isEqualTo("i");
            assertThat(argon2.at("/version/0").asText()).isEqualTo("1.0");
            assertThat(argon2.at("/memory/0").asText()).isEqualTo("64");

            for (LegacyUser user : schemeUsers()) {
                assertThat(realm.signsIn(user.username(), user.password() + "!"))
                        .as(user.username() + ", wrong password")
                        .isFalse();
                assertThat(realm.signsIn(user.username(), user.password()))
                        .as(user.username() + " as a Keycloak user")
                        .isTrue();
            }
            assertThat(keycloak.server().log())
                    .doesNotContain(schemeUser("s.argon2id").hash());
        }
    }

    /** The password credential's data of an imported user, read through the admin REST API. */
    private static JsonNode credentialData(Keycloak admin, MigrationRealm realm, String username) {
        String id = admin.realm(realm.name())
                .users()
                .searchByUsername(username, true)
                .get(0)
                .getId();
        CredentialRepresentation password = admin.realm(realm.name()).users().get(id).credentials().stream()
                .filter(c -> c.getType().equals("password"))
                .findFirst()
                .orElseThrow();
        try {
            return new ObjectMapper().readTree(password.getCredentialData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the component's accepted schemes (and the written one, or the default) as the console's Save does. */
    private void acceptSchemes(MigrationRealm realm, List<String> schemes, String written) {
        try (Keycloak admin = keycloak.server().admin()) {
            ComponentRepresentation component = admin.realm(realm.name())
                    .components()
                    .component(realm.componentId())
                    .toRepresentation();
            component.getConfig().put("passwordSchemes", schemes);
            if (written != null) {
                component.getConfig().putSingle("newPasswordScheme", written);
            }
            admin.realm(realm.name())
                    .components()
                    .component(realm.componentId())
                    .update(component);
        }
    }

    private static void insertSchemeUsers(MigrationRealm realm) {
        StringBuilder sql = new StringBuilder("INSERT INTO users (username, hashed_password) VALUES ");
        List<String> values = new ArrayList<>();
        for (LegacyUser user : schemeUsers()) {
            values.add("('" + user.username() + "', '" + user.hash() + "')");
        }
        realm.execute(sql.append(String.join(", ", values)).toString());
    }

    private static Map<String, String> hashes(List<LegacyUser> users) {
        Map<String, String> hashes = new java.util.LinkedHashMap<>();
        users.forEach(user -> hashes.put(user.username(), user.hash()));
        return hashes;
    }

    private static LegacyUser schemeUser(String username) {
        return schemeUsers().stream()
                .filter(user -> user.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    /** {@code legacy/scheme-users.tsv}: username, password, hash. */
    static List<LegacyUser> schemeUsers() {
        try (InputStream in =
                PasslibSchemesSystemTest.class.getClassLoader().getResourceAsStream("legacy/scheme-users.tsv")) {
            List<LegacyUser> users = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] cells = line.split("\t", 3);
                    users.add(new LegacyUser(cells[0], cells[1], cells[2]));
                }
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** passlib 1.7.4 with a CryptContext of every scheme the component accepts. */
    private static boolean passlibOfAllSchemesAccepts(String password, String hash) {
        Requirements.require(
                java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3")), "Debian's python3");
        try {
            Process process = new ProcessBuilder(List.of(
                            "/usr/bin/python3",
                            "-c",
                            "import sys; from passlib.context import CryptContext; "
                                    + "ctx = CryptContext(schemes=sys.argv[3].split(',')); "
                                    + "sys.exit(0 if ctx.verify(sys.argv[1], sys.argv[2]) else 1)",
                            password,
                            hash,
                            String.join(",", ALL_SCHEMES)))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() > 1) {
                throw new IllegalStateException("passlib failed: " + output);
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
