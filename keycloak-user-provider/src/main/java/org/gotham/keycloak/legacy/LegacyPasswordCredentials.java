package org.gotham.keycloak.legacy;

import java.util.stream.Stream;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.migration.LegacyUserMigrator;
import org.gotham.keycloak.legacy.password.KeycloakPasswordHash;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.LegacySignInBusyException;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.writeback.LegacyUserWriter;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider.EditMode;
import org.keycloak.storage.UserStorageUtil;

/**
 * The password of a legacy user, for one Keycloak session and one federation component: the check against the passlib
 * hash, and by edit mode what a sign-in or a new password does to it (see {@link LegacyUserStorageProvider} for the
 * modes). The provider hands its credential SPI calls here. Decides only: the row is read through
 * {@link LegacyUserLookup}, bcrypt is in {@link LegacyPasswordHasher}, write-back in {@link LegacyUserWriter}, the move
 * into Keycloak in {@link LegacyUserMigrator}.
 */
final class LegacyPasswordCredentials implements CredentialInputValidator, CredentialInputUpdater {

    // The provider's category: these lines were the provider's own before the password had a class.
    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;
    private final LegacyUserLookup lookup;
    private final String storeDescription;

    LegacyPasswordCredentials(
            KeycloakSession session,
            ComponentModel model,
            LegacyStore store,
            LegacyPasswordHasher hasher,
            LegacyUserLookup lookup,
            String storeDescription) {
        this.session = session;
        this.model = model;
        this.store = store;
        this.hasher = hasher;
        this.lookup = lookup;
        this.storeDescription = storeDescription;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType);
    }

    /**
     * Re-reads the row by the user's name at every check, so a password changed in the legacy app counts at once
     * and a name that became ambiguous since Keycloak cached the user still signs nobody in. A password that
     * Keycloak keeps for the user itself is checked by Keycloak instead (this returns false for it to take over).
     *
     * <p>A wrong password costs what Keycloak's own wrong password costs besides bcrypt (a hash with its default
     * algorithm), just as an unknown name costs bcrypt (see {@link LegacyUserLookup#byName}) besides Keycloak's own
     * dummy hash; a mismatch of a hash cheaper than the configured cost is padded to it: the time of a failed sign-in
     * does not tell whether the name exists, nor the cost of its hash.
     *
     * <p>If no bcrypt slot comes free in time, {@link LegacySignInBusyException}: not a failed login.
     *
     * <p>On success: WRITABLE rehashes a deprecated hash; lazy migration makes the user a Keycloak user. Neither
     * happens to a row the table disables (enabled column): its right password is true only where Keycloak already
     * sees the user disabled (it refuses the user then, as for its own users); a user it cached while still enabled
     * is refused here.
     *
     * <p>If the store cannot answer, the user is also dropped from Keycloak's user cache: this refusal counts as a
     * failed login (Keycloak's brute-force detection counts every false here), but the next attempts during the
     * outage find no such user, which counts for nobody, so an outage alone locks no one out. Nothing stored changes.
     */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (input == null || !supportsCredentialType(input.getType()) || user == null) {
            return false;
        }
        if (hasKeycloakPassword(realm, user)) {
            return false;
        }
        String externalId = StorageId.externalId(user.getId());
        LegacyUser row;
        try {
            row = lookup.byNameOrThrow(legacySpelling(user));
        } catch (LegacyStoreUnavailableException e) {
            lookup.warnOutage("check a password", LegacyUserLookup.SIGN_IN_OUTCOME, e);
            LegacyMetrics.signIn(model.getId(), LegacyMetrics.SignIn.STORE_UNAVAILABLE);
            forgetCachedUser(realm, user);
            return false;
        }
        if (row == null || !Long.toString(row.id()).equals(externalId)) {
            return false;
        }
        String password = input.getChallengeResponse();
        PasswordSchemes schemes = store.passwordSchemes();
        LegacyPasswordHasher.Result result =
                hasher.verify(password, row.passwordHash(), schemes, store.bcryptCost(), store.passwordCheckWait());
        if (result == LegacyPasswordHasher.Result.BUSY) {
            LegacyMetrics.signIn(model.getId(), LegacyMetrics.SignIn.BUSY);
            throw new LegacySignInBusyException();
        }
        LegacyMetrics.signIn(
                model.getId(),
                switch (result) {
                    case MATCH -> LegacyMetrics.SignIn.MATCH;
                    case UNUSABLE_HASH -> LegacyMetrics.SignIn.UNUSABLE_HASH;
                    default -> LegacyMetrics.SignIn.MISMATCH;
                });
        if (result == LegacyPasswordHasher.Result.UNUSABLE_HASH) {
            LOG.warnf(
                    "Legacy user id=%d in %s has %s; sign-in refused",
                    row.id(), storeDescription, schemes.whyUnusable(row.passwordHash()));
            if (hasher.dummyCheck(password, store.bcryptCost(), store.passwordCheckWait())
                    == LegacyPasswordHasher.Result.BUSY) {
                throw new LegacySignInBusyException();
            }
        }
        if (result != LegacyPasswordHasher.Result.MATCH) {
            keycloakDummyHash(realm);
            return false;
        }
        if (row.details().disabled()) {
            if (user.isEnabled()) {
                // a user Keycloak cached while the row was still enabled: refused here
                LOG.debugf(
                        "Legacy user id=%d in %s is disabled in the legacy table; sign-in refused",
                        row.id(), storeDescription);
                return false;
            }
            // Keycloak refuses a disabled user itself, and says "Account disabled" only to the right password
            return true;
        }
        new LegacyPasswordChanges(session, storeDescription).remember(realm, user.getId(), row.passwordHash());
        LegacyStoreConfig config = store.config();
        if (config != null && config.isWritable()) {
            writer(config).rehashIfDeprecated(realm, user, row, password);
        }
        if (config != null && config.lazyMigration()) {
            migrate(realm, user, password);
        }
        return true;
    }

    /**
     * WRITABLE: writes the new password's passlib hash (after the realm's password policy). UNSYNCED: declines, so
     * that Keycloak keeps it in its federated storage, where it then takes precedence. READ_ONLY: refused.
     */
    @Override
    public boolean updateCredential(RealmModel realm, UserModel user, CredentialInput input) {
        if (input == null || !supportsCredentialType(input.getType()) || !(input instanceof UserCredentialModel)) {
            return false;
        }
        LegacyStoreConfig config = store.config();
        if (config != null && config.isWritable()) {
            writer(config).changePassword(realm, user, input.getChallengeResponse());
            return true;
        }
        if (config != null && config.editMode() == EditMode.UNSYNCED) {
            return false;
        }
        throw new ReadOnlyException("The legacy user store '" + model.getName() + "' is read-only: the password "
                + "of a legacy user cannot be changed");
    }

    @Override
    public void disableCredentialType(RealmModel realm, UserModel user, String credentialType) {
        // a legacy password cannot be disabled, only changed
    }

    @Override
    public Stream<String> getDisableableCredentialTypesStream(RealmModel realm, UserModel user) {
        return Stream.empty();
    }

    private LegacyUserWriter writer(LegacyStoreConfig config) {
        return LegacyUserWriter.of(session, store, config, hasher, storeDescription, model.getId());
    }

    /** Whether Keycloak keeps a password of its own for this legacy user (set in UNSYNCED mode). */
    private boolean hasKeycloakPassword(RealmModel realm, UserModel user) {
        return UserStorageUtil.userFederatedStorage(session)
                .getStoredCredentialsByTypeStream(realm, user.getId(), PasswordCredentialModel.TYPE)
                .findAny()
                .isPresent();
    }

    /** Evicts a legacy user from Keycloak's user cache, so that lookups ask this provider again. */
    private void forgetCachedUser(RealmModel realm, UserModel user) {
        try {
            forgetCachedLookups(session, realm, user);
        } catch (RuntimeException e) {
            LOG.debugf("Could not evict legacy user %s from the user cache: %s", user.getId(), e.toString());
        }
    }

    /** Drops what Keycloak's user cache remembers of a legacy user, and so of which user their username is. */
    private static void forgetCachedLookups(KeycloakSession session, RealmModel realm, UserModel legacy) {
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, legacy);
        }
    }

    /** What Keycloak spends on a wrong password of its own users: one hash with the realm's algorithm. */
    private void keycloakDummyHash(RealmModel realm) {
        try {
            KeycloakPasswordHash.of(session, realm, KeycloakPasswordHash.DUMMY_PASSWORD);
        } catch (RuntimeException e) {
            LOG.debugf("No Keycloak dummy hash: %s", e.toString());
        }
    }

    /** Lazy migration; a failure costs only the migration, which the next sign-in tries again. */
    private void migrate(RealmModel realm, UserModel legacy, String password) {
        String legacyId = StorageId.externalId(legacy.getId());
        try {
            boolean made = LegacyUserMigrator.migrateInOwnTransaction(session, realm, legacy, password);
            // Keycloak caches which user a username is: it must find the new Keycloak user from now on
            forgetCachedLookups(session, realm, legacy);
            if (made) {
                LegacyMetrics.lazyMigration(model.getId());
                LOG.infof("Legacy user id=%s of %s signed in and is now a Keycloak user", legacyId, storeDescription);
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Could not migrate legacy user id=%s of %s to Keycloak (signed in through the legacy store; "
                            + "the next sign-in tries again): %s",
                    legacyId, storeDescription, e.getClass().getSimpleName());
        }
    }

    /**
     * The name as the legacy table spells it ({@code Ärger}), not Keycloak's lower-case username ({@code ärger}): the
     * row is found by {@code lower(username) = lower(?)}, and a database's {@code lower()} may fold fewer letters
     * than Java does (PostgreSQL under a C locale folds ASCII only); the same spelling always matches itself.
     */
    private static String legacySpelling(UserModel user) {
        String stored = user.getFirstAttribute(LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE);
        return stored != null ? stored : user.getUsername();
    }
}
