package org.gotham.systemtest.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** What the fault tests do to and read from a realm through Keycloak's admin API. */
final class RealmFixtures {

    /** The federation component's bcrypt cost setting ({@code LegacyStoreConfig.BCRYPT_COST}). */
    static final String BCRYPT_COST = "bcryptCost";
    /** The federation component's edit mode setting ({@code LegacyStoreConfig.EDIT_MODE}). */
    static final String EDIT_MODE = "editMode";

    private RealmFixtures() {}

    /**
     * Adds a Keycloak-local user to a realm about to be created. Created through the admin API instead, the user
     * would go to the legacy table: the realm's federation is WRITABLE. Realm import writes Keycloak's own store.
     */
    static void addLocalUser(RealmRepresentation realm, String username, String password) {
        List<UserRepresentation> users = new ArrayList<>(Objects.requireNonNullElse(realm.getUsers(), List.of()));
        users.add(user(username, password));
        realm.setUsers(users);
    }

    private static UserRepresentation user(String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Local");
        user.setLastName("Officer");
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        return user;
    }

    /** Keycloak's id of the user with exactly this username, looked up through every store. */
    static String userId(RealmResource realm, String username) {
        List<UserRepresentation> found = realm.users().searchByUsername(username, true);
        if (found.size() != 1) {
            throw new AssertionError("expected one user named " + username + ", found " + found.size());
        }
        return found.get(0).getId();
    }

    /** Whether Keycloak's brute-force detection holds the user locked out now. */
    static boolean lockedOut(RealmResource realm, String userId) {
        Map<String, Object> status = realm.attackDetection().bruteForceUserStatus(userId);
        return Boolean.TRUE.equals(status.get("disabled"));
    }

    static int failures(RealmResource realm, String userId) {
        Object count = realm.attackDetection().bruteForceUserStatus(userId).get("numFailures");
        return count == null ? 0 : ((Number) count).intValue();
    }

    /** What an admin sees of one user: the fields a fault must not change (timestamps excluded). */
    record UserView(
            String username,
            boolean enabled,
            String federationLink,
            Map<String, List<String>> attributes,
            List<String> requiredActions) {

        static UserView of(UserRepresentation user) {
            return new UserView(
                    user.getUsername(),
                    Boolean.TRUE.equals(user.isEnabled()),
                    user.getFederationLink(),
                    Objects.requireNonNullElse(user.getAttributes(), Map.of()),
                    Objects.requireNonNullElse(user.getRequiredActions(), List.of()));
        }
    }

    /** Every user of the realm (local and legacy) as the admin console lists them, by username. */
    static List<UserView> everyUser(RealmResource realm) {
        return realm.users().search("*", 0, 1000).stream()
                .map(UserView::of)
                .sorted(Comparator.comparing(UserView::username))
                .toList();
    }

    /** The master admin's bearer token for admin REST calls made by hand, renewed before it expires (60 s). */
    static final class AdminToken {

        private final KeycloakServer server;
        private String token;
        private long fetched;

        AdminToken(KeycloakServer server) {
            this.server = server;
        }

        synchronized String bearer() {
            if (token == null || System.nanoTime() - fetched > TimeUnit.SECONDS.toNanos(30)) {
                token = adminToken(server);
                fetched = System.nanoTime();
            }
            return "Bearer " + token;
        }
    }

    /**
     * Makes every hash check of a realm about to be created cheap: the provider's bcrypt cost (for rehashes, new
     * users and its dummy check for unknown names) at bcrypt's minimum, Keycloak's own hash at one iteration. For
     * tests that sign in thousands of times to check something other than hashing.
     */
    static void cheapHashes(RealmRepresentation realm) {
        realm.setPasswordPolicy("hashIterations(1)");
        federation(realm).forEach(component -> component.getConfig().putSingle(BCRYPT_COST, "4"));
    }

    /** The realm's legacy federation components, to change their settings before the realm is created. */
    static List<ComponentExportRepresentation> federation(RealmRepresentation realm) {
        return realm.getComponents().get("org.keycloak.storage.UserStorageProvider");
    }

    /** Waits until some legacy user signs in, trying a different one each time (none comes near a lockout). */
    static void awaitFederatedSignIns(LegacyRealm realm, Duration timeout) {
        List<LegacyUser> witnesses = LegacyUser.all().stream()
                .filter(u -> u.username().startsWith("witness"))
                .toList();
        AtomicInteger attempt = new AtomicInteger();
        Await.until("a legacy user to sign in", timeout, () -> {
            LegacyUser witness = witnesses.get(attempt.getAndIncrement() % witnesses.size());
            return realm.tokens()
                    .password("crime-cli", witness.username(), witness.password())
                    .ok();
        });
    }

    /** A bearer token of the master admin, for admin REST calls made by hand. */
    static String adminToken(KeycloakServer server) {
        TokenEndpoint.Answer answer = new TokenEndpoint(server.issuer("master"))
                .password("admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        if (!answer.ok()) {
            throw new AssertionError("the master admin cannot sign in: " + answer.body());
        }
        return answer.accessToken();
    }
}
