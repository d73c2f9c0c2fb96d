package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserDetails;
import org.gotham.keycloak.legacy.store.OptionalColumn;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * A legacy user as Keycloak sees it. The username and id come from the legacy row, and so do the e-mail, first and
 * last name, enabled flag and creation time where the component names a column for them ({@link OptionalColumn});
 * everything else an admin adds (role mappings, groups, required actions, attributes, and those values where the table
 * has no column) lives in Keycloak's federated storage.
 *
 * <ul>
 *   <li>Keycloak id: {@code f:<component id>:<legacy primary key>}, so the federation link is the component id;</li>
 *   <li>username: the legacy username lower-cased (Keycloak usernames are case-insensitive);</li>
 *   <li>attributes {@value #LEGACY_USERNAME_ATTRIBUTE} (the original spelling) and {@value #LEGACY_ID_ATTRIBUTE}
 *       (the primary key), read-only;</li>
 *   <li>role mappings: the federated ones plus the component's granted roles, unless Keycloak created the user
 *       (attribute {@value #ORIGIN_ATTRIBUTE} = {@value #ORIGIN_KEYCLOAK}): granted roles keep the old app's users
 *       doing what they did; someone who registers now gets the realm's default roles, as any new Keycloak user.</li>
 *   <li>a column's e-mail or name is written back to the row in WRITABLE mode and read-only otherwise (a change is a
 *       {@link ReadOnlyException}); the e-mail is shown in lower case, as Keycloak shows its own;</li>
 *   <li>enabled: a row the table disables is disabled, whatever Keycloak stored; otherwise Keycloak's own flag (an
 *       admin may disable any legacy user). In WRITABLE mode an admin's enable or disable is written to the row;
 *       otherwise a row the table disables can only be enabled there;</li>
 *   <li>the creation time is read from the row, never written; without one, Keycloak's own (if any).</li>
 * </ul>
 */
public class LegacyUserAdapter extends AbstractUserAdapterFederatedStorage {

    public static final String LEGACY_USERNAME_ATTRIBUTE = "legacy_username";
    public static final String LEGACY_ID_ATTRIBUTE = "legacy_id";
    /** Kept in federated storage; set once, when Keycloak adds the row, and never changed through this adapter. */
    public static final String ORIGIN_ATTRIBUTE = "legacy_origin";

    public static final String ORIGIN_KEYCLOAK = "keycloak";

    /** Writes one optional column of the user's row (WRITABLE mode). */
    @FunctionalInterface
    public interface RowWriter {
        void write(OptionalColumn column, Object value);
    }

    private final LegacyUser user;
    private final Supplier<Set<RoleModel>> grantedRoles;
    private final Set<OptionalColumn> columns;
    /** Null where the row is not written (any mode but WRITABLE). */
    private final RowWriter rowWriter;
    /** The optional columns' values, as read and as written since. */
    private LegacyUserDetails details;

    public LegacyUserAdapter(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel model,
            LegacyUser user,
            Supplier<Set<RoleModel>> grantedRoles) {
        this(session, realm, model, user, grantedRoles, Set.of(), null);
    }

    /**
     * @param columns the optional columns the table has
     * @param rowWriter writes them back (WRITABLE), or null
     */
    public LegacyUserAdapter(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel model,
            LegacyUser user,
            Supplier<Set<RoleModel>> grantedRoles,
            Set<OptionalColumn> columns,
            RowWriter rowWriter) {
        super(session, realm, model);
        if (user.username() == null) {
            throw new IllegalArgumentException("a legacy user without a username cannot be a Keycloak user");
        }
        this.user = user;
        this.grantedRoles = grantedRoles;
        this.columns = Set.copyOf(columns);
        this.rowWriter = rowWriter;
        this.details = user.details();
        this.storageId = new StorageId(model.getId(), Long.toString(user.id()));
    }

    public long getLegacyId() {
        return user.id();
    }

    public String getLegacyUsername() {
        return user.username();
    }

    @Override
    public String getUsername() {
        return user.username().toLowerCase(Locale.ROOT);
    }

    /**
     * Never changed from Keycloak, in any edit mode: the old app signs in by this exact name, and the realm does not
     * let users edit usernames. Saving the same name (any case) is not a change.
     */
    @Override
    public void setUsername(String username) {
        if (username == null || !username.equalsIgnoreCase(user.username())) {
            throw new ReadOnlyException("The username of a legacy user cannot be changed in Keycloak");
        }
    }

    @Override
    public boolean isEnabled() {
        return !(columns.contains(OptionalColumn.ENABLED) && details.disabled()) && super.isEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        if (!columns.contains(OptionalColumn.ENABLED)) {
            super.setEnabled(enabled);
            return;
        }
        boolean rowEnabled = !details.disabled();
        if (rowWriter != null) {
            if (rowEnabled != enabled) {
                rowWriter.write(OptionalColumn.ENABLED, enabled);
                details = details.withEnabled(enabled);
            }
            if (enabled && !super.isEnabled()) {
                super.setEnabled(true); // a flag Keycloak stored before must not keep the user out
            }
        } else if (rowEnabled) {
            super.setEnabled(enabled);
        } else if (enabled) {
            throw new ReadOnlyException(
                    "This legacy user is disabled in the legacy table, which this user store only reads: enable it "
                            + "there");
        }
    }

    @Override
    public Long getCreatedTimestamp() {
        Long created = columns.contains(OptionalColumn.CREATED) ? details.createdTimestamp() : null;
        return created != null ? created : super.getCreatedTimestamp();
    }

    @Override
    protected Set<RoleModel> getRoleMappingsInternal() {
        return createdByKeycloak() ? Set.of() : grantedRoles.get();
    }

    /** Marks a user whose row Keycloak just added (registration, admin, API): no granted roles for them. */
    void markCreatedByKeycloak() {
        super.setSingleAttribute(ORIGIN_ATTRIBUTE, ORIGIN_KEYCLOAK);
    }

    boolean createdByKeycloak() {
        return ORIGIN_KEYCLOAK.equals(super.getFirstAttribute(ORIGIN_ATTRIBUTE));
    }

    @Override
    public String getFirstAttribute(String name) {
        if (LegacyPasswordChanges.ATTRIBUTE.equals(name)) {
            return null;
        }
        OptionalColumn column = textColumn(name);
        if (column != null) {
            return columnText(column);
        }
        String legacy = legacyAttribute(name);
        return legacy != null ? legacy : super.getFirstAttribute(name);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        if (LegacyPasswordChanges.ATTRIBUTE.equals(name)) {
            return Stream.empty();
        }
        OptionalColumn column = textColumn(name);
        if (column != null) {
            return Stream.ofNullable(columnText(column));
        }
        String legacy = legacyAttribute(name);
        return legacy != null ? Stream.of(legacy) : super.getAttributeStream(name);
    }

    @Override
    public Map<String, List<String>> getAttributes() {
        Map<String, List<String>> attributes = super.getAttributes();
        attributes.remove(LegacyPasswordChanges.ATTRIBUTE);
        attributes.put(LEGACY_USERNAME_ATTRIBUTE, List.of(user.username()));
        attributes.put(LEGACY_ID_ATTRIBUTE, List.of(Long.toString(user.id())));
        for (OptionalColumn column : columns) {
            if (column.kind() == OptionalColumn.Kind.TEXT) {
                String value = columnText(column);
                if (value == null) {
                    attributes.remove(column.attribute());
                } else {
                    attributes.put(column.attribute(), List.of(value));
                }
            }
        }
        return attributes;
    }

    // The legacy attributes are computed from the row and the origin is set once: writes to them (the admin console
    // sends every attribute back when a user is saved) are ignored rather than stored in federated storage or
    // refused.

    @Override
    public void setSingleAttribute(String name, String value) {
        OptionalColumn column = textColumn(name);
        if (column != null) {
            setColumnText(column, value);
        } else if (protectedAttribute(name) == null) {
            super.setSingleAttribute(name, value);
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        OptionalColumn column = textColumn(name);
        if (column != null) {
            setColumnText(column, values == null || values.isEmpty() ? null : values.get(0));
        } else if (protectedAttribute(name) == null) {
            super.setAttribute(name, values);
        }
    }

    @Override
    public void removeAttribute(String name) {
        OptionalColumn column = textColumn(name);
        if (column != null) {
            setColumnText(column, null);
        } else if (protectedAttribute(name) == null) {
            super.removeAttribute(name);
        }
    }

    /** The optional text column behind this attribute ({@code email}, {@code firstName}, ...), if the table has it. */
    private OptionalColumn textColumn(String name) {
        OptionalColumn column = OptionalColumn.forTextAttribute(name);
        return column != null && columns.contains(column) ? column : null;
    }

    /** A column's value as Keycloak shows it: an e-mail in lower case, as Keycloak keeps its own. */
    private String columnText(OptionalColumn column) {
        String value = details.text(column);
        return value != null && column == OptionalColumn.EMAIL ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** Writes a column back (WRITABLE); otherwise only the value it already holds may be "set". */
    private void setColumnText(OptionalColumn column, String value) {
        String fresh = value == null || value.isBlank() ? null : value.trim();
        if (fresh != null && column == OptionalColumn.EMAIL) {
            fresh = fresh.toLowerCase(Locale.ROOT);
        }
        String current = columnText(column);
        if (fresh == null ? current == null : fresh.equals(current)) {
            return;
        }
        if (rowWriter == null) {
            throw new ReadOnlyException("The " + column.label().replace(" column", "")
                    + " of a legacy user comes from the legacy table, which this user store only reads");
        }
        rowWriter.write(column, fresh);
        details = details.withText(column, fresh);
    }

    /**
     * The attributes nobody may write through Keycloak: computed from the row, set once at creation, or the
     * provider's own memory of the password the sessions began with ({@link LegacyPasswordChanges}).
     */
    private String protectedAttribute(String name) {
        return ORIGIN_ATTRIBUTE.equals(name) || LegacyPasswordChanges.ATTRIBUTE.equals(name)
                ? name
                : legacyAttribute(name);
    }

    private String legacyAttribute(String name) {
        if (LEGACY_USERNAME_ATTRIBUTE.equals(name)) {
            return user.username();
        }
        if (LEGACY_ID_ATTRIBUTE.equals(name)) {
            return Long.toString(user.id());
        }
        return null;
    }
}
