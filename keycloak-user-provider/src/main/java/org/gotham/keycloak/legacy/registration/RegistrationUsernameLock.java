package org.gotham.keycloak.legacy.registration;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A step of the registration form that lets only one registration of a username through at a time, from the
 * check that the name is free to the end of the request that takes it.
 *
 * <p>Keycloak's registration form checks in {@code validate} (RegistrationUserCreation, through the user profile's
 * duplicate-username validator) and creates the user in {@code success}, with nothing in between that stops a second
 * request for the same name: both pass the check, the second one's create then fails (a
 * {@code ModelDuplicateException} from the legacy table's unique index, or from Keycloak's own USER_ENTITY), and
 * nothing on the form's path catches it, so Keycloak shows its "unexpected error" page. Run before
 * RegistrationUserCreation, this step holds the name until the session closes (after its transaction ended), so the
 * second request's check runs after the first one's row exists and Keycloak answers with its own form and "Username
 * already exists". The name is held on two levels: this node's {@link UsernameLocks} first (registrations on one node
 * queue there without asking the cluster), then across the cluster with {@link ClusterNameLocks}, so that a race of
 * two nodes ends the same way.
 */
final class RegistrationUsernameLock implements FormAction {

    private static final Logger LOG = Logger.getLogger(RegistrationUsernameLock.class);
    /** Keys of Keycloak's cluster-wide task lock: realm id, NUL, username. */
    static final String CLUSTER_KEY_PREFIX = "legacy-registration::";

    private final KeycloakSession session;
    private final UsernameLocks locks;
    private final ClusterNameLocks clusterLocks;
    private final long timeoutMillis;
    private UsernameLocks.Held held;
    private ClusterNameLocks.Held clusterHeld;

    RegistrationUsernameLock(
            KeycloakSession session, UsernameLocks locks, ClusterNameLocks clusterLocks, long timeoutMillis) {
        this.session = session;
        this.locks = locks;
        this.clusterLocks = clusterLocks;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void validate(ValidationContext context) {
        String username =
                requestedUsername(context.getRealm(), context.getHttpRequest().getDecodedFormParameters());
        if (username != null && held == null) {
            lock(context.getRealm(), username);
        }
        context.success(); // never an error of its own: the steps after it check the form
    }

    private void lock(RealmModel realm, String username) {
        String key = realm.getId() + '\0' + username;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            held = locks.tryLock(key, timeoutMillis);
            if (held != null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                clusterHeld = clusterLocks.tryLock(
                        session.getProvider(ClusterProvider.class), CLUSTER_KEY_PREFIX + key, Math.max(0, left));
            }
            if (clusterHeld == null) {
                LOG.warnf(
                        "A registration waited %d ms for another registration of the same username in realm %s (on "
                                + "this or another node) and went on without waiting further",
                        timeoutMillis, realm.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "A registration in realm %s could not hold its username across the cluster and went on without: %s",
                    realm.getName(), e);
        }
        if (clusterHeld == null) {
            // The registration goes on unguarded: the unique index still decides, at worst with Keycloak's error page.
            close();
            return;
        }
        session.enlistForClose(this);
    }

    /** The username Keycloak will create, as it will store it (lower case), or null if the form has none. */
    static String requestedUsername(RealmModel realm, MultivaluedMap<String, String> form) {
        String field = realm.isRegistrationEmailAsUsername() ? UserModel.EMAIL : UserModel.USERNAME;
        String value = form == null ? null : form.getFirst(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void success(FormContext context) {
        // the lock is held until the session closes, past the transaction that creates the user
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        // adds nothing to the page
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // none
    }

    /** Called by Keycloak when the session closes, after its transaction committed or rolled back. */
    @Override
    public void close() {
        if (clusterHeld != null) {
            clusterHeld.close();
            clusterHeld = null;
        }
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
