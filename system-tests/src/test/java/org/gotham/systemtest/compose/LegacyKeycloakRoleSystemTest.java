package org.gotham.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Compose's Keycloak reaches the legacy database as {@value #ROLE}, made by {@value #SCRIPT}: the script, run as the
 * postgres image's entrypoint runs it, gives that role the rows of {@code users} and nothing else, and the provider
 * does all it does with it (sign-in, a new user with a password, deletion). Needs PostgreSQL and {@code psql}.
 */
@ExtendWith(KeycloakExtension.class)
class LegacyKeycloakRoleSystemTest {

    static final String ROLE = "keycloak_legacy";
    static final String SCRIPT = "docker/postgres/initdb/25-legacy-keycloak-role.sh";
    private static final String DATABASE = "st_compose_role";
    private static final String REALM = "compose-role";
    private static final String ROLE_PASSWORD = "role-test-password";

    private final GothamKeycloak keycloak;

    LegacyKeycloakRoleSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void theInitScriptsRoleMayUseTheUsersRowsOnlyAndTheProviderNeedsNoMore() throws Exception {
        Requirements.require(psqlAvailable(), "psql (the PostgreSQL client)");
        LegacyDatabase owner = LegacyDatabase.create(
                Vendor.POSTGRESQL, DATABASE, Environment.pathProperty("work.dir"), LegacyUser.all());
        try {
            runAsPostgres(owner, "DROP ROLE IF EXISTS " + ROLE); // left by an interrupted run
            runInitScript();
            LegacyDatabase asRole = owner.as(ROLE, ROLE_PASSWORD);

            try (Connection role = asRole.connect();
                    Statement statement = role.createStatement()) {
                for (String forbidden : List.of(
                        "SELECT count(*) FROM crimes",
                        "TRUNCATE users",
                        "DROP TABLE users",
                        "CREATE TABLE scratch (id int)",
                        "ALTER TABLE users ADD COLUMN extra text")) {
                    assertThatThrownBy(() -> statement.execute(forbidden))
                            .as(forbidden)
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getSQLState()).isIn("42501"));
                }
            }

            LegacyRealm realm = keycloak.createRealm(REALM, asRole, r -> {});
            try (Keycloak admin = keycloak.server().admin()) {
                LegacyUser batman = LegacyUser.named("batman");
                assertThat(realm.tokens()
                                .password("crime-cli", "batman", batman.password())
                                .ok())
                        .as("a legacy sign-in")
                        .isTrue();

                UsersResource users = admin.realm(REALM).users();
                String id = createUser(users, "role.recruit", "Recruit-Passw0rd");
                assertThat(id).as("a new user is a legacy row").startsWith("f:");
                assertThat(hashOf(owner, "role.recruit")).startsWith("$2b$");
                assertThat(realm.tokens()
                                .password("crime-cli", "role.recruit", "Recruit-Passw0rd")
                                .ok())
                        .isTrue();

                users.delete(id).close();
                assertThat(hashOf(owner, "role.recruit"))
                        .as("the row after deletion")
                        .isNull();
            } finally {
                keycloak.removeRealm(REALM);
            }
        } finally {
            runAsPostgres(owner, "DROP OWNED BY " + ROLE);
            runAsPostgres(owner, "DROP ROLE " + ROLE);
        }
    }

    private static String createUser(UsersResource users, String username, String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setCredentials(List.of(credential));
        try (Response response = users.create(user)) {
            assertThat(response.getStatus()).as("creating %s", username).isEqualTo(201);
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** The user's hash, or null when there is no such row. */
    private static String hashOf(LegacyDatabase database, String username) throws SQLException {
        try (Connection c = database.connect();
                var select = c.prepareStatement("SELECT hashed_password FROM users WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void runAsPostgres(LegacyDatabase owner, String sql) throws SQLException {
        try (Connection c = owner.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** As the postgres image's entrypoint runs it: POSTGRES_USER and POSTGRES_DB set, psql on the path. */
    private static void runInitScript() throws IOException, InterruptedException {
        Path script = Environment.pathProperty("project.root").resolve(SCRIPT);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "POSTGRES_USER", "postgres",
                        "POSTGRES_DB", DATABASE,
                        "PGHOST", "127.0.0.1",
                        "PGPORT", "5432",
                        "LEGACY_KEYCLOAK_DB_PASSWORD", ROLE_PASSWORD));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
        assertThat(process.exitValue())
                .as("the script's exit code; it printed: %s", output)
                .isZero();
    }

    private static boolean psqlAvailable() {
        try {
            Process process = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
