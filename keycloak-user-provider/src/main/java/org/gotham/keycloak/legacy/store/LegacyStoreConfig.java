package org.gotham.keycloak.legacy.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * The federation component's settings, typed and validated, with every default in one place.
 *
 * <p>The key constants are the names used in the admin console, the realm JSON and the tests. Validation errors are
 * {@link ComponentValidationException}s with a message an admin understands, see {@link ValidationErrors}.
 */
public final class LegacyStoreConfig {

    public static final String JDBC_URL = "jdbcUrl";
    public static final String JDBC_USER = "jdbcUser";
    public static final String JDBC_PASSWORD = "jdbcPassword";
    public static final String USERS_TABLE = "usersTable";
    public static final String ID_COLUMN = "idColumn";
    public static final String USERNAME_COLUMN = "usernameColumn";
    public static final String PASSWORD_COLUMN = "passwordColumn";
    public static final String GRANTED_ROLES = "grantedRoles";
    public static final String MAX_POOL_SIZE = "maxPoolSize";
    /** What Keycloak may change in the legacy table: {@link EditMode} READ_ONLY, WRITABLE or UNSYNCED. */
    public static final String EDIT_MODE = "editMode";
    /** The bcrypt cost of every hash written to the legacy table (new users, changed passwords, rehashes). */
    public static final String BCRYPT_COST = "bcryptCost";
    /** Whether a legacy user's first successful sign-in makes them a Keycloak user for good. */
    public static final String LAZY_MIGRATION = "lazyMigration";
    /** How long a sign-in waits for a bcrypt slot before it is refused as "temporarily unavailable", in ms. */
    public static final String PASSWORD_CHECK_WAIT = "passwordCheckWaitMs";
    /** The longest wait a component may set: past it a client has given up and Keycloak's workers are all held. */
    static final int MAX_PASSWORD_CHECK_WAIT_MS = 30_000;

    // The password schemes, as a passlib CryptContext(schemes=[...], deprecated="auto") (see PasswordSchemes).
    /** The passlib schemes whose hashes sign in (multivalued); none set: bcrypt alone, the legacy app's context. */
    public static final String PASSWORD_SCHEMES = "passwordSchemes";
    /** The passlib scheme every new hash is written in; one of the accepted ones (empty: bcrypt). */
    public static final String NEW_PASSWORD_SCHEME = "newPasswordScheme";

    // The optional columns (see OptionalColumn), each empty by default: no such column.
    /** The column holding the user's e-mail; empty (the default) for none. */
    public static final String EMAIL_COLUMN = "emailColumn";
    /** The column holding the user's first name; empty for none. */
    public static final String FIRST_NAME_COLUMN = "firstNameColumn";
    /** The column holding the user's last name; empty for none. */
    public static final String LAST_NAME_COLUMN = "lastNameColumn";
    /** The column saying whether the user may sign in; empty for none (every user may). */
    public static final String ENABLED_COLUMN = "enabledColumn";
    /** The column holding when the user was created; empty for none. */
    public static final String CREATED_COLUMN = "createdColumn";

    public static final String DEFAULT_USERS_TABLE = "users";
    public static final String DEFAULT_ID_COLUMN = "id";
    public static final String DEFAULT_USERNAME_COLUMN = "username";
    public static final String DEFAULT_PASSWORD_COLUMN = "hashed_password";
    public static final String DEFAULT_GRANTED_ROLE = "crime-api/editor";
    static final int MAX_POOL_SIZE_LIMIT = 100;
    /**
     * Without a setting a component only reads the legacy table: an existing component never starts writing to a
     * legacy database because the provider was upgraded. The gotham realm sets WRITABLE explicitly.
     */
    public static final EditMode DEFAULT_EDIT_MODE = EditMode.READ_ONLY;
    /** What passlib's CryptContext(schemes=["bcrypt"]) uses. */
    public static final int DEFAULT_BCRYPT_COST = LegacyPasswordHasher.PASSLIB_DEFAULT_COST;

