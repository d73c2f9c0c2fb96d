package org.gotham.keycloak.legacy.writeback;

import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * Undoes the insert of a new legacy row when the Keycloak transaction that asked for it rolls back (a later step of
 * the registration or the admin's Create user failed): the legacy table and Keycloak then agree that the user was
 * never made. Enlisted after completion, so it runs once Keycloak's own outcome is known.
 */
final class LegacyRowRollback extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(LegacyRowRollback.class);

    private final LegacyUserRepository repository;
    private final long id;
    private final String username;
    private final String store;

    LegacyRowRollback(LegacyUserRepository repository, long id, String username, String store) {
        this.repository = repository;
        this.id = id;
        this.username = username;
        this.store = store;
    }

    @Override
    protected void commitImpl() {
        // the row stays: Keycloak committed the user
    }

    @Override
    protected void rollbackImpl() {
        try {
            repository.deleteIfNamed(id, username);
            LOG.debugf("Keycloak rolled back adding legacy user id=%d to %s; the row was deleted", id, store);
        } catch (LegacyStoreUnavailableException e) {
            LOG.warnf(
                    "Keycloak rolled back adding legacy user id=%d to %s, but the row could not be deleted (%s); "
                            + "it has no password, so nobody can sign in as it: delete it by hand",
                    id, store, e.detail());
        }
    }
}
