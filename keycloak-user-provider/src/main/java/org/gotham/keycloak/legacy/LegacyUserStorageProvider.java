package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserQuery;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.gotham.keycloak.legacy.writeback.LegacyUserWriter;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProvider.EditMode;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;
import org.keycloak.storage.user.UserRegistrationProvider;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;

/**
 * Legacy users for one Keycloak session and one federation component: lookup, password check, admin search, and,
 * by edit mode, what Keycloak may change. Coordinates only: sign-in lookups are in {@link LegacyUserLookup}, the
 * password in {@link LegacyPasswordCredentials}, admin search in {@link LegacyUserSearch}, write-back in
 * {@link LegacyUserWriter}; SQL is in {@link LegacyUserRepository}.
 *
 * <p>The edit mode governs the legacy row (its existence, username and password); what Keycloak keeps about a
 * legacy user (roles, groups, attributes, enabled, required actions) lives in its federated storage in every mode.
 * <ul>
 *   <li>READ_ONLY: new users become Keycloak users; changing a legacy password or deleting a legacy user is refused;
 *   <li>WRITABLE: new users are new rows, passwords are written as passlib hashes, deleting deletes the row, and a
 *       sign-in upgrades a deprecated hash (as passlib's {@code deprecated="auto"});
 *   <li>UNSYNCED: new users become Keycloak users; a changed password is kept by Keycloak (in its federated storage)
 *       and never written back; deleting a legacy user is refused.
 * </ul>
 * In every mode a password that Keycloak keeps for a legacy user takes precedence over the legacy hash: this
 * provider then declines the check and Keycloak's own password provider decides.
 *
 * <p>When the legacy database cannot answer, a sign-in lookup or password check logs a WARN (no stack trace, no
 * credentials) and behaves as "no such user" / "wrong password", so the user sees Keycloak's normal failed login; it
 * gives up within the store's connection timeout ({@code LegacyConnections.CONNECTION_TIMEOUT_MS}, 2 s), before
 * Keycloak's own 3 s limit for a storage provider. An admin search or count instead throws
 * {@link LegacyStoreUnavailableException} (a {@code ModelException}) rather than pretend the legacy users are gone;
 * Keycloak 26.7 catches it, logs it, and lists the users of its other stores
 * (UserStorageManager#queryWithGracefulDegradation), and its admin console has no place to say more beside a list. A
 * new user is refused with {@link LegacyStoreUnavailableAnswer}, which the console does show: see {@link #addUser}.
 */
