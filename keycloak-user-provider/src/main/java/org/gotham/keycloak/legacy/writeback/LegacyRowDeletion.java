package org.gotham.keycloak.legacy.writeback;

import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ModelException;

/**
 * Deletes a legacy row when, and only when, the Keycloak transaction that deleted the user commits. Enlisted in
 * Keycloak's prepare phase, which commits before Keycloak's own database: if the row cannot be deleted, the exception
 * rolls the whole deletion back, so the user stays in both; if Keycloak rolls back for another reason, the row was
 * never touched. (Deleting at once, as the other writes do, would lose the row for good when Keycloak then rolled
 * back.)
 */
final class LegacyRowDeletion extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(LegacyRowDeletion.class);

    private final LegacyUserRepository repository;
    private final long id;
    private final String store;
    private final String componentId;

    LegacyRowDeletion(LegacyUserRepository repository, long id, String store, String componentId) {
        this.repository = repository;
        this.id = id;
        this.store = store;
        this.componentId = componentId;
    }

    @Override
    protected void commitImpl() {
        try {
            if (repository.delete(id)) {
                LegacyMetrics.rowWritten(componentId, "deleted");
                LOG.debugf("Deleted legacy user id=%d from %s", id, store);
            }
        } catch (LegacyStoreUnavailableException e) {
            LOG.warnf(
                    "Could not delete legacy user id=%d from %s (%s); Keycloak's deletion of the user is rolled back",
                    id, store, e.detail());
            throw new ModelException("The legacy user store is unavailable", e);
        }
    }

    @Override
    protected void rollbackImpl() {
        // nothing was written
    }
}
