package org.gotham.keycloak.legacy.writeback;

import org.gotham.keycloak.legacy.LegacyPasswordChanges;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.MaxUtf8BytesPasswordPolicyProvider;
import org.gotham.keycloak.legacy.password.PasslibHash;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.gotham.keycloak.legacy.store.LegacyUsernames;
import org.gotham.keycloak.legacy.store.OptionalColumn;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PasswordPolicyNotMetException;
import org.keycloak.policy.PolicyError;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageUtil;

/**
 * Write-back for a WRITABLE component (one Keycloak session): new users, changed passwords, deleted users and
 * passlib's rehash on sign-in, each written to the legacy table the way the old app would have written it. Decides
 * what to write; the SQL is in {@link LegacyUserRepository}, the hashes in {@link LegacyPasswordHasher}.
 */
public final class LegacyUserWriter {

    private static final Logger LOG = Logger.getLogger(LegacyUserWriter.class);

    private final KeycloakSession session;
    private final LegacyUserRepository repository;
    private final LegacyPasswordHasher hasher;
    private final PasswordSchemes schemes;
    private final int cost;
    private final String store;
    /** The metrics' component tag. */
    private final String componentId;

    /** A writer to a component's store with the settings in force ({@code config}, read once per request). */
    public static LegacyUserWriter of(
            KeycloakSession session,
            LegacyStore store,
            LegacyStoreConfig config,
            LegacyPasswordHasher hasher,
            String storeDescription,
            String componentId) {
        return new LegacyUserWriter(
                session,
                store.repository(),
                hasher,
                config.passwordSchemes(),
                config.bcryptCost(),
                storeDescription,
                componentId);
    }

    public LegacyUserWriter(
            KeycloakSession session,
            LegacyUserRepository repository,
            LegacyPasswordHasher hasher,
            PasswordSchemes schemes,
            int cost,
            String store,
            String componentId) {
        this.session = session;
        this.componentId = componentId;
        this.repository = repository;
        this.hasher = hasher;
        this.schemes = schemes;
        this.cost = cost;
        this.store = store;
    }

    /**
     * Adds a row for a new user, named in lower case, with no password yet (Keycloak sets it next, through
     * {@link #changePassword}). If Keycloak's transaction rolls back, the row is deleted again.
     *
     * @throws ModelDuplicateException if the name is taken, in any case (also by a registration that won a race)
     * @throws ModelException if the name cannot be a legacy username
     */
    public LegacyUser register(String typed) {
        String problem = LegacyUsernames.problem(typed);
        if (problem != null) {
            throw new ModelException(problem);
        }
        String name = LegacyUsernames.normalize(typed);
        // The unique index compares case on SQLite and PostgreSQL; a name that differs only by case would make both
        // rows unusable (ambiguous names sign nobody in), so it counts as taken.
        if (!repository.findByUsernameIgnoreCase(name, 1).isEmpty()) {
            throw new ModelDuplicateException("User exists with same username", UserModel.USERNAME);
        }
        long id = repository.insert(name);
        session.getTransactionManager().enlistAfterCompletion(new LegacyRowRollback(repository, id, name, store));
        LegacyMetrics.rowWritten(componentId, "created");
        LOG.debugf("Added legacy user id=%d to %s", id, store);
        return new LegacyUser(id, name, null);
    }