    /** The JDBC URL prefixes we know a driver for; all are in our jar (see {@link LegacyConnections#driver}). */
    static final List<String> SUPPORTED_URL_PREFIXES =
            List.of("jdbc:sqlite:", "jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern QUALIFIED_IDENTIFIER =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String usersTable;
    private final String idColumn;
    private final String usernameColumn;
    private final String passwordColumn;
    private final List<RoleReference> grantedRoles;
    private final int maxPoolSize;
    private final EditMode editMode;
    private final int bcryptCost;
    private final boolean lazyMigration;
    private final Duration passwordCheckWait;
    private final PasswordSchemes passwordSchemes;
    private final Map<OptionalColumn, String> optionalColumns;

    private LegacyStoreConfig(Map<String, List<String>> raw) {
        this.jdbcUrl = jdbcUrl(single(raw, JDBC_URL));
        this.jdbcUser = blankToNull(single(raw, JDBC_USER));
        this.jdbcPassword = emptyToNull(single(raw, JDBC_PASSWORD));
        this.usersTable = identifier(raw, USERS_TABLE, DEFAULT_USERS_TABLE, QUALIFIED_IDENTIFIER, "users table");
        this.idColumn = identifier(raw, ID_COLUMN, DEFAULT_ID_COLUMN, IDENTIFIER, "id column");
        this.usernameColumn = identifier(raw, USERNAME_COLUMN, DEFAULT_USERNAME_COLUMN, IDENTIFIER, "username column");
        this.passwordColumn = identifier(raw, PASSWORD_COLUMN, DEFAULT_PASSWORD_COLUMN, IDENTIFIER, "password column");
        this.grantedRoles = grantedRoles(raw.get(GRANTED_ROLES));
        this.maxPoolSize = maxPoolSize(single(raw, MAX_POOL_SIZE));
        this.editMode = editMode(single(raw, EDIT_MODE));
        this.bcryptCost = bcryptCost(single(raw, BCRYPT_COST));
        this.lazyMigration = flag(single(raw, LAZY_MIGRATION), LAZY_MIGRATION);
        this.passwordCheckWait = passwordCheckWait(single(raw, PASSWORD_CHECK_WAIT));
        this.passwordSchemes = passwordSchemes(raw.get(PASSWORD_SCHEMES), single(raw, NEW_PASSWORD_SCHEME));
        this.optionalColumns = optionalColumns(raw, passwordColumn);
        if (lazyMigration && editMode != EditMode.READ_ONLY) {
            // Migrated users are Keycloak's alone: their later password changes never reach the legacy row, so
            // WRITABLE would silently stop keeping the old app in step, and in UNSYNCED a password changed before
            // the first sign-in lives in Keycloak, where the migration (which checks the legacy hash) never sees it.
            throw ValidationErrors.invalid(
                    "Lazy migration works only with edit mode READ_ONLY, not {0}: a migrated user''s later "
                            + "changes stay in Keycloak and never reach the legacy table",
                    editMode.name());
        }
    }

    /** Reads and validates a component's config. */
    public static LegacyStoreConfig from(ComponentModel model) {
        return from(model.getConfig() == null ? Map.of() : model.getConfig());
    }

    /** Reads and validates a raw multivalued config map (what {@link ComponentModel#getConfig()} holds). */
    public static LegacyStoreConfig from(Map<String, List<String>> raw) {
        return new LegacyStoreConfig(raw);
    }

    /** The pool size when none is configured: one connection per core plus one, at least two. */
    static int defaultMaxPoolSize() {
        return Math.max(2, Runtime.getRuntime().availableProcessors() + 1);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database user, or {@code null} when none is configured (SQLite, or credentials in the URL). */
    String jdbcUser() {
        return jdbcUser;
    }

    /** The database password, or {@code null}. Never log it. */
    String jdbcPassword() {
        return jdbcPassword;
    }

    String usersTable() {
        return usersTable;
    }

    String idColumn() {
        return idColumn;
    }

    String usernameColumn() {
        return usernameColumn;
    }

    String passwordColumn() {
        return passwordColumn;
    }

    public List<RoleReference> grantedRoles() {
        return grantedRoles;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    public EditMode editMode() {
        return editMode;
    }

    public boolean isWritable() {
        return editMode == EditMode.WRITABLE;
    }

    public int bcryptCost() {
        return bcryptCost;
    }

    /** How long a password check waits for a bcrypt slot (see {@link LegacyPasswordHasher}). */
    public Duration passwordCheckWait() {
        return passwordCheckWait;
    }

    public boolean lazyMigration() {
        return lazyMigration;
    }

    /** The schemes that sign in and the one new hashes are written in. */
    public PasswordSchemes passwordSchemes() {
        return passwordSchemes;
    }

    boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** The JDBC URL with any credentials in it replaced by {@code ***}: safe for logs and messages. */
    public String redactedJdbcUrl() {
        return redactUrl(jdbcUrl);
    }

    static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        // user:password@host in the authority, and password=... / user=... style parameters.
        String redacted = url.replaceAll("//[^/@?;]*@", "//***@");
        return redacted.replaceAll("(?i)((?:password|pwd|passwd|sslpassword)=)[^&;]*", "$1***");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LegacyStoreConfig other)) {
            return false;
        }
        return maxPoolSize == other.maxPoolSize
                && editMode == other.editMode
                && bcryptCost == other.bcryptCost
                && lazyMigration == other.lazyMigration
                && passwordCheckWait.equals(other.passwordCheckWait)
                && passwordSchemes.equals(other.passwordSchemes)
                && jdbcUrl.equals(other.jdbcUrl)
                && Objects.equals(jdbcUser, other.jdbcUser)
                && Objects.equals(jdbcPassword, other.jdbcPassword)
                && usersTable.equals(other.usersTable)
                && idColumn.equals(other.idColumn)
                && usernameColumn.equals(other.usernameColumn)
                && passwordColumn.equals(other.passwordColumn)
                && grantedRoles.equals(other.grantedRoles)
                && optionalColumns.equals(other.optionalColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                jdbcUrl,
                jdbcUser,
                usersTable,
                idColumn,
                usernameColumn,
                passwordColumn,
                maxPoolSize,
                editMode,
                bcryptCost,
                lazyMigration,
                passwordCheckWait,
                passwordSchemes,
                optionalColumns);
    }