public class LegacyUserStorageProvider
        implements UserStorageProvider,
                UserLookupProvider,
                UserQueryProvider,
                CredentialInputValidator,
                CredentialInputUpdater,
                UserRegistrationProvider,
                UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;
    private final String storeDescription;
    private final LegacyUserLookup lookup;
    private final LegacyPasswordCredentials credentials;
    private final LegacyUserSearch adminSearch;
    private final LegacyPasswordChanges passwordChanges;
    private Set<RoleModel> grantedRoles;

    public LegacyUserStorageProvider(
            KeycloakSession session, ComponentModel model, LegacyStore store, LegacyPasswordHasher hasher) {
        this.session = session;
        this.model = model;
        this.store = store;
        this.hasher = hasher;
        this.storeDescription = describe(model, store);
        this.lookup = new LegacyUserLookup(store, hasher, storeDescription);
        this.credentials = new LegacyPasswordCredentials(session, model, store, hasher, lookup, storeDescription);
        this.adminSearch = new LegacyUserSearch(session, model, store);
        this.passwordChanges = new LegacyPasswordChanges(session, storeDescription);
    }

    // ---- lookup (sign-in): failures are "no such user" ----

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        LegacyUser user = lookup.byName(username);
        return user == null ? null : followed(realm, user);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        LegacyUser user = lookup.byId(id);
        return user == null ? null : followed(realm, user);
    }

    /** A row read for a lookup: if the old app changed its password, the user's sessions end (see there). */
    private LegacyUserAdapter followed(RealmModel realm, LegacyUser user) {
        LegacyUserAdapter adapter = adapt(realm, user);
        try {
            passwordChanges.follow(realm, adapter, user.passwordHash());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Could not compare the password of legacy user id=%d in %s with the one its sessions began with: "
                            + "%s",
                    user.id(), storeDescription, e.toString());
        }
        return adapter;
    }

    /** The one row with this e-mail, ignoring case, where the table has an e-mail column; see {@link LegacyUserLookup}. */
    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        LegacyUser user = lookup.byEmail(email);
        return user == null ? null : followed(realm, user);
    }

    // ---- password: see LegacyPasswordCredentials ----

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return credentials.supportsCredentialType(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return credentials.isConfiguredFor(realm, user, credentialType);
    }

    /** See {@link LegacyPasswordCredentials#isValid}. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return credentials.isValid(realm, user, input);
    }

    /** See {@link LegacyPasswordCredentials#updateCredential}. */
    @Override
    public boolean updateCredential(RealmModel realm, UserModel user, CredentialInput input) {
        return credentials.updateCredential(realm, user, input);
    }

    @Override
    public void disableCredentialType(RealmModel realm, UserModel user, String credentialType) {
        credentials.disableCredentialType(realm, user, credentialType);
    }

    @Override
    public Stream<String> getDisableableCredentialTypesStream(RealmModel realm, UserModel user) {
        return credentials.getDisableableCredentialTypesStream(realm, user);
    }

    // ---- write-back, by edit mode ----

    /**
     * WRITABLE: a new row, for a user who gets the realm's default roles but not the component's granted roles
     * (those are for the old app's users). Otherwise null, and Keycloak keeps the new user itself.
     *
     * <p>Keycloak checks that the name is free before it asks, through every store; while the legacy store cannot
     * answer, that check misses the legacy users, and a Keycloak user made then would take a legacy user's name for
     * good (Keycloak's own users come first at sign-in). So in every mode a new user is refused during an outage, with
     * a 503 whose message the admin console shows ("Could not create user: The legacy user store '...' is
     * unavailable.").
     */
    @Override
    public UserModel addUser(RealmModel realm, String username) {
        LegacyStoreConfig config = store.config();
        if (config == null) {
            return null;
        }
        try {
            if (!config.isWritable()) {
                store.repository().findByUsernameIgnoreCase(username, 1); // only whether the store answers
                return null;
            }
            LegacyUserAdapter user = adapt(realm, writer(config).register(username));
            user.markCreatedByKeycloak();
            return user;
        } catch (LegacyStoreUnavailableException e) {
            lookup.warnOutage("add a user", "the new user is refused", e);
            throw LegacyStoreUnavailableAnswer.forNewUser(model.getName(), e);
        }
    }

    /**
     * WRITABLE: deletes the row. Otherwise refused (false: the admin API answers 400 "User couldn't be deleted" and
     * rolls back), as the user would only come back at the next lookup.
     */
    @Override
    public boolean removeUser(RealmModel realm, UserModel user) {
        LegacyStoreConfig config = store.config();
        if (config == null || !config.isWritable()) {
            LOG.infof(
                    "Legacy user %s of %s was not deleted: edit mode %s never deletes legacy rows; disable the "
                            + "user instead",
                    StorageId.externalId(user.getId()), storeDescription, editMode());
            return false;
        }
        writer(config).remove(user);
        return true;
    }

    // ---- admin search and counts: failures are errors ----

    @Override
    public Stream<UserModel> searchForUserStream(
            RealmModel realm, Map<String, String> params, Integer firstResult, Integer maxResults) {
        return page(realm, LegacyUserQuery.fromParams(params, searchable()), firstResult, maxResults);
    }

    @Override
    public Stream<UserModel> searchForUserStream(
            RealmModel realm, String search, Integer firstResult, Integer maxResults) {
        return page(realm, LegacyUserQuery.fromSearch(search, searchable()), firstResult, maxResults);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, String search) {
        return searchForUserStream(realm, search, null, null);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, Map<String, String> params) {
        return searchForUserStream(realm, params, null, null);
    }

    @Override
    public int getUsersCount(RealmModel realm) {
        return adminSearch.count(LegacyUserQuery.all());
    }

    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        return adminSearch.count(LegacyUserQuery.all());
    }

    @Override
    public int getUsersCount(RealmModel realm, String search) {
        return adminSearch.count(LegacyUserQuery.fromSearch(search, searchable()));
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params) {
        return adminSearch.count(LegacyUserQuery.fromParams(params, searchable()));
    }

    // Group membership lives in Keycloak's federated storage, which Keycloak searches itself.

    @Override
    public int getUsersCount(RealmModel realm, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, String search, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params, Set<String> groupIds) {
        return 0;
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(
            RealmModel realm, GroupModel group, Integer firstResult, Integer maxResults) {
        return Stream.empty();
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String attrName, String attrValue) {
        return Stream.empty();
    }

    /** Every legacy user holds the granted roles directly, so the role's member list includes them all. */
    @Override
    public Stream<UserModel> getRoleMembersStream(
            RealmModel realm, RoleModel role, Integer firstResult, Integer maxResults) {
        return grantedRoles(realm).contains(role)
                ? page(realm, LegacyUserQuery.all(), firstResult, maxResults)
                : Stream.empty();
    }

    // ---- user profile: what Keycloak asks of and shows about a legacy user ----

    /** See {@link LegacyUserProfile#decorate}. */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        return LegacyUserProfile.decorate(session, model, store.config(), metadata);
    }

    @Override
    public void close() {
        // nothing: connections are borrowed per statement, the pool belongs to the factory
    }

    // ---- internals ----

    private EditMode editMode() {
        LegacyStoreConfig config = store.config();
        return config == null ? LegacyStoreConfig.DEFAULT_EDIT_MODE : config.editMode();
    }

    private LegacyUserWriter writer(LegacyStoreConfig config) {
        return LegacyUserWriter.of(session, store, config, hasher, storeDescription, model.getId());
    }

    /** A page of an admin search, as Keycloak users. */
    private Stream<UserModel> page(RealmModel realm, LegacyUserQuery query, Integer firstResult, Integer maxResults) {
        return adminSearch.page(realm, query, firstResult, maxResults).map(user -> adapt(realm, user));
    }

    private LegacyUserAdapter adapt(RealmModel realm, LegacyUser user) {
        Supplier<Set<RoleModel>> roles = () -> grantedRoles(realm);
        LegacyStoreConfig config = store.config();
        if (config == null || config.optionalColumns().isEmpty()) {
            return new LegacyUserAdapter(session, realm, model, user, roles);
        }
        LegacyUserAdapter.RowWriter rowWriter =
                config.isWritable() ? (column, value) -> writer(config).updateDetail(user.id(), column, value) : null;
        return new LegacyUserAdapter(session, realm, model, user, roles, config.optionalColumns(), rowWriter);
    }

    /** What an admin search compares: the username, and the e-mail and name columns the table has. */
    private Set<LegacyUserQuery.Field> searchable() {
        return LegacyUserQuery.searchable(store.config());
    }

    /** The configured granted roles that exist in the realm, resolved once per session; unknown ones warned once. */
    Set<RoleModel> grantedRoles(RealmModel realm) {
        if (grantedRoles == null) {
            grantedRoles = LegacyGrantedRoles.resolve(realm, store, storeDescription);
        }
        return grantedRoles;
    }

    private static String describe(ComponentModel model, LegacyStore store) {
        LegacyStoreConfig config = store.config();
        return "legacy user store '" + model.getName() + "' (" + model.getId()
                + (config == null ? "" : ", " + config.redactedJdbcUrl()) + ")";
    }
}
