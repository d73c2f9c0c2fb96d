package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TableSnapshot;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Keycloak's brute-force detection protects legacy users as it protects its own: after
 * {@code failureFactor} wrong passwords even the right one is refused, until the configured wait has passed.
 *
 * <p>The realm is this test's own: the gotham realm's failure factor (5), with a 5 s wait instead of 60 s so the
 * unlock can be awaited, and the quick-login rule (two failures within a second lock at once) narrowed to 1 ms, so
 * that what is tested is the failure factor and not how fast a script types.
 */
@ExtendWith(KeycloakExtension.class)
class BruteForceSystemTest {

    private static final String REALM = "faults-brute-force";
    private static final int FAILURE_FACTOR = 5;
    private static final int WAIT_SECONDS = 5;

    private final GothamKeycloak keycloak;

    BruteForceSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void afterFiveWrongPasswordsALegacyUserIsLockedOutEvenWithTheRightOneAndTheLockLiftsAfterTheWait() {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE, "faults_brute_force", Environment.pathProperty("work.dir"), LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(REALM, database, r -> {
            r.setBruteForceProtected(true);
            r.setPermanentLockout(false);
            r.setFailureFactor(FAILURE_FACTOR);
            r.setWaitIncrementSeconds(WAIT_SECONDS);
            r.setMaxFailureWaitSeconds(WAIT_SECONDS);
            r.setQuickLoginCheckMilliSeconds(1L);
            r.setMinimumQuickLoginWaitSeconds(WAIT_SECONDS);
        });
        LegacyUser robin = LegacyUser.named("robin");
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource resource = admin.realm(REALM);
            TableSnapshot before = TableSnapshot.of(database, "users");
            assertThat(signIn(realm, robin.password()).ok()).as("robin before").isTrue();
            String robinId = RealmFixtures.userId(resource, "robin");

            for (int i = 1; i < FAILURE_FACTOR; i++) {
                wrongPassword(realm, resource, robinId, i);
            }
            assertThat(RealmFixtures.lockedOut(resource, robinId))
                    .as("locked after %d failures", FAILURE_FACTOR - 1)
                    .isFalse();
            wrongPassword(realm, resource, robinId, FAILURE_FACTOR);
            long locked = System.nanoTime();

            Await.until(
                    "robin to be locked after " + FAILURE_FACTOR + " failures",
                    Duration.ofSeconds(10),
                    () -> RealmFixtures.lockedOut(resource, robinId));
            assertThat(RealmFixtures.failures(resource, robinId)).isEqualTo(FAILURE_FACTOR);
            Answer rightPassword = signIn(realm, robin.password());
            assertThat(rightPassword.status())
                    .as("the right password while locked: %s", rightPassword.body())
                    .isEqualTo(400);
            assertThat(rightPassword.error()).isEqualTo("invalid_grant");

            Await.until(
                    "robin's lock to lift",
                    Duration.ofSeconds(WAIT_SECONDS + 30),
                    () -> !RealmFixtures.lockedOut(resource, robinId));
            Duration lockedFor = Duration.ofNanos(System.nanoTime() - locked);
            assertThat(lockedFor)
                    .as("how long the lock held")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(WAIT_SECONDS - 1));
            Answer after = signIn(realm, robin.password());
            assertThat(after.ok())
                    .as("the right password after the wait: %s", after.body())
                    .isTrue();
            assertThat(resource.users().get(robinId).toRepresentation().isEnabled())
                    .as("robin enabled")
                    .isTrue();
            // the successful sign-ins may rehash robin's password (WRITABLE mode), by design; nothing else changes
            assertThat(TableSnapshot.of(database, "users").columns("id", "username"))
                    .as("the legacy table")
                    .isEqualTo(before.columns("id", "username"));
        } finally {
            keycloak.removeRealm(REALM);
        }
    }

    /**
     * One wrong password, then waits until Keycloak has counted it. Keycloak 26 records a failure on its brute-force
     * thread after the grant has answered, and refuses, without counting, a sign-in that arrives while the previous
     * one is still being recorded ("concurrent login"); a script that types faster than that would test the
     * concurrency guard, not the failure factor.
     */
    private static void wrongPassword(LegacyRealm realm, RealmResource resource, String userId, int failure) {
        assertThat(signIn(realm, "wrong-" + failure).error()).isEqualTo("invalid_grant");
        Await.until(
                "failure " + failure + " to be counted",
                Duration.ofSeconds(10),
                () -> RealmFixtures.failures(resource, userId) == failure);
    }

    private static Answer signIn(LegacyRealm realm, String password) {
        return realm.tokens().password("crime-cli", "robin", password);
    }
}