    /** Never prints the password (only whether one is set), nor credentials inside the URL. */
    @Override
    public String toString() {
        return "LegacyStoreConfig[jdbcUrl=" + redactedJdbcUrl()
                + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=" + (jdbcPassword == null ? "(none)" : "***")
                + ", usersTable=" + usersTable
                + ", idColumn=" + idColumn
                + ", usernameColumn=" + usernameColumn
                + ", passwordColumn=" + passwordColumn
                + ", grantedRoles=" + grantedRoles
                + ", maxPoolSize=" + maxPoolSize
                + ", editMode=" + editMode
                + ", bcryptCost=" + bcryptCost
                + ", lazyMigration=" + lazyMigration
                + ", passwordCheckWait=" + passwordCheckWait.toMillis() + " ms"
                + ", passwordSchemes=" + passwordSchemes
                + ", optionalColumns=" + optionalColumns + "]";
    }

    private static String jdbcUrl(String value) {
        String url = value == null ? "" : value.trim();
        if (url.isEmpty()) {
            throw ValidationErrors.invalid(
                    "Enter the JDBC URL of the legacy database, e.g. jdbc:postgresql://host:5432/db "
                            + "or jdbc:sqlite:/path/to/gotham_crime_data.db");
        }
        if (SUPPORTED_URL_PREFIXES.stream().noneMatch(url::startsWith)) {
            throw ValidationErrors.invalid(
                    "Unsupported JDBC URL {0}: use one that starts with {1}",
                    redactUrl(url), String.join(", ", SUPPORTED_URL_PREFIXES));
        }
        return url;
    }

    private static String identifier(
            Map<String, List<String>> raw, String key, String fallback, Pattern pattern, String what) {
        String value = blankToNull(single(raw, key));
        if (value == null) {
            return fallback;
        }
        if (!pattern.matcher(value).matches()) {
            String hint = pattern == QUALIFIED_IDENTIFIER ? " (optionally schema.table)" : "";
            throw ValidationErrors.invalid(
                    "''{0}'' is not a valid {1}: use letters, digits and _, not starting with a digit{2}",
                    abbreviate(value), what, hint);
        }
        return value;
    }

