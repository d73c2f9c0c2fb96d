package org.gotham.keycloak.legacy;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.RoleReference;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/** The roles every legacy user of a component holds: its configured granted roles, as they exist in the realm. */
public final class LegacyGrantedRoles {

    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    private LegacyGrantedRoles() {}

    /** The configured roles that exist in the realm; an unknown one is warned about once and left out. */
    public static Set<RoleModel> resolve(RealmModel realm, LegacyStore store, String storeDescription) {
        LegacyStoreConfig config = store.config();
        if (config == null) {
            return Collections.emptySet();
        }
        Set<RoleModel> roles = new HashSet<>();
        for (RoleReference reference : config.grantedRoles()) {
            RoleModel role = find(realm, reference);
            if (role != null) {
                roles.add(role);
            } else if (store.firstWarning("unknown-role:" + realm.getId() + ":" + reference)) {
                LOG.warnf(
                        "Granted role '%s' of %s does not exist in realm '%s'; legacy users do not get it",
                        reference, storeDescription, realm.getName());
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    private static RoleModel find(RealmModel realm, RoleReference reference) {
        if (!reference.isClientRole()) {
            return realm.getRole(reference.roleName());
        }
        ClientModel client = realm.getClientByClientId(reference.clientId());
        return client == null ? null : client.getRole(reference.roleName());
    }
}
