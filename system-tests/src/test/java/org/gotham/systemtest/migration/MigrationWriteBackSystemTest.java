package org.gotham.systemtest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakForms;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * WRITABLE: what Keycloak does to a user is written to the legacy table, so that the old app keeps working beside
 * it; checked with the old app's own passlib. Each vendor gets its own realm ({@code mig-<vendor>-writable}) with
 * bcrypt cost 7 and the password policy {@code length(8) and maxUtf8Bytes(72)}.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationWriteBackSystemTest {

    static final int COST = 7;
    static final String POLICY = "length(8) and maxUtf8Bytes(72)";
    /** Registration-page races: how many, and how many browsers post the form in each. */
    static final int RACES = 8;

    static final int BROWSERS = 4;

    private final GothamKeycloak keycloak;
    private final Map<Vendor, MigrationRealm> realms = new EnumMap<>(Vendor.class);

    MigrationWriteBackSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    private MigrationRealm realm(Vendor vendor) {
        return realms.computeIfAbsent(
                vendor,
                v -> MigrationRealm.create(
                        keycloak,
                        v,
                        "writable",
                        Map.of("editMode", "WRITABLE", "bcryptCost", Integer.toString(COST)),
                        POLICY));
    }

    @AfterAll
    void deleteRealms() {
        realms.values().forEach(MigrationRealm::close);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void createdUserIsARowWhosePasswordChangesAreWrittenAndWhoseDeletionDeletesIt(Vendor vendor) {
        OldAppPasslib.require();
        MigrationRealm realm = realm(vendor);
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();

            String id = create(users, "New.Recruit", "first-password-1");

            assertThat(id).startsWith("f:" + realm.componentId() + ":");
            String hash = realm.hashOf("new.recruit");
            assertThat(hash).as("stored in lower case, as Keycloak shows it").startsWith("$2b$0" + COST + "$");
            assertThat(OldAppPasslib.accepts(realm.database(), "new.recruit", "first-password-1"))
                    .isTrue();
            assertThat(realm.tokens()
                            .password("crime-cli", "New.Recruit", "first-password-1")
                            .claims()
                            .path("resource_access")
                            .path("crime-api")
                            .path("roles")
                            .toString())
                    .as("the realm's default roles, not the old app users' granted role")
                    .contains("reader")
                    .doesNotContain("editor");

            users.get(id).resetPassword(password("second-password-2"));

            assertThat(realm.hashOf("new.recruit")).isNotEqualTo(hash).startsWith("$2b$0" + COST + "$");
            assertThat(OldAppPasslib.accepts(realm.database(), "new.recruit", "second-password-2"))
                    .isTrue();
            assertThat(OldAppPasslib.accepts(realm.database(), "new.recruit", "first-password-1"))
                    .isFalse();
            assertThat(realm.signsIn("new.recruit", "second-password-2")).isTrue();
            assertThat(realm.signsIn("new.recruit", "first-password-1")).isFalse();

            assertThat(MigrationRealm.status(users.delete(id))).isEqualTo(204);

            assertThat(realm.rows()).doesNotContainKey("new.recruit");
            assertThat(realm.signsIn("new.recruit", "second-password-2")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void selfRegistrationOnKeycloaksPageInsertsARowTheOldAppSignsIn(Vendor vendor) {
        OldAppPasslib.require();
        MigrationRealm realm = realm(vendor);
        KeycloakForms page = new KeycloakForms(realm.issuer(), keycloak.crimeWebUrl());

        KeycloakForms.Outcome outcome = page.register("Officer.Montoya", "renee-montoya-1", "montoya@gcpd.test");

        assertThat(outcome.registered()).as("%s", outcome).isTrue();
        assertThat(realm.hashOf("officer.montoya")).startsWith("$2b$0" + COST + "$");
        assertThat(OldAppPasslib.accepts(realm.database(), "officer.montoya", "renee-montoya-1"))
                .isTrue();
        assertThat(realm.signsIn("officer.montoya", "renee-montoya-1")).isTrue();

        KeycloakForms.Outcome again = new KeycloakForms(realm.issuer(), keycloak.crimeWebUrl())
                .register("OFFICER.montoya", "another-password-2", "other@gcpd.test");

        assertThat(again.registered()).isFalse();
        assertThat(again.errors()).contains("Username already exists");
        assertThat(realm.rows().keySet().stream().filter(name -> name.equalsIgnoreCase("officer.montoya")))
                .hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void twoRegistrationsOfOneNameAtTheSameMomentLeaveOneRowAndTheOtherIsTold409(Vendor vendor) throws Exception {
        MigrationRealm realm = realm(vendor);
        int before = realm.rowCount();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String password = "racing-password-" + i;
                Callable<Response> register = () -> {
                    try (Keycloak admin = keycloak.server().admin()) {
                        UsersResource users = admin.realm(realm.name()).users();
                        users.count(); // the admin token is fetched before the start
                        start.await();
                        Response response = users.create(user("Twin", password));
                        response.bufferEntity();
                        return response;
                    }
                };
                answers.add(threads.submit(register));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(2, TimeUnit.MINUTES);
                statuses.add(response.getStatus());
                bodies.add(MigrationRealm.body(response));
            }

            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            assertThat(bodies.get(statuses.indexOf(409))).contains("User exists with same username");
            assertThat(realm.rowCount()).isEqualTo(before + 1);
            assertThat(realm.rows()).containsKey("twin");
        } finally {
            threads.shutdownNow();
            deleteUser(realm, "twin");
        }
    }

    /**
     * The same race on Keycloak's own registration page. Each race opens the form in {@value #BROWSERS}
     * browsers, then posts it from all of them at once (a barrier, no sleeps); {@value #RACES} races, because one
     * may by chance not overlap. Without the realm's registration-username-lock step most losers got Keycloak's
     * "unexpected error" page (400), since the create in RegistrationUserCreation.success fails and nothing on the
     * form's path turns that into a form error.
     */
    @ParameterizedTest
    @EnumSource(Vendor.class)
    void registrationsOfOneNameOnKeycloaksPageAtTheSameMomentLeaveOneAccountAndShowTheOthersTheFormAgain(Vendor vendor)
            throws Exception {
        MigrationRealm realm = realm(vendor);
        ExecutorService threads = Executors.newFixedThreadPool(BROWSERS);
        List<String> names = new ArrayList<>();
        try {
            for (int race = 0; race < RACES; race++) {
                String name = "page.twin" + race;
                names.add(name);
                List<KeycloakForms.Outcome> outcomes = registerAtOnce(realm, threads, name);
                String seen = outcomes.stream()
                        .map(MigrationWriteBackSystemTest::describe)
                        .toList()
                        .toString();

                assertThat(outcomes.stream().filter(KeycloakForms.Outcome::registered))
                        .as("race %d for %s, registered: %s", race, name, seen)
                        .hasSize(1);
                for (KeycloakForms.Outcome lost :
                        outcomes.stream().filter(o -> !o.registered()).toList()) {
                    assertThat(lost.status())
                            .as("race %d, a loser: %s", race, seen)
                            .isEqualTo(200);
                    assertThat(lost.page())
                            .as("the registration form again")
                            .contains("kc-register-form")
                            .doesNotContain("Exception")
                            .doesNotContain("at org.");
                    assertThat(lost.errors())
                            .as("race %d, a loser: %s", race, seen)
                            .contains("Username already exists");
                }
                assertThat(realm.rows().keySet().stream().filter(name::equals))
                        .as("legacy rows of %s", name)
                        .hasSize(1);
                try (Keycloak admin = keycloak.server().admin()) {
                    assertThat(admin.realm(realm.name()).users().searchByUsername(name, true))
                            .as("Keycloak's users named %s", name)
                            .hasSize(1);
                }
            }
        } finally {
            threads.shutdownNow();
            names.forEach(name -> deleteUser(realm, name));
        }
    }

    /** Opens the form in each browser, then posts them all at the same moment. */
    private List<KeycloakForms.Outcome> registerAtOnce(MigrationRealm realm, ExecutorService threads, String name)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(BROWSERS);
        List<Future<KeycloakForms.Outcome>> answers = new ArrayList<>();
        for (int i = 0; i < BROWSERS; i++) {
            String email = name + "." + i + "@gcpd.test";
            String password = "racing-password-" + i;
            answers.add(threads.submit(() -> {
                KeycloakForms page = new KeycloakForms(realm.issuer(), keycloak.crimeWebUrl());
                String action = page.openRegistration();
                start.await(2, TimeUnit.MINUTES);
                return page.submitRegistration(action, name, password, email);
            }));
        }
        List<KeycloakForms.Outcome> outcomes = new ArrayList<>();
        for (Future<KeycloakForms.Outcome> answer : answers) {
            outcomes.add(answer.get(2, TimeUnit.MINUTES));
        }
        return outcomes;
    }

    private static String describe(KeycloakForms.Outcome outcome) {
        if (outcome.registered()) {
            return "registered";
        }
        String page = outcome.page() == null ? "" : outcome.page().toLowerCase(Locale.ROOT);
        return outcome.status() + (page.contains("unexpected error") ? " (error page)" : "") + " "
                + outcome.errors().strip().replace('\n', '|');
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void signInRewritesADeprecatedHashAsPasslibDoesAndTheOldAppStillAcceptsIt(Vendor vendor) {
        OldAppPasslib.require();
        MigrationRealm realm = realm(vendor);
        // alfred $2y$04, harvey.dent $2a$04, selina $2b$04, lucius $2b$06 (90 bytes): rehashed; batman $2b$12 kept
        List<String> rehashed = List.of("alfred", "harvey.dent", "selina", "lucius");
        String batmanBefore = realm.hashOf("batman");
        String gordonBefore = realm.hashOf("gordon"); // $2y$08$, deprecated too
        assertThat(realm.signsIn("gordon", "not his password")).isFalse();
        assertThat(realm.hashOf("gordon"))
                .as("a failed sign-in changes nothing")
                .isEqualTo(gordonBefore);

        for (String name : rehashed) {
            LegacyUser user = LegacyUser.named(name);
            assertThat(realm.signsIn(name, user.password())).as(name).isTrue();
            assertThat(realm.hashOf(name)).as(name).startsWith("$2b$0" + COST + "$");
            assertThat(OldAppPasslib.accepts(realm.database(), name, user.password()))
                    .as(name)
                    .isTrue();
            assertThat(realm.signsIn(name, user.password()))
                    .as("%s again", name)
                    .isTrue();
        }
        assertThat(realm.signsIn("batman", LegacyUser.named("batman").password()))
                .isTrue();
        assertThat(realm.hashOf("batman")).as("a higher cost is kept").isEqualTo(batmanBefore);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void realmPolicyAppliesToNewPasswordsAndNeverLocksOutAnOldOne(Vendor vendor) {
        MigrationRealm realm = realm(vendor);
        LegacyUser selina = LegacyUser.named("Barbara.Gordon");
        // the policy wants 8 characters; "猫の女 🐈" (selina) has 5, and still signs in
        assertThat(realm.signsIn("selina", LegacyUser.named("selina").password()))
                .isTrue();
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            String id = users.searchByUsername("barbara.gordon", true).get(0).getId();
            String hash = realm.hashOf("Barbara.Gordon");

            String shortAnswer = resetPasswordAnswer(users, id, "short");
            String longAnswer = resetPasswordAnswer(users, id, "é".repeat(37));

            assertThat(shortAnswer).contains("400").contains("8");
            assertThat(longAnswer).contains("400").contains("72 bytes");
            assertThat(realm.hashOf("Barbara.Gordon")).as("unchanged").isEqualTo(hash);
            assertThat(realm.signsIn("barbara.gordon", selina.password())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void badRegistrationsAreRefusedWithAMessageAndWriteNoRow(Vendor vendor) {
        MigrationRealm realm = realm(vendor);
        Map<String, String> before = realm.rows();
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            List<String> badNames = List.of(
                    "", "   ", "x".repeat(10 * 1024), "bad\u0001name", "tab\tname", "nul\u0000name", "\u202ebackwards");
            for (String name : badNames) {
                Response response = users.create(user(name, "good-password-1"));
                int status = response.getStatus();
                String body = MigrationRealm.body(response);
                assertThat(status).as("%s: %s", abbreviate(name), body).isEqualTo(400);
                assertThat(body).as(abbreviate(name)).isNotBlank();
            }
            Response tooLong = users.create(user("long.password", "p".repeat(73)));
            assertThat(tooLong.getStatus()).isEqualTo(400);
            assertThat(MigrationRealm.body(tooLong)).contains("72 bytes");
        }
        KeycloakForms.Outcome page = new KeycloakForms(realm.issuer(), keycloak.crimeWebUrl())
                .register("long.password", "ü".repeat(37), "long@gcpd.test");
        assertThat(page.registered()).isFalse();
        assertThat(page.errors()).contains("at most 72 bytes in UTF-8");
        assertThat(realm.rows()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void databaseErrorMidWriteLeavesNeitherARowNorAKeycloakUser(Vendor vendor) throws SQLException {
        MigrationRealm realm = realm(vendor);
        failHashUpdatesOf(realm, "mid.write");
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();

            int status = MigrationRealm.status(users.create(user("mid.write", "good-password-1")));

            assertThat(status).isBetween(400, 599);
            assertThat(realm.rows()).doesNotContainKey("mid.write");
            assertThat(users.searchByUsername("mid.write", true)).isEmpty();
        } finally {
            dropFailingTrigger(realm);
        }
    }

    // ---- helpers ----

    static String create(UsersResource users, String username, String password) {
        try (Response response = users.create(user(username, password))) {
            assertThat(response.getStatus())
                    .as("create %s: %s", username, response.hasEntity() ? response.readEntity(String.class) : "")
                    .isEqualTo(201);
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    static UserRepresentation user(String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail("recruit-" + Math.abs(username.hashCode()) + "@gcpd.test");
        user.setFirstName("New");
        user.setLastName("Recruit");
        user.setCredentials(List.of(password(password)));
        return user;
    }

    static CredentialRepresentation password(String value) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(value);
        credential.setTemporary(false);
        return credential;
    }

    private static String resetPasswordAnswer(UsersResource users, String id, String password) {
        try {
            users.get(id).resetPassword(password(password));
            return "204";
        } catch (jakarta.ws.rs.WebApplicationException e) {
            return e.getResponse().getStatus() + " " + MigrationRealm.body(e.getResponse());
        }
    }

    private void deleteUser(MigrationRealm realm, String username) {
        try (Keycloak admin = keycloak.server().admin()) {
            UsersResource users = admin.realm(realm.name()).users();
            users.searchByUsername(username, true)
                    .forEach(u -> users.delete(u.getId()).close());
        }
    }

    /** A trigger that makes the database refuse to set the hash of one username: an error between two writes. */
    private static void failHashUpdatesOf(MigrationRealm realm, String username) throws SQLException {
        List<String> ddl = switch (realm.database().vendor()) {
            case SQLITE ->
                List.of("CREATE TRIGGER fail_hash BEFORE UPDATE ON users WHEN NEW.username = '" + username
                        + "' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
            case POSTGRESQL ->
                List.of(
                        "CREATE OR REPLACE FUNCTION fail_hash() RETURNS trigger AS $$ BEGIN "
                                + "RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER fail_hash BEFORE UPDATE ON users FOR EACH ROW WHEN (NEW.username = '" + username
                                + "') EXECUTE FUNCTION fail_hash()");
            case MARIADB ->
                List.of("CREATE TRIGGER fail_hash BEFORE UPDATE ON users FOR EACH ROW BEGIN IF "
                        + "NEW.username = '" + username + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
                        + "'simulated failure'; END IF; END");
        };
        try (Connection c = realm.database().connect();
                Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
        }
    }

    private static void dropFailingTrigger(MigrationRealm realm) throws SQLException {
        String sql = realm.database().vendor() == Vendor.POSTGRESQL
                ? "DROP TRIGGER IF EXISTS fail_hash ON users"
                : "DROP TRIGGER IF EXISTS fail_hash";
        try (Connection c = realm.database().connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
