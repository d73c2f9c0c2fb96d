package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * A legacy user as Keycloak sees it. The username and id come from the legacy row; everything else an admin adds
 * (role mappings, groups, required actions, attributes, email) lives in Keycloak's federated storage.
 *
 * <ul>
 *   <li>Keycloak id: {@code f:<component id>:<legacy primary key>}, so the federation link is the component id;</li>
 *   <li>username: the legacy username lower-cased (Keycloak usernames are case-insensitive);</li>
 *   <li>attributes {@value #LEGACY_USERNAME_ATTRIBUTE} (the original spelling) and {@value #LEGACY_ID_ATTRIBUTE}
 *       (the primary key), read-only;</li>
 *   <li>role mappings: the federated ones plus the component's granted roles, unless Keycloak created the user
 *       (attribute {@value #ORIGIN_ATTRIBUTE} = {@value #ORIGIN_KEYCLOAK}): granted roles keep the old app's users
 *       doing what they did; someone who registers now gets the realm's default roles, as any new Keycloak user.</li>
 * </ul>
 */
public class LegacyUserAdapter extends AbstractUserAdapterFederatedStorage {

    public static final String LEGACY_USERNAME_ATTRIBUTE = "legacy_username";
    public static final String LEGACY_ID_ATTRIBUTE = "legacy_id";
    /** Kept in federated storage; set once, when Keycloak adds the row, and never changed through this adapter. */
    public static final String ORIGIN_ATTRIBUTE = "legacy_origin";

    public static final String ORIGIN_KEYCLOAK = "keycloak";

    private final LegacyUser user;
    private final Supplier<Set<RoleModel>> grantedRoles;

    public LegacyUserAdapter(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel model,
            LegacyUser user,
            Supplier<Set<RoleModel>> grantedRoles) {
        super(session, realm, model);
        if (user.username() == null) {
            throw new IllegalArgumentException("a legacy user without a username cannot be a Keycloak user");
        }
        this.user = user;
        this.grantedRoles = grantedRoles;
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
        String legacy = legacyAttribute(name);
        return legacy != null ? legacy : super.getFirstAttribute(name);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        if (LegacyPasswordChanges.ATTRIBUTE.equals(name)) {
            return Stream.empty();
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
        return attributes;
    }

    // The legacy attributes are computed from the row and the origin is set once: writes to them (the admin console
    // sends every attribute back when a user is saved) are ignored rather than stored in federated storage or
    // refused.

    @Override
    public void setSingleAttribute(String name, String value) {
        if (protectedAttribute(name) == null) {
            super.setSingleAttribute(name, value);
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        if (protectedAttribute(name) == null) {
            super.setAttribute(name, values);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (protectedAttribute(name) == null) {
            super.removeAttribute(name);
        }
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