    /**
     * Writes a new password as a passlib hash in the component's written scheme ({@code $2b$} at the configured cost
     * unless it says otherwise), after the realm's password policy accepted it. A password Keycloak had kept itself for this user (set in UNSYNCED mode) is dropped: the legacy
     * row is the one that counts again.
     *
     * @throws PasswordPolicyNotMetException if the realm's policy refuses it, or it is over 72 UTF-8 bytes for bcrypt
     */
    public void changePassword(RealmModel realm, UserModel user, String password) {
        PolicyError error =
                session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
        if (error != null) {
            throw policyNotMet(user, error.getMessage(), error.getParameters());
        }
        int bytes = LegacyPasswordHasher.utf8Length(password);
        int max = schemes.writes().cutsAt72Bytes()
                ? LegacyPasswordHasher.MAX_PASSWORD_BYTES
                : PasslibHash.MAX_PASSWORD_BYTES;
        if (bytes < 0 || bytes > max) {
            throw policyNotMet(user, MaxUtf8BytesPasswordPolicyProvider.message(max));
        }
        String hash = hasher.hash(password, schemes, cost);
        long id = legacyId(user);
        if (!repository.updateHash(id, hash)) {
            throw new ModelException("The legacy user no longer exists");
        }
        UserStorageUtil.userFederatedStorage(session)
                .getStoredCredentialsByTypeStream(realm, user.getId(), PasswordCredentialModel.TYPE)
                .map(CredentialModel::getId)
                .toList()
                .forEach(credentialId -> UserStorageUtil.userFederatedStorage(session)
                        .removeStoredCredential(realm, user.getId(), credentialId));
        new LegacyPasswordChanges(session, store).remember(realm, user.getId(), hash);
        LegacyMetrics.rowWritten(componentId, "password");
        LOG.debugf("Changed the password of legacy user id=%d in %s", id, store);
    }

    /**
     * Writes an admin's or the user's change of an optional column (e-mail, a name, the enabled flag) to the row.
     *
     * @throws ModelException if the row is gone
     * @throws LegacyStoreUnavailableException if the database cannot be reached
     */
    public void updateDetail(long id, OptionalColumn column, Object value) {
        if (!repository.updateDetail(id, column, value)) {
            throw new ModelException("The legacy user no longer exists");
        }
        LegacyMetrics.rowWritten(componentId, column.attribute());
        LOG.debugf("Changed the %s of legacy user id=%d in %s", column.label(), id, store);
    }

    /**
     * Deletes the user's row when Keycloak commits the deletion (see {@link LegacyRowDeletion}); one already gone is
     * no error. Reads the row first, so that an unreachable database refuses the deletion now, with the store's
     * message, rather than at commit.
     *
     * @throws LegacyStoreUnavailableException if the database cannot be reached
     */
    public void remove(UserModel user) {
        long id = legacyId(user);
        if (repository.findById(id).isEmpty()) {
            LOG.debugf("Legacy user id=%d was already gone from %s", id, store);
            return;
        }
        session.getTransactionManager().enlistPrepare(new LegacyRowDeletion(repository, id, store, componentId));
    }

    /**
     * passlib's {@code deprecated="auto"}: after a successful sign-in, a hash of another accepted scheme than the
     * written one, or of the written one with an older variant or less work (for bcrypt: {@code $2$}, {@code $2a$},
     * {@code $2y$} or below the configured cost), is replaced by a hash in the written scheme, unless the row changed
     * since it was read. A failure only costs the upgrade, never the sign-in.
     */
    public void rehashIfDeprecated(RealmModel realm, UserModel user, LegacyUser row, String password) {
        if (!schemes.needsUpdate(row.passwordHash(), cost)) {
            return;
        }
        try {
            String fresh = hasher.rehash(password, schemes, cost);
            if (repository.compareAndSetHash(row.id(), row.passwordHash(), fresh)) {
                LegacyMetrics.rehash(componentId);
                new LegacyPasswordChanges(session, store).remember(realm, user.getId(), fresh);
                LOG.debugf(
                        "Rehashed the password of legacy user id=%d in %s as %s",
                        row.id(), store, schemes.writes().passlibName());
            } else {
                LOG.debugf(
                        "Did not rehash legacy user id=%d in %s: the row changed since it was read", row.id(), store);
            }
        } catch (LegacyStoreUnavailableException e) {
            LOG.warnf(
                    "Could not rehash the password of legacy user id=%d in %s (the sign-in still succeeds): %s",
                    row.id(), store, e.detail());
        }
    }

    private static long legacyId(UserModel user) {
        try {
            return Long.parseLong(StorageId.externalId(user.getId()));
        } catch (NumberFormatException e) {
            throw new ModelException("Not a legacy user");
        }
    }

    private static PasswordPolicyNotMetException policyNotMet(UserModel user, String message, Object... parameters) {
        PasswordPolicyNotMetException e = new PasswordPolicyNotMetException(message, user.getUsername());
        e.setParameters(parameters);
        return e;
    }
}
