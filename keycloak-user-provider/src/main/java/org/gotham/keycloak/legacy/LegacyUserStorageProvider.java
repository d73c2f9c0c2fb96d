package org.gotham.keycloak.legacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;
import org.keycloak.userprofile.AttributeGroupMetadata;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.userprofile.UserProfileUtil;

/**
 * Legacy users for one Keycloak session and one federation component: lookup, password check and admin search.
 * Coordinates only: SQL is in {@link LegacyUserRepository}, bcrypt in {@link LegacyPasswordHasher}.
 *
 * <p>When the legacy database cannot answer, a sign-in lookup or password check logs a WARN (no stack trace, no
 * credentials) and behaves as "no such user" / "wrong password", so the user sees Keycloak's normal failed login;
 * it gives up within {@link LegacyConnections#CONNECTION_TIMEOUT_MS}, before Keycloak's own 3 s limit for a storage
 * provider. An admin search or count instead throws {@link LegacyStoreUnavailableException} (a
 * {@code ModelException}) rather than pretend the legacy users are gone; Keycloak 26.7 catches it, logs it, and lists
 * the users of its other stores.
 */
public class LegacyUserStorageProvider implements UserStorageProvider, UserLookupProvider, UserQueryProvider,
        CredentialInputValidator, UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    /** How many rows one name lookup reads: enough to name the rows of an ambiguous name in the log. */
    static final int AMBIGUITY_PROBE = 10;
    /** Page size when Keycloak asks for an unbounded stream: the table is read page by page, never whole. */
    static final int STREAM_PAGE_SIZE = 500;

    private final KeycloakSession session;
    private final ComponentModel model;
    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;
    private Set<RoleModel> grantedRoles;

    public LegacyUserStorageProvider(KeycloakSession session, ComponentModel model, LegacyStore store,
            LegacyPasswordHasher hasher) {
        this.session = session;
        this.model = model;
        this.store = store;
        this.hasher = hasher;
    }

    // ---- lookup (sign-in): failures are "no such user" ----

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        LegacyUser user = uniqueByName(username, "look up a user by name");
        return user == null ? null : adapt(realm, user);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        if (id == null) {
            return null;
        }
        long legacyId;
        try {
            legacyId = Long.parseLong(StorageId.externalId(id));
        } catch (NumberFormatException e) {
            return null;
        }
        LegacyUser user;
        try {
            user = store.repository().findById(legacyId).orElse(null);
        } catch (LegacyStoreUnavailableException e) {
            warnOutage("look up a user by id", e);
            return null;
        }
        if (user == null) {
            return null;
        }
        if (user.username() == null) {
            if (store.firstWarning("null-username:" + user.id())) {
                LOG.warnf("Legacy user id=%d in %s has no username (NULL); it is not a Keycloak user",
                        user.id(), describeStore());
            }
            return null;
        }
        return adapt(realm, user);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return null; // the legacy table has no email column
    }

    // ---- password check ----

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
     * and a name that became ambiguous since Keycloak cached the user still signs nobody in.
     */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (input == null || !supportsCredentialType(input.getType()) || user == null) {
            return false;
        }
        String externalId = StorageId.externalId(user.getId());
        LegacyUser row = uniqueByName(user.getUsername(), "check a password");
        if (row == null || !Long.toString(row.id()).equals(externalId)) {
            return false;
        }
        LegacyPasswordHasher.Result result = hasher.verify(input.getChallengeResponse(), row.passwordHash());
        if (result == LegacyPasswordHasher.Result.UNUSABLE_HASH) {
            LOG.warnf("Legacy user id=%d in %s has %s; sign-in refused", row.id(), describeStore(),
                    row.passwordHash() == null ? "no password hash (NULL)"
                            : "a password hash that is not a bcrypt $2a$, $2b$ or $2y$ hash");
        }
        return result == LegacyPasswordHasher.Result.MATCH;
    }

    // ---- admin search and counts: failures are errors ----

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, Map<String, String> params, Integer firstResult,
            Integer maxResults) {
        return page(realm, LegacyUserQuery.fromParams(params), firstResult, maxResults);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, String search, Integer firstResult,
            Integer maxResults) {
        return page(realm, LegacyUserQuery.fromSearch(search), firstResult, maxResults);
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
        return count(LegacyUserQuery.all());
    }

    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        return count(LegacyUserQuery.all());
    }

    @Override
    public int getUsersCount(RealmModel realm, String search) {
        return count(LegacyUserQuery.fromSearch(search));
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params) {
        return count(LegacyUserQuery.fromParams(params));
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
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer firstResult,
            Integer maxResults) {
        return Stream.empty();
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String attrName, String attrValue) {
        return Stream.empty();
    }

    /** Every legacy user holds the granted roles directly, so the role's member list includes them all. */
    @Override
    public Stream<UserModel> getRoleMembersStream(RealmModel realm, RoleModel role, Integer firstResult,
            Integer maxResults) {
        return grantedRoles(realm).contains(role) ? page(realm, LegacyUserQuery.all(), firstResult, maxResults)
                : Stream.empty();
    }

    // ---- user profile: what Keycloak asks of and shows about a legacy user ----

    /**
     * Called by Keycloak's user profile for users of this component only. The legacy table has no email and no
     * names, so requiring them (the realm default) would stop every legacy user at sign-in with "Account is not
     * fully set up": for legacy users they are optional. The legacy id and original username are shown to admins,
     * read-only, in the user's "User metadata" group (as Keycloak's LDAP provider shows its LDAP_ID).
     */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        List<AttributeMetadata> decorated = new ArrayList<>();
        for (String name : List.of(UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            for (AttributeMetadata attribute : metadata.getAttribute(name)) {
                decorated.add(attribute.clone().setRequired(AttributeMetadata.ALWAYS_FALSE));
            }
        }
        int guiOrder = (int) metadata.getAttributes().stream().map(AttributeMetadata::getName).distinct().count();
        AttributeGroupMetadata group = UserProfileUtil.lookupUserMetadataGroup(session);
        addAdminView(decorated, metadata, group, LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, "Legacy id", guiOrder);
        addAdminView(decorated, metadata, group, LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE, "Legacy username",
                guiOrder + 1);
        return decorated;
    }

    /** Adds an admin-only, read-only, optional attribute, unless the realm's user profile already declares it. */
    private void addAdminView(List<AttributeMetadata> decorated, UserProfileMetadata metadata,
            AttributeGroupMetadata group, String name, String displayName, int guiOrder) {
        AttributeMetadata attribute =
                UserProfileUtil.createAttributeMetadata(name, metadata, group, guiOrder, model.getName());
        if (attribute != null) {
            decorated.add(attribute.setAttributeDisplayName(displayName));
        }
    }

    @Override
    public void close() {
        // nothing: connections are borrowed per statement, the pool belongs to the factory
    }

    // ---- internals ----

    /** The one row with this name (ignoring case), or null if none, several (logged), or the store is down. */
    private LegacyUser uniqueByName(String name, String action) {
        List<LegacyUser> rows;
        try {
            rows = store.repository().findByUsernameIgnoreCase(name, AMBIGUITY_PROBE);
        } catch (LegacyStoreUnavailableException e) {
            warnOutage(action, e);
            return null;
        }
        if (rows.size() > 1) {
            String ids = rows.stream().map(row -> Long.toString(row.id())).collect(Collectors.joining(", "));
            LOG.warnf("Legacy users with ids %s%s in %s have usernames that differ only by case; none of them can "
                    + "sign in as '%s' until the legacy table is fixed", ids,
                    rows.size() == AMBIGUITY_PROBE ? " (and maybe more)" : "", describeStore(),
                    name.toLowerCase(Locale.ROOT));
            return null;
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Stream<UserModel> page(RealmModel realm, LegacyUserQuery query, Integer firstResult, Integer maxResults) {
        if (query.matchesNothing() || (maxResults != null && maxResults == 0)) {
            return Stream.empty();
        }
        int first = firstResult == null || firstResult < 0 ? 0 : firstResult;
        LegacyUserRepository repository = store.repository();
        if (maxResults != null && maxResults > 0) {
            return repository.search(query, first, maxResults).stream().map(user -> adapt(realm, user));
        }
        // Unbounded: fetch lazily page by page, each page on its own short-lived connection.
        return IntStream.iterate(0, page -> page + 1)
                .mapToObj(page -> repository.search(query, first + page * STREAM_PAGE_SIZE, STREAM_PAGE_SIZE))
                .takeWhile(rows -> !rows.isEmpty())
                .flatMap(List::stream)
                .map(user -> adapt(realm, user));
    }

    private int count(LegacyUserQuery query) {
        return store.repository().count(query);
    }

    private UserModel adapt(RealmModel realm, LegacyUser user) {
        Supplier<Set<RoleModel>> roles = () -> grantedRoles(realm);
        return new LegacyUserAdapter(session, realm, model, user, roles);
    }

    /** The configured granted roles that exist in the realm, resolved once per session; unknown ones warned once. */
    Set<RoleModel> grantedRoles(RealmModel realm) {
        if (grantedRoles != null) {
            return grantedRoles;
        }
        LegacyStoreConfig config = store.config();
        if (config == null) {
            return Collections.emptySet();
        }
        Set<RoleModel> roles = new HashSet<>();
        for (LegacyStoreConfig.RoleReference reference : config.grantedRoles()) {
            RoleModel role = resolve(realm, reference);
            if (role != null) {
                roles.add(role);
            } else if (store.firstWarning("unknown-role:" + realm.getId() + ":" + reference)) {
                LOG.warnf("Granted role '%s' of %s does not exist in realm '%s'; legacy users do not get it",
                        reference, describeStore(), realm.getName());
            }
        }
        grantedRoles = Collections.unmodifiableSet(roles);
        return grantedRoles;
    }

    private static RoleModel resolve(RealmModel realm, LegacyStoreConfig.RoleReference reference) {
        if (!reference.isClientRole()) {
            return realm.getRole(reference.roleName());
        }
        ClientModel client = realm.getClientByClientId(reference.clientId());
        return client == null ? null : client.getRole(reference.roleName());
    }

    private void warnOutage(String action, LegacyStoreUnavailableException e) {
        String line = String.format("%s is unavailable, could not %s (treated as no such user or a wrong "
                + "password): %s", describeStore(), action, e.detail());
        if (store.outageWarningDue()) {
            LOG.warn(line);
        } else {
            LOG.debug(line);
        }
    }

    private String describeStore() {
        LegacyStoreConfig config = store.config();
        return "legacy user store '" + model.getName() + "' (" + model.getId()
                + (config == null ? "" : ", " + config.redactedJdbcUrl()) + ")";
    }
}
