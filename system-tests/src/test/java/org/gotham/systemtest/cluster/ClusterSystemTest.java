package org.gotham.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gotham.systemtest.cluster.GothamOnNodes.CLIENT;
import static org.gotham.systemtest.cluster.GothamOnNodes.REALM;
import static org.gotham.systemtest.cluster.GothamOnNodes.assertRefused;
import static org.gotham.systemtest.cluster.GothamOnNodes.password;
import static org.gotham.systemtest.cluster.GothamOnNodes.refresh;
import static org.gotham.systemtest.cluster.GothamOnNodes.signIn;
import static org.gotham.systemtest.cluster.GothamOnNodes.user;
import static org.gotham.systemtest.cluster.GothamOnNodes.userId;

import jakarta.ws.rs.WebApplicationException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.KeycloakForms;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Two Keycloak nodes in production mode as one cluster ({@link KeycloakCluster}: one hostname, Keycloak's database and
 * the legacy database in PostgreSQL, the realm file as shipped), started once for all the tests here. What one node
 * changes, the other honours on the next request; a setting saved on one node is applied by the other without a
 * restart; races across the nodes leave one row; a node killed leaves a cluster that serves its sessions, and rejoins.
 * The node-loss tests run last and leave the cluster whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ClusterSystemTest {

    private KeycloakCluster cluster;
    private ClusterNode one;
    private ClusterNode two;

    @BeforeAll
    void startCluster() {
        long started = System.nanoTime();
        cluster = KeycloakCluster.start();
        one = cluster.node(1);
        two = cluster.node(2);
        System.out.printf(
                "two-node cluster up in %d s: %s, %s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), one, two);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Nested
    @Order(1)
    class OneCluster {

        @Test
        void bothNodesLogOneClusterViewOfTwo() {
            assertThat(one.view(0)).hasSize(2).isEqualTo(two.view(0));
        }

        @Test
        void aLegacyUserSignsInOnEitherNodeAndBothNameTheOneHostnameAsIssuer() {
            LegacyUser alfred = LegacyUser.named("alfred");
            for (ClusterNode node : cluster.nodes()) {
                TokenEndpoint.Answer answer = node.tokens(REALM).password(CLIENT, alfred.username(), alfred.password());

                assertThat(answer.ok()).as("%s: %s", node, answer.body()).isTrue();
                assertThat(answer.claims().path("iss").asText()).isEqualTo(cluster.issuer(REALM));
                assertThat(answer.claims().path("preferred_username").asText()).isEqualTo("alfred");
            }
        }

        @Test
        void aTokenFromOneNodeIsAcceptedAndRefreshedByTheOther() {
            LegacyUser robin = LegacyUser.named("robin");
            TokenEndpoint.Answer signedIn = signIn(one, robin.username(), robin.password());
            assertThat(signedIn.ok()).as("%s", signedIn.body()).isTrue();

            assertThat(ClusterHttp.userInfo(two, REALM, signedIn.accessToken())
                            .path("preferred_username")
                            .asText())
                    .as("node 2's userinfo for node 1's access token")
                    .isEqualTo("robin");
            TokenEndpoint.Answer refreshed = refresh(two, signedIn);
            assertThat(refreshed.ok()).as("%s", refreshed.body()).isTrue();
            assertThat(refreshed.claims().path("sid").asText())
                    .isEqualTo(signedIn.claims().path("sid").asText());
        }

        /**
         * No sticky sessions needed: the login page node 2 serves posts its form to the one hostname (node 1 here),
         * which finds the authentication session node 2 began.
         */
        @Test
        void aLoginPageServedByOneNodeSignsInWhenPostedToTheOther() {
            LegacyUser barbara = LegacyUser.named("Barbara.Gordon");
            KeycloakForms browser = two.forms(REALM, cluster.crimeWebUrl());
            String action = browser.openLogin();
            assertThat(action).startsWith(one.url() + "/");

            KeycloakForms.Outcome outcome = browser.signIn(action, barbara.username(), barbara.password());

            assertThat(outcome.signedIn())
                    .as("%d %s %s", outcome.status(), outcome.location(), outcome.errors())
                    .isTrue();
        }
    }

    /** An admin's change through node 1's REST API, with node 2 holding the user in its cache from a sign-in before. */
    @Nested
    @Order(2)
    class AdminChangesOnOneNode {

        @Test
        void aPasswordResetHoldsOnTheOtherNodeAtOnce() {
            LegacyUser witness = signedInOnNodeTwo("witness01");
            String before = hashOf(witness.username());
            try (Keycloak admin = one.admin()) {
                user(admin, witness.username()).resetPassword(password("reset-on-node-one-1"));
            }

            assertRefused(two.tokens(REALM).password(CLIENT, witness.username(), witness.password()));
            assertThat(two.tokens(REALM)
                            .password(CLIENT, witness.username(), "reset-on-node-one-1")
                            .ok())
                    .isTrue();
            assertThat(hashOf("witness01")).as("written back").isNotEqualTo(before);
        }

        @Test
        void aDisableHoldsOnTheOtherNodeAtOnce() {
            LegacyUser witness = signedInOnNodeTwo("witness02");
            try (Keycloak admin = one.admin()) {
                UserResource user = user(admin, witness.username());
                UserRepresentation disabled = user.toRepresentation();
                disabled.setEnabled(false);
                user.update(disabled);
            }

            assertRefused(two.tokens(REALM).password(CLIENT, witness.username(), witness.password()));
        }

        @Test
        void aDeleteHoldsOnTheOtherNodeAtOnce() {
            LegacyUser witness = signedInOnNodeTwo("witness03");
            try (Keycloak admin = one.admin()) {
                assertThat(admin.realm(REALM)
                                .users()
                                .delete(userId(admin, witness.username()))
                                .getStatus())
                        .isEqualTo(204);
            }

            assertRefused(two.tokens(REALM).password(CLIENT, witness.username(), witness.password()));
            assertThat(cluster.legacy().queryLong("SELECT count(*) FROM users WHERE username = ?", "witness03"))
                    .isZero();
            try (Keycloak admin = two.admin()) {
                assertThat(admin.realm(REALM).users().searchByUsername("witness03", true))
                        .isEmpty();
            }
        }

        @Test
        void realmAndClientRoleGrantsHoldOnTheOtherNodeAtOnce() {
            LegacyUser witness = signedInOnNodeTwo("witness04");
            String realmRole = "cluster-granted";
            try (Keycloak admin = one.admin()) {
                RealmResource realm = admin.realm(REALM);
                RoleRepresentation role = new RoleRepresentation();
                role.setName(realmRole);
                realm.roles().create(role);
                try {
                    UserResource user = user(admin, witness.username());
                    user.roles()
                            .realmLevel()
                            .add(List.of(realm.roles().get(realmRole).toRepresentation()));
                    String crimeApi =
                            realm.clients().findByClientId("crime-api").get(0).getId();
                    user.roles()
                            .clientLevel(crimeApi)
                            .add(List.of(realm.clients()
                                    .get(crimeApi)
                                    .roles()
                                    .get("admin")
                                    .toRepresentation()));

                    TokenEndpoint.Answer onTwo =
                            two.tokens(REALM).password(CLIENT, witness.username(), witness.password());

                    assertThat(onTwo.ok()).as("%s", onTwo.body()).isTrue();
                    assertThat(onTwo.claims().at("/realm_access/roles").toString())
                            .contains(realmRole);
                    assertThat(onTwo.claims()
                                    .at("/resource_access/crime-api/roles")
                                    .toString())
                            .contains("\"admin\"");
                } finally {
                    realm.roles().deleteRole(realmRole);
                }
            }
        }
    }

    /**
     * The federation component saved through node 1's REST API (as the console's Save does), used on node 2 at the next
     * request; each test puts the realm file's settings back.
     */
    @Nested
    @Order(3)
    class ComponentSettingsSavedOnOneNode {

        @Test
        void readOnlyEditModeRefusesAPasswordResetOnTheOtherNode() {
            LegacyUser witness = signedInOnNodeTwo("witness05");
            // as the sign-in left it (WRITABLE rehashes a hash below the component's cost)
            String before = hashOf(witness.username());
            try (ClusterComponent component = ClusterComponent.legacyUsers(one, REALM, cluster.legacy())) {
                component.save(Map.of("editMode", "READ_ONLY"));

                try (Keycloak admin = two.admin()) {
                    assertThatThrownBy(() -> user(admin, witness.username()).resetPassword(password("not-written-1")))
                            .isInstanceOfSatisfying(
                                    WebApplicationException.class,
                                    e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
                }
            }
            assertThat(hashOf("witness05")).isEqualTo(before);
        }

        @Test
        void lazyMigrationMovesAUserSigningInOnTheOtherNodeIntoKeycloak() {
            LegacyUser witness = LegacyUser.named("witness06");
            try (ClusterComponent component = ClusterComponent.legacyUsers(one, REALM, cluster.legacy())) {
                component.save(Map.of("editMode", "READ_ONLY", "lazyMigration", "true"));

                TokenEndpoint.Answer onTwo = two.tokens(REALM).password(CLIENT, witness.username(), witness.password());

                assertThat(onTwo.ok()).as("%s", onTwo.body()).isTrue();
                try (Keycloak admin = two.admin()) {
                    UserRepresentation migrated = admin.realm(REALM)
                            .users()
                            .searchByUsername(witness.username(), true)
                            .get(0);
                    assertThat(migrated.getFederationLink()).isNull();
                    assertThat(migrated.getId()).doesNotStartWith("f:");
                }
            }
        }

        @Test
        void aBcryptCostSavedOnOneNodeIsTheCostTheOtherWrites() {
            LegacyUser witness = signedInOnNodeTwo("witness07");
            try (ClusterComponent component = ClusterComponent.legacyUsers(one, REALM, cluster.legacy())) {
                component.save(Map.of("bcryptCost", "5"));

                try (Keycloak admin = two.admin()) {
                    user(admin, witness.username()).resetPassword(password("cost-five-password-1"));
                }
            }
            assertThat(hashOf("witness07")).matches("\\$2[aby]\\$05\\$.{53}");
        }

        /**
         * Other JDBC credentials (a role of the test's own and its password) saved on node 1: node 2's next sign-in
         * rebuilds its pool, and every connection node 2 holds to the legacy database is then that role's. The shared
         * PostgreSQL trusts 127.0.0.1, so it shows the credentials are used, not that a wrong password would fail.
         */
        @Test
        void jdbcCredentialsSavedOnOneNodeAreTheOnesTheOtherConnectsWith() {
            LegacyUser witness = LegacyUser.named("witness08");
            try (LegacyRole role = LegacyRole.create(cluster.legacy());
                    ClusterComponent component = ClusterComponent.legacyUsers(one, REALM, cluster.legacy())) {
                component.save(Map.of("jdbcUser", role.name(), "jdbcPassword", role.password()));

                assertThat(two.tokens(REALM)
                                .password(CLIENT, witness.username(), witness.password())
                                .ok())
                        .isTrue();

                assertThat(role.usersOfConnectionsFrom(two))
                        .as("the database users of node 2's connections to the legacy database")
                        .containsOnly(role.name());
            }
        }
    }

    @Nested
    @Order(4)
    class RacesAcrossNodes {

        private static final int ROUNDS = 5;

        /**
         * Both nodes post the registration form for one new name at the same moment, each with its own browser (a load
         * balancer without sticky sessions): one registers, the other sees the form again with "Username already
         * exists", and the legacy table has one row.
         */
        @Test
        void theRegistrationPageRacedForOneNameOnBothNodesLeavesOneRowAndShowsTheLoserTheForm() {
            List<String> failures = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                String username = "cluster.racer" + round;
                String password = "racing-password-" + round;
                List<KeycloakForms.Outcome> outcomes = AtOnce.race(List.of(one, two), node -> {
                    KeycloakForms browser = node.forms(REALM, cluster.crimeWebUrl());
                    String action = node.onThisNode(browser.openRegistration());
                    return () -> browser.submitRegistration(action, username, password, username + "@gotham.example");
                });
                long registered = outcomes.stream()
                        .filter(KeycloakForms.Outcome::registered)
                        .count();
                long formAgain = outcomes.stream()
                        .filter(o -> o.status() == 200 && o.errors().contains("Username already exists"))
                        .count();
                long rows = cluster.legacy().queryLong("SELECT count(*) FROM users WHERE username = ?", username);
                System.out.printf("registration of %s raced on both nodes: %s%n", username, describe(outcomes));
                if (registered != 1 || formAgain != 1 || rows != 1) {
                    failures.add(String.format(
                            "%s: %d registered, %d saw the form again, %d rows; answers %s",
                            username, registered, formAgain, rows, describe(outcomes)));
                }
            }
            assertThat(failures)
                    .as("rounds that did not leave one winner, one form and one row")
                    .isEmpty();
        }

        /**
         * "Sync all users" on both nodes at once, on a second component over a table of its own: one import runs, the
         * other node answers that one runs (or finds nothing left to do), and every row becomes one Keycloak user.
         */
        @Test
        void anImportTriggeredOnBothNodesAtOnceRunsOnce() {
            int rows = 400;
            try (ImportTable table = ImportTable.create("import", 100_001, rows);
                    ClusterComponent component =
                            ClusterComponent.readOnlyCopy(one, REALM, table.database(), "cluster-import")) {
                List<ClusterComponent.SyncAnswer> answers =
                        AtOnce.race(List.of(one, two), node -> () -> component.triggerFullSync(node));

                System.out.printf("import triggered on both nodes at once: %s%n", answers);
                assertThat(answers.stream()
                                .mapToInt(ClusterComponent.SyncAnswer::added)
                                .sum())
                        .as("users added across both answers: %s", answers)
                        .isEqualTo(rows);
                assertThat(answers)
                        .as("one answer ran the import; the other was told one runs: %s", answers)
                        .filteredOn(ClusterComponent.SyncAnswer::ranTheImport)
                        .hasSize(1);
                assertThat(component.localUsers(two, table.prefix())).isEqualTo(rows);
            }
        }

        /**
         * An import that outlasts the request ("goes on in the background", after 20 s) on node 1 releases Keycloak's
         * own sync lock; asked of node 2 then, the import is still not started twice: the provider's cluster-wide lock
         * answers that it runs on another node. Keycloak's user table takes no writes meanwhile, so the import on node
         * 1 is held at its first user however fast the machine (the legacy table stays readable: its reads time out).
         */
        @Test
        void anImportRunningInTheBackgroundOnOneNodeIsNotStartedAgainOnTheOther() throws Exception {
            int rows = 50;
            try (ImportTable table = ImportTable.create("long", 200_001, rows);
                    ClusterComponent component =
                            ClusterComponent.readOnlyCopy(one, REALM, table.database(), "cluster-long-import")) {
                ClusterComponent.SyncAnswer first;
                ClusterComponent.SyncAnswer second;
                try (AutoCloseable held = cluster.holdWritesTo("user_entity")) {
                    first = component.triggerFullSync(one);
                    second = component.triggerFullSync(two);
                }
                System.out.printf("a long import on node 1, then asked of node 2: %s, %s%n", first, second);

                assertThat(first.status()).contains("goes on in the background");
                assertThat(second.status()).contains("already running on another node");
                // the import on node 1 goes on once the table is free: a bounded wait for its end
                Await.until(
                        "node 1's import to end",
                        Duration.ofSeconds(60),
                        () -> !"RUNNING"
                                .equals(component
                                        .importStatus(one)
                                        .path("state")
                                        .asText()));
                assertThat(component.importStatus(one).path("added").asInt()).isEqualTo(rows);
                assertThat(component.localUsers(two, table.prefix())).isEqualTo(rows);
            }
        }
    }

    /** Node 2 killed (SIGKILL), node 1 serving alone, node 2 back: the cluster is whole again afterwards. */
    @Nested
    @Order(5)
    class ANodeKilled {

        @Test
        void theOtherNodeServesTheKilledNodesSessionsAndTheNodeRejoins() {
            LegacyUser gordon = LegacyUser.named("gordon");
            TokenEndpoint.Answer onTwo = two.tokens(REALM).password(CLIENT, gordon.username(), gordon.password());
            assertThat(onTwo.ok()).as("%s", onTwo.body()).isTrue();
            int oneFrom = one.logLength();
            int twoFrom = two.logLength();

            two.kill();

            TokenEndpoint.Answer refreshed = refresh(one, onTwo);
            assertThat(refreshed.ok())
                    .as("node 2's session refreshed on node 1: %s", refreshed.body())
                    .isTrue();
            LegacyUser selina = LegacyUser.named("selina");
            assertThat(one.tokens(REALM)
                            .password(CLIENT, selina.username(), selina.password())
                            .ok())
                    .as("a new sign-in on node 1")
                    .isTrue();
            one.awaitView(1, oneFrom, KeycloakCluster.VIEW_TIMEOUT);

            int oneAlone = one.logLength();
            long restarting = System.nanoTime();
            two.restart();
            two.awaitView(2, twoFrom, KeycloakCluster.VIEW_TIMEOUT);
            one.awaitView(2, oneAlone, KeycloakCluster.VIEW_TIMEOUT);
            System.out.printf(
                    "node 2 restarted and rejoined in %d s%n",
                    Duration.ofNanos(System.nanoTime() - restarting).toSeconds());

            TokenEndpoint.Answer backOnTwo = refresh(two, refreshed);
            assertThat(backOnTwo.ok())
                    .as("the session refreshed on the node that rejoined: %s", backOnTwo.body())
                    .isTrue();
            assertThat(one.view(oneAlone)).isEqualTo(two.view(twoFrom));
        }
    }

    @Nested
    @Order(6)
    class ANodeThatCannotJoin {

        /** TEST-NET-1 (RFC 5737): an address no interface of this machine has. */
        private static final String NOT_THIS_MACHINE = "192.0.2.1";

        @Test
        void failsToStartWithinItsDeadlineAndTheClusterServesOnUnchanged() throws Exception {
            int oneFrom = one.logLength();
            List<String> view = one.view(0);
            LegacyUser harvey = LegacyUser.named("harvey.dent");
            long started = System.nanoTime();

            RuntimeException failure = cluster.tryToAddNode(NOT_THIS_MACHINE, Duration.ofMinutes(3));

            System.out.printf(
                    "a node that cannot bind its cluster address gave up after %d s: %s%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(), failure);
            assertThat(failure).as("the node's start").isNotNull();
            assertThat(Files.readString(cluster.log(3)))
                    .as("its log says why")
                    .contains("Failed to start server")
                    .contains(NOT_THIS_MACHINE + " is not a valid address on any local network interface");
            assertThat(one.view(oneFrom)).as("no new view on node 1").isEmpty();
            assertThat(one.view(0)).isEqualTo(view);
            for (ClusterNode node : List.of(one, two)) {
                TokenEndpoint.Answer answer = node.tokens(REALM).password(CLIENT, harvey.username(), harvey.password());
                assertThat(answer.ok()).as("%s: %s", node, answer.body()).isTrue();
            }
        }
    }

    /** Signs the legacy user in on node 2, so that node 2 holds them in its caches before node 1 changes them. */
    private LegacyUser signedInOnNodeTwo(String username) {
        LegacyUser user = LegacyUser.named(username);
        TokenEndpoint.Answer answer = two.tokens(REALM).password(CLIENT, user.username(), user.password());
        assertThat(answer.ok())
                .as("%s signs in on node 2 first: %s", username, answer.body())
                .isTrue();
        return user;
    }

    private String hashOf(String username) {
        return cluster.legacy().queryString("SELECT hashed_password FROM users WHERE username = ?", username);
    }

    private static String describe(List<KeycloakForms.Outcome> outcomes) {
        List<String> described = new ArrayList<>();
        for (KeycloakForms.Outcome outcome : outcomes) {
            String page = outcome.page() == null ? "" : outcome.page();
            String title = page.replaceAll("(?s).*<title>([^<]*)</title>.*", "$1");
            described.add(outcome.status()
                    + (outcome.location() != null ? " -> " + outcome.location() : "")
                    + (outcome.errors().isBlank()
                            ? ""
                            : " errors: " + outcome.errors().strip())
                    + (title.length() < 100 ? " title: " + title : ""));
        }
        return described.toString();
    }
}
