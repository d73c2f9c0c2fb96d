package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
 *   <li>role mappings: the federated ones plus the component's granted roles.</li>
 * </ul>
 */
public class LegacyUserAdapter extends AbstractUserAdapterFederatedStorage {

    public static final String LEGACY_USERNAME_ATTRIBUTE = "legacy_username";
    public static final String LEGACY_ID_ATTRIBUTE = "legacy_id";

    private final LegacyUser user;
    private final Supplier<Set<RoleModel>> grantedRoles;

    public LegacyUserAdapter(KeycloakSession session, RealmModel realm, ComponentModel model, LegacyUser user,
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

    /** Read-only until write-back exists; saving the same name (any case) is not a change. */
    @Override
    public void setUsername(String username) {
        if (username == null || !username.equalsIgnoreCase(user.username())) {
            throw new ReadOnlyException("The username of a legacy user cannot be changed in Keycloak");
        }
    }

    @Override
    protected Set<RoleModel> getRoleMappingsInternal() {
        return grantedRoles.get();
    }

    @Override
    public String getFirstAttribute(String name) {
        String legacy = legacyAttribute(name);
        return legacy != null ? legacy : super.getFirstAttribute(name);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        String legacy = legacyAttribute(name);
        return legacy != null ? Stream.of(legacy) : super.getAttributeStream(name);
    }

    @Override
    public Map<String, List<String>> getAttributes() {
        Map<String, List<String>> attributes = super.getAttributes();
        attributes.put(LEGACY_USERNAME_ATTRIBUTE, List.of(user.username()));
        attributes.put(LEGACY_ID_ATTRIBUTE, List.of(Long.toString(user.id())));
        return attributes;
    }

    // The legacy attributes are computed from the row: writes to them (the admin console sends every attribute
    // back when a user is saved) are ignored rather than stored in federated storage or refused.

    @Override
    public void setSingleAttribute(String name, String value) {
        if (legacyAttribute(name) == null) {
            super.setSingleAttribute(name, value);
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        if (legacyAttribute(name) == null) {
            super.setAttribute(name, values);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (legacyAttribute(name) == null) {
            super.removeAttribute(name);
        }
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
