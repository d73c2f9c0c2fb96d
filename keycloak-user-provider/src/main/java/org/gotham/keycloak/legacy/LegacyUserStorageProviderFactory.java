package org.gotham.keycloak.legacy;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.migration.LegacyImports;
import org.gotham.keycloak.legacy.migration.UsersLeftToMigrate;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasslibScheme;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUserQuery;
import org.gotham.keycloak.legacy.store.ValidationErrors;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProvider.EditMode;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.ImportSynchronization;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * Registers the legacy users table as a Keycloak user federation provider ({@value #PROVIDER_ID}).
 *
 * <p>Owns the long-lived things: one connection pool per federation component (built on first use, rebuilt when
 * the configuration changes, closed when the component is removed or Keycloak stops) and the password hasher, whose
 * fair semaphore lets at most one bcrypt check per core run at a time across all components (and the bcrypt
 * password hash provider, which shares it).
 *
 * <p>Its {@link ImportSynchronization} is the bulk import: the console's "Sync all users" (and "Sync changed users",
 * the same, as the legacy table has no timestamps), or for scripts
 * {@code POST /admin/realms/{realm}/user-storage/{componentId}/sync?action=triggerFullSync}; see
 * {@link LegacyImports} (what it does, and why it runs in the background).
 */
public class LegacyUserStorageProviderFactory
        implements UserStorageProviderFactory<LegacyUserStorageProvider>, ImportSynchronization {

    public static final String PROVIDER_ID = "legacy-user-db";

    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProviderFactory.class);

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(LegacyStoreConfig.JDBC_URL)
            .label("JDBC URL")
            .helpText("Where the legacy database is, e.g. jdbc:postgresql://db:5432/legacy, "
                    + "jdbc:mariadb://db:3306/legacy or jdbc:sqlite:/data/gotham_crime_data.db")
            .type(ProviderConfigProperty.STRING_TYPE)
            .required(true)
            .add()
            .property()
            .name(LegacyStoreConfig.JDBC_USER)
            .label("Database user")
            .helpText("Empty for SQLite")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.JDBC_PASSWORD)
            .label("Database password")
            .helpText("Empty for SQLite")
            .type(ProviderConfigProperty.PASSWORD)
            .secret(true)
            .add()
            .property()
            .name(LegacyStoreConfig.USERS_TABLE)
            .label("Users table")
            .helpText("Table of legacy users, optionally schema.table")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(LegacyStoreConfig.DEFAULT_USERS_TABLE)
            .add()
            .property()
            .name(LegacyStoreConfig.ID_COLUMN)
            .label("Id column")
            .helpText("Integer primary key of the users table")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(LegacyStoreConfig.DEFAULT_ID_COLUMN)
            .add()
            .property()
            .name(LegacyStoreConfig.USERNAME_COLUMN)
            .label("Username column")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(LegacyStoreConfig.DEFAULT_USERNAME_COLUMN)
            .add()
            .property()
            .name(LegacyStoreConfig.PASSWORD_COLUMN)
            .label("Password hash column")
            .helpText("Password hashes as passlib writes them, of the password schemes below")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(LegacyStoreConfig.DEFAULT_PASSWORD_COLUMN)
            .add()
            .property()
            .name(LegacyStoreConfig.GRANTED_ROLES)
            .label("Granted roles")
            .helpText("Roles every legacy user has besides their own mappings: client-id/role for a client role, "
                    + "role for a realm role. Unknown roles are logged and ignored.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .defaultValue(LegacyStoreConfig.DEFAULT_GRANTED_ROLE)
            .add()
            .property()
            .name(LegacyStoreConfig.MAX_POOL_SIZE)
            .label("Max pool size")
            .helpText("Most connections to the legacy database at once; empty for the number of cores + 1")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.EDIT_MODE)
            .label("Edit mode")
            .helpText("READ_ONLY: Keycloak never writes to the legacy table; new users are Keycloak users. "
                    + "WRITABLE: new users, changed passwords and deleted users are written to the legacy table, "
                    + "so the old app keeps working beside Keycloak. UNSYNCED: changed passwords are kept by "
                    + "Keycloak and never written back; new users are Keycloak users.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(Arrays.stream(EditMode.values()).map(Enum::name).toList())
            .defaultValue(LegacyStoreConfig.DEFAULT_EDIT_MODE.name())
            .add()
            .property()
            .name(LegacyStoreConfig.BCRYPT_COST)
            .label("bcrypt cost")
            .helpText("Cost (4 to 31) of every hash written to the legacy table. A sign-in with a hash of a lower "
                    + "cost, or a $2a$ or $2y$ hash, rewrites it at this cost (WRITABLE only), as passlib does.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Integer.toString(LegacyStoreConfig.DEFAULT_BCRYPT_COST))
            .add()
            .property()
            .name(LegacyStoreConfig.LAZY_MIGRATION)
            .label("Lazy migration")
            .helpText("On a legacy user's first successful sign-in, make them a Keycloak user for good (same "
                    + "username, roles and password, hashed by Keycloak); the legacy row is left as it is. Needs "
                    + "edit mode READ_ONLY.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false")
            .add()
            .property()
            .name(LegacyStoreConfig.PASSWORD_CHECK_WAIT)
            .label("Password check wait (ms)")
            .helpText("How long a sign-in waits for a free bcrypt slot (one per CPU core) before it is refused as "
                    + "'temporarily unavailable' (HTTP 429, not counted as a failed login). A sign-in that could not "
                    + "be checked within it, judging by how long checks take and how many wait, is refused at "
                    + "once. 0 to 30000.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Long.toString(LegacyPasswordHasher.DEFAULT_MAX_WAIT.toMillis()))
            .add()
            .property()
            .name(LegacyStoreConfig.PASSWORD_SCHEMES)
            .label("Password schemes")
            .helpText("The passlib schemes whose hashes sign in, as the old app's CryptContext(schemes=[...]) lists "
                    + "them; none chosen: bcrypt alone. A hash of another scheme fails the sign-in with a WARN.")
            .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
            .options(PasslibScheme.names())
            .defaultValue(PasslibScheme.BCRYPT.passlibName())
            .add()
            .property()
            .name(LegacyStoreConfig.NEW_PASSWORD_SCHEME)
            .label("New password scheme")
            .helpText("The scheme every hash written to the legacy table is made in (one of the password schemes; "
                    + "bcrypt at the bcrypt cost, the others at passlib's defaults). In WRITABLE mode a sign-in with a "
                    + "hash of another scheme, or of this one with less work, rewrites it in this one, as passlib's "
                    + "deprecated=\"auto\" does.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(PasslibScheme.names())
            .defaultValue(PasslibScheme.BCRYPT.passlibName())
            .add()
            .property()
            .name(LegacyStoreConfig.EMAIL_COLUMN)
            .label("E-mail column")
            .helpText("Optional: the column holding the user's e-mail (ignoring case). Users sign in with it where the "
                    + "realm allows login with e-mail, unless several rows share it. Written back in WRITABLE mode, "
                    + "read-only otherwise. Empty: no e-mail column.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.FIRST_NAME_COLUMN)
            .label("First name column")
            .helpText("Optional: the column holding the user's first name. Written back in WRITABLE mode, read-only "
                    + "otherwise. Empty: none.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.LAST_NAME_COLUMN)
            .label("Last name column")
            .helpText("Optional: the column holding the user's last name. Written back in WRITABLE mode, read-only "
                    + "otherwise. Empty: none.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.ENABLED_COLUMN)
            .label("Enabled column")
            .helpText("Optional: the column saying whether the user may sign in: a boolean, a number (0 is disabled) "
                    + "or text (true/false, yes/no, 1/0, active/inactive...); NULL is enabled. In WRITABLE mode an "
                    + "admin's enable or disable is written back. Empty: none.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(LegacyStoreConfig.CREATED_COLUMN)
            .label("Creation time column")
            .helpText("Optional: the column holding when the user was created: a timestamp, epoch seconds or "
                    + "milliseconds, or text such as 2024-05-01 12:30:00; read as UTC, never written. Empty: none.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .build();

    private final Map<String, LegacyStore> stores = new ConcurrentHashMap<>();
    private final LegacyPasswordHasher hasher;
    private final LegacyImports imports = new LegacyImports();
    /** Set by Keycloak after all factories started; what the background recount of users left needs. */
    private volatile KeycloakSessionFactory sessionFactory;

    public LegacyUserStorageProviderFactory() {
        this(LegacyPasswordHasher.shared());
    }

    LegacyUserStorageProviderFactory(LegacyPasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Users of the legacy crime-data app: their own table, their passlib password hashes";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public LegacyUserStorageProvider create(KeycloakSession session, ComponentModel model) {
        return new LegacyUserStorageProvider(session, model, storeFor(model), hasher);
    }

    /**
     * The component's store, (re)built when missing or when its configuration differs from the model's. The
     * comparison also catches changes made on another cluster node, where {@link #onUpdate} never ran.
     */
    LegacyStore storeFor(ComponentModel model) {
        LegacyStoreConfig config;
        try {
            config = LegacyStoreConfig.from(model);
        } catch (ComponentValidationException e) {
            return LegacyStore.misconfigured(model.getId(), ValidationErrors.message(e));
        }
        LegacyStore current = stores.get(model.getId());
        if (current != null && current.matches(config)) {
            return current;
        }
        return stores.compute(model.getId(), (id, existing) -> {
            if (existing != null && existing.matches(config)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            LOG.debugf("Opening %s", config);
            LegacyStore opened = LegacyStore.open(id, config);
            if (sessionFactory != null) {
                UsersLeftToMigrate.register(sessionFactory, model.getParentId(), opened);
            }
            return opened;
        });
    }

    /**
     * Rejects a configuration that cannot work, with a message for the admin: bad names, an unreachable database
     * (after a few seconds), a missing table or column. Never mentions the password.
     *
     * <p>The admin console's component endpoints show a {@link ComponentValidationException}'s message. Keycloak's
     * realm import ({@code POST /admin/realms}) answers one with 500 and a stack trace in its log, but a
     * {@link ModelException} with 400 and its message, so there the refusal is a {@code ModelException}.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            LegacyStore.validate(LegacyStoreConfig.from(model));
        } catch (ComponentValidationException e) {
            if (isRealmImport(session)) {
                // the message is a MessageFormat pattern without parameters: formatting it gives the plain text
                throw new ModelException("User federation '" + model.getName() + "': "
                        + MessageFormat.format(e.getMessage(), new Object[0]));
            }
            throw e;
        }
    }

    /** Whether this is the admin REST API's realm import, which maps only {@link ModelException}s to 400. */
    private static boolean isRealmImport(KeycloakSession session) {
        try {
            HttpRequest request = session.getContext().getHttpRequest();
            return request != null
                    && "POST".equals(request.getHttpMethod())
                    && request.getUri().getPath().matches(".*/admin/realms/?");
        } catch (RuntimeException e) {
            return false; // no HTTP request: kc.sh import at startup
        }
    }

    /**
     * The bulk import of every legacy user into Keycloak; see {@link LegacyImports}. Refused while the store is
     * WRITABLE, as lazy migration is: imported users are Keycloak's own, and what changes for them afterwards
     * (passwords, deletions) would no longer reach the legacy table the old app reads. Keycloak 26.7 turns any
     * exception from a sync into an empty result and an ERROR with a stack trace, so the refusal is a result
     * instead: every legacy user counted as failed, and a WARN that says why.
     */
    @Override
    public SynchronizationResult sync(
            KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model) {
        LegacyStore store = storeFor(model);
        LegacyStoreConfig config = store.config();
        if (config != null && config.isWritable()) {
            LOG.warnf(
                    "Did not import the users of legacy user store '%s' (%s): it is WRITABLE, and what changes for "
                            + "imported users would no longer reach the legacy table; set its edit mode to READ_ONLY "
                            + "first",
                    model.getName(), model.getId());
            SynchronizationResult refused = new SynchronizationResult();
            refused.setFailed(legacyUsers(store));
            return refused;
        }
        return imports.sync(sessionFactory, realmId, model, store, hasher);
    }

    /**
     * The latest import of the component on this node, as the migration's status endpoint shows it; null if none ran
     * here.
     */
    public Map<String, Object> importStatus(ComponentModel model) {
        return imports.status(model.getId());
    }

    /**
     * What an import would do now, row by row as the import decides it, without writing anything: the same walk and
     * the same plan, counted. Runs in the caller's thread.
     *
     * @throws LegacyStoreUnavailableException if the legacy table cannot be read
     */
    public Map<String, Object> dryRun(KeycloakSessionFactory sessionFactory, String realmId, ComponentModel model) {
        return imports.dryRun(sessionFactory, realmId, model, storeFor(model), hasher);
    }

    /**
     * The state of the migration, from a few aggregate queries (never a query per row).
     *
     * @throws LegacyStoreUnavailableException if the legacy table cannot be read
     */
    public Map<String, Object> report(KeycloakSession session, RealmModel realm, ComponentModel model) {
        return imports.report(session, realm, model, storeFor(model));
    }

    private static int legacyUsers(LegacyStore store) {
        try {
            return store.repository().count(LegacyUserQuery.all());
        } catch (LegacyStoreUnavailableException e) {
            return 0;
        }
    }

    /** The legacy table has no timestamps: every sync is a full one, which changes only what changed. */
    @Override
    public SynchronizationResult syncSince(
            Date lastSync, KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model) {
        return sync(sessionFactory, realmId, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        // Only a change of the store's settings closes it (the next use builds a pool with the new ones): Keycloak
        // also updates the component to record each sync's time, which must not throw the pool away.
        LegacyStore current = stores.get(newModel.getId());
        if (current != null && !current.matches(configOrNull(newModel))) {
            closeStore(newModel.getId());
        }
    }

    private static LegacyStoreConfig configOrNull(ComponentModel model) {
        try {
            return LegacyStoreConfig.from(model);
        } catch (ComponentValidationException e) {
            return null;
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        closeStore(model.getId());
    }

    @Override
    public void close() {
        imports.close();
        stores.keySet().forEach(this::closeStore);
    }

    boolean hasStore(String componentId) {
        return stores.containsKey(componentId);
    }

    private void closeStore(String componentId) {
        LegacyStore store = stores.remove(componentId);
        if (store != null) {
            store.close();
            LegacyMetrics.removeGauge(UsersLeftToMigrate.GAUGE, componentId);
        }
    }
}