    private static List<RoleReference> grantedRoles(List<String> values) {
        if (values == null) {
            return List.of(RoleReference.parse(DEFAULT_GRANTED_ROLE));
        }
        List<RoleReference> roles = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue; // the admin console saves an emptied list as [""]
            }
            RoleReference role = RoleReference.parse(value.trim());
            if (role == null) {
                throw ValidationErrors.invalid(
                        "Granted role ''{0}'' must be ''client-id/role'' for a client role or ''role'' "
                                + "for a realm role",
                        abbreviate(value));
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        return List.copyOf(roles);
    }

    private static int maxPoolSize(String value) {
        if (value == null || value.isBlank()) {
            return defaultMaxPoolSize();
        }
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 1 && size <= MAX_POOL_SIZE_LIMIT) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ValidationErrors.invalid(
                "Max pool size must be a whole number from 1 to {0}, not ''{1}''",
                Integer.toString(MAX_POOL_SIZE_LIMIT), abbreviate(value));
    }

    private static EditMode editMode(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_EDIT_MODE;
        }
        for (EditMode mode : EditMode.values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw ValidationErrors.invalid(
                "Edit mode must be READ_ONLY, WRITABLE or UNSYNCED, not ''{0}''", abbreviate(value));
    }

    private static int bcryptCost(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BCRYPT_COST;
        }
        try {
            int cost = Integer.parseInt(value.trim());
            if (cost >= LegacyPasswordHasher.MIN_COST && cost <= LegacyPasswordHasher.MAX_COST) {
                return cost;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ValidationErrors.invalid(
                "bcrypt cost must be a whole number from {0} to {1}, not ''{2}''",
                Integer.toString(LegacyPasswordHasher.MIN_COST),
                Integer.toString(LegacyPasswordHasher.MAX_COST),
                abbreviate(value));
    }

    private static Duration passwordCheckWait(String value) {
        if (value == null || value.isBlank()) {
            return LegacyPasswordHasher.DEFAULT_MAX_WAIT;
        }
        try {
            int millis = Integer.parseInt(value.trim());
            if (millis >= 0 && millis <= MAX_PASSWORD_CHECK_WAIT_MS) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ValidationErrors.invalid(
                "Password check wait must be a whole number of milliseconds from 0 to {0}, not ''{1}''",
                Integer.toString(MAX_PASSWORD_CHECK_WAIT_MS), abbreviate(value));
    }

    private static PasswordSchemes passwordSchemes(List<String> accepted, String written) {
        try {
            return PasswordSchemes.of(accepted, written);
        } catch (IllegalArgumentException e) {
            throw ValidationErrors.validationError(e.getMessage());
        }
    }

    /** The admin console saves a boolean switch as "true" or "false"; anything else is a typo in an import. */
    private static boolean flag(String value, String key) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(trimmed);
        }
        throw ValidationErrors.invalid("''{0}'' must be true or false, not ''{1}''", key, abbreviate(value));
    }

    private static String single(Map<String, List<String>> raw, String key) {
        List<String> values = raw.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    // ---- optional columns: e-mail, first and last name, enabled, creation time (see OptionalColumn) ----

    /** Whether the table has this optional column (its setting is not empty). */
    public boolean has(OptionalColumn column) {
        return optionalColumns.containsKey(column);
    }

    /** The configured optional columns, in {@link OptionalColumn} order. */
    public Set<OptionalColumn> optionalColumns() {
        return optionalColumns.isEmpty()
                ? EnumSet.noneOf(OptionalColumn.class)
                : EnumSet.copyOf(optionalColumns.keySet());
    }

    /** The name of an optional column, or null if it is not configured. */
    String column(OptionalColumn column) {
        return optionalColumns.get(column);
    }

    private static Map<OptionalColumn, String> optionalColumns(Map<String, List<String>> raw, String passwordColumn) {
        Map<OptionalColumn, String> columns = new EnumMap<>(OptionalColumn.class);
        for (OptionalColumn column : OptionalColumn.values()) {
            String name = identifier(raw, column.configKey(), null, IDENTIFIER, column.label());
            if (name == null) {
                continue;
            }
            if (name.equalsIgnoreCase(passwordColumn)) {
                // a hash must never be shown as an e-mail or a name, nor read as a flag or a time
                throw ValidationErrors.invalid(
                        "The {0} cannot be the password column ''{1}''", column.label(), passwordColumn);
            }
            columns.put(column, name);
        }
        return Collections.unmodifiableMap(columns);
    }
}
