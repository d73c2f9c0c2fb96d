package org.gotham.keycloak.legacy.registration;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers {@link RegistrationUsernameLock} as the form action {@value #PROVIDER_ID}, for a registration form flow
 * (first, before "Registration User Profile Creation"). Owns the node's username locks and its holders of cluster-wide ones.
 */
public class RegistrationUsernameLockFactory implements FormActionFactory {

    public static final String PROVIDER_ID = "registration-username-lock";
    /** Locks: enough that unrelated names rarely share one; a shared one only makes them wait for each other. */
    static final int STRIPES = 1024;
    /** How long a registration waits for another of the same name before it goes on without the lock. */
    static final long TIMEOUT_MILLIS = 30_000;

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    /** Registrations holding a name across the cluster at once, on this node; more go on unguarded. */
    static final int MAX_CLUSTER_HOLDERS = 64;
    /** How long a name stays held by a node that died holding it. */
    static final int LEASE_SECONDS = 60;

    private final UsernameLocks locks = new UsernameLocks(STRIPES);
    private final ClusterNameLocks clusterLocks = new ClusterNameLocks(MAX_CLUSTER_HOLDERS, LEASE_SECONDS);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public FormAction create(KeycloakSession session) {
        return new RegistrationUsernameLock(session, locks, clusterLocks, TIMEOUT_MILLIS);
    }

    @Override
    public String getDisplayType() {
        return "Registration: one at a time per username";
    }

    @Override
    public String getHelpText() {
        return "Put first in the registration form. Lets one registration of a username through at a time, so that "
                + "of two people registering the same name at once, the second sees 'Username already exists' on "
                + "the form instead of an error page, on one node or across a cluster.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
        // no settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        clusterLocks.close();
    }
}
