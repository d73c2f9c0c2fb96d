package org.gotham.keycloak.legacy;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * The bulk import ("Sync all users"): every legacy user becomes a Keycloak user for good, with the passlib hash as
 * a {@code bcrypt} password credential (see {@link BcryptPasswordHashProvider}), so they sign in with their old
 * password at once and Keycloak upgrades the hash to its own default at that sign-in.
 *
 * <p>The table is read page by page (by id) and each page is imported in a Keycloak transaction of its own: memory
 * stays bounded and a failure loses at most one page's work, which the next run redoes. Running it again changes
 * nothing: a user who is already a Keycloak user is left alone, unless they still hold an imported bcrypt credential
 * and the legacy hash changed since (a password changed in the old app), which is then updated.
 *
 * <p>Rows that cannot be users are counted as failed and logged by id: no username, an unusable hash, or a name that
 * differs from another only by case (none of which can sign in through the legacy store either).
 */
final class LegacyUserImport {

    private static final Logger LOG = Logger.getLogger(LegacyUserImport.class);

    static final int PAGE_SIZE = 200;

    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;
    private final ComponentModel model;
    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;

    LegacyUserImport(
            KeycloakSessionFactory sessionFactory,
            String realmId,
            ComponentModel model,
            LegacyStore store,
            LegacyPasswordHasher hasher) {
        this.sessionFactory = sessionFactory;
        this.realmId = realmId;
        this.model = model;
        this.store = store;
        this.hasher = hasher;
    }

    /** @throws LegacyStoreUnavailableException if the legacy table cannot be read (what was imported stays) */
    SynchronizationResult run() {
        SynchronizationResult result = new SynchronizationResult();
        long afterId = 0;
        while (true) {
            List<LegacyUser> page = store.repository().page(afterId, PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            afterId = page.get(page.size() - 1).id();
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> importPage(session, page, result));
        }
        LOG.infof(
                "Imported the users of legacy user store '%s' (%s) into Keycloak: %s",
                model.getName(), model.getId(), result.getStatus());
        return result;
    }

    private void importPage(KeycloakSession session, List<LegacyUser> page, SynchronizationResult result) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        LegacyUserStorageProvider legacyUsers = new LegacyUserStorageProvider(session, model, store, hasher);
        for (LegacyUser row : page) {
            if (row.username() == null) {
                continue; // not a user, see LegacyUserStorageProvider.getUserById
            }
            UserModel local = LegacyUserMigrator.localUsers(session)
                    .getUserByUsername(realm, LegacyUsernames.normalize(row.username()));
            if (local != null) {
                updateImportedHash(local, row, result);
                continue;
            }
            UserModel legacy = legacyUsers.getUserByUsername(realm, row.username());
            if (legacy == null || !Long.toString(row.id()).equals(StorageId.externalId(legacy.getId()))) {
                fail(result, row, "its username differs only by case from another legacy user's");
                continue;
            }
            CredentialModel password = LegacyUserMigrator.keycloakPasswordOf(legacy);
            if (password == null) {
                password = BcryptPasswordHashProvider.credential(row.passwordHash());
            }
            if (password == null) {
                fail(result, row, "it has no usable bcrypt hash");
                continue;
            }
            LegacyUserMigrator.copyToLocal(session, realm, legacy, password);
            LegacyUserMigrator.forgetCachedLookups(session, realm, legacy);
            result.increaseAdded();
        }
    }

    /** A user imported before whose legacy hash changed since: the imported credential follows, once. */
    private static void updateImportedHash(UserModel local, LegacyUser row, SynchronizationResult result) {
        PasswordCredentialModel imported = local.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .map(PasswordCredentialModel::createFromCredentialModel)
                .orElse(null);
        PasswordCredentialModel fresh = BcryptPasswordHashProvider.credential(row.passwordHash());
        if (imported == null
                || fresh == null
                || !BcryptPasswordHashProviderFactory.ID.equals(
                        imported.getPasswordCredentialData().getAlgorithm())
                || row.passwordHash().equals(imported.getPasswordSecretData().getValue())) {
            return; // not ours, already upgraded by a sign-in, or unchanged
        }
        fresh.setId(imported.getId());
        fresh.setCreatedDate(imported.getCreatedDate());
        fresh.setUserLabel(imported.getUserLabel());
        local.credentialManager().updateStoredCredential(fresh);
        result.increaseUpdated();
    }

    private void fail(SynchronizationResult result, LegacyUser row, String why) {
        LOG.warnf("Legacy user id=%d of '%s' was not imported: %s", row.id(), model.getName(), why);
        result.increaseFailed();
    }
}
