package org.gotham.keycloak.legacy.registration;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

class RegistrationUsernameLockTest {

    private final List<Provider> enlistedForClose = new ArrayList<>();
    private final ConcurrentMap<String, Object> cluster = new ConcurrentHashMap<>();
    private final KeycloakSession session = Fakes.fake(
            KeycloakSession.class,
            "session",
            Map.of(
                    "enlistForClose", args -> enlistedForClose.add((Provider) args[0]),
                    "getProvider", args -> Fakes.cluster(cluster)));
    private final UsernameLocks locks = new UsernameLocks(64);
    private final ClusterNameLocks clusterLocks = new ClusterNameLocks(4, 60);

    @AfterEach
    void stopHolders() {
        clusterLocks.close();
    }

    @Test
    void aSecondRegistrationOfTheNameWaitsUntilTheFirstOnesSessionCloses() throws InterruptedException {
        RegistrationUsernameLock first = new RegistrationUsernameLock(session, locks, clusterLocks, 1_000);
        List<String> outcomes = new ArrayList<>();

        first.validate(context(realm(false), "Joker", "a@example.test", outcomes));

        assertThat(outcomes).containsExactly("success");
        assertThat(enlistedForClose).containsExactly(first);
        assertThat(lockable("gotham-id\0joker"))
                .as("held, in Keycloak's lower case")
                .isFalse();
        assertThat(cluster)
                .as("and across the cluster")
                .containsOnlyKeys(RegistrationUsernameLock.CLUSTER_KEY_PREFIX + "gotham-id\0joker");
        first.close();
        assertThat(lockable("gotham-id\0joker"))
                .as("given back when the session closes")
                .isTrue();
        ClusterNameLocks.Held again = clusterLocks.tryLock(
                Fakes.cluster(cluster), RegistrationUsernameLock.CLUSTER_KEY_PREFIX + "gotham-id\0joker", 5_000);
        assertThat(again).as("across the cluster too").isNotNull();
        again.close();
    }

    @Test
    void aRegistrationThatWaitedTooLongGoesOnWithoutTheLock() {
        RegistrationUsernameLock first = new RegistrationUsernameLock(session, locks, clusterLocks, 1_000);
        RegistrationUsernameLock second = new RegistrationUsernameLock(session, locks, clusterLocks, 20);
        List<String> outcomes = new ArrayList<>();

        first.validate(context(realm(false), "joker", "a@example.test", outcomes));
        second.validate(context(realm(false), "JOKER", "b@example.test", outcomes));

        assertThat(outcomes).as("never an error of its own").containsExactly("success", "success");
        assertThat(enlistedForClose).containsExactly(first);
        second.close();
        assertThat(lockable("gotham-id\0joker"))
                .as("the second did not give back the first's lock")
                .isFalse();
        first.close();
    }

    @Test
    void aRegistrationOnAnotherNodeWaitsForTheNameAcrossTheCluster() {
        ClusterNameLocks otherNodesClusterLocks = new ClusterNameLocks(4, 60);
        UsernameLocks otherNodesLocks = new UsernameLocks(64);
        try {
            RegistrationUsernameLock here = new RegistrationUsernameLock(session, locks, clusterLocks, 1_000);
            RegistrationUsernameLock there =
                    new RegistrationUsernameLock(session, otherNodesLocks, otherNodesClusterLocks, 100);
            RegistrationUsernameLock thereLater =
                    new RegistrationUsernameLock(session, otherNodesLocks, otherNodesClusterLocks, 5_000);
            List<String> outcomes = new ArrayList<>();

            here.validate(context(realm(false), "joker", "a@example.test", outcomes));
            there.validate(context(realm(false), "Joker", "b@example.test", outcomes));

            assertThat(enlistedForClose)
                    .as("the other node did not get the name")
                    .containsExactly(here);
            assertThat(lockable("gotham-id\0joker")).as("nor kept this node's").isFalse();
            here.close();
            thereLater.validate(context(realm(false), "joker", "c@example.test", outcomes));
            assertThat(enlistedForClose)
                    .as("had on the other node once let go here")
                    .containsExactly(here, thereLater);
            assertThat(outcomes).containsExactly("success", "success", "success");
            thereLater.close();
        } finally {
            otherNodesClusterLocks.close();
        }
    }

    @Test
    void withEmailAsUsernameTheEmailIsTheName() {
        assertThat(RegistrationUsernameLock.requestedUsername(realm(true), form("joker", " Joker@Example.Test")))
                .isEqualTo("joker@example.test");
        assertThat(RegistrationUsernameLock.requestedUsername(realm(false), form("Joker", "x@example.test")))
                .isEqualTo("joker");
        assertThat(RegistrationUsernameLock.requestedUsername(realm(false), form(" ", "x@example.test")))
                .isNull();
    }

    private boolean lockable(String key) {
        try {
            UsernameLocks.Held held = locks.tryLock(key, 20);
            if (held == null) {
                return false;
            }
            held.close();
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static RealmModel realm(boolean emailAsUsername) {
        return Fakes.fake(
                RealmModel.class,
                "realm gotham",
                Map.of(
                        "getId", args -> "gotham-id",
                        "getName", args -> "gotham",
                        "isRegistrationEmailAsUsername", args -> emailAsUsername));
    }

    private static MultivaluedHashMap<String, String> form(String username, String email) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("username", username);
        form.putSingle("email", email);
        return form;
    }

    private static ValidationContext context(RealmModel realm, String username, String email, List<String> outcomes) {
        HttpRequest request = Fakes.fake(
                HttpRequest.class, "request", Map.of("getDecodedFormParameters", args -> form(username, email)));
        return Fakes.fake(
                ValidationContext.class,
                "validation",
                Map.of(
                        "getRealm", args -> realm,
                        "getHttpRequest", args -> request,
                        "success", args -> outcomes.add("success"),
                        "validationError", args -> outcomes.add("error")));
    }
}
