package org.gotham.systemtest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.testsupport.LegacyDatabase;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A legacy federation component of a realm, changed through one node's admin REST API as the console's Save does:
 * the realm file's own ({@link #legacyUsers}), whose settings {@link #close()} puts back, or a second one made for a
 * test ({@link #readOnlyCopy}), which {@link #close()} removes.
 */
final class ClusterComponent implements AutoCloseable {

    static final String TYPE = "org.keycloak.storage.UserStorageProvider";
    /** How the admin API shows a secret setting; saving it back keeps the secret unchanged. */
    private static final String MASKED = "**********";

    /** What "Sync all users" answered on one node. */
    record SyncAnswer(String node, boolean ignored, int added, int updated, int failed, String status) {

        /** Whether this answer is the import's own result, not a notice that another one runs (or was skipped). */
        boolean ranTheImport() {
            return !ignored;
        }
    }

    private final ClusterNode node;
    private final String realm;
    private final String id;
    private final MultivaluedHashMap<String, String> original;
    private final String jdbcPassword;
    private final boolean made;

    private ClusterComponent(
            ClusterNode node,
            String realm,
            String id,
            MultivaluedHashMap<String, String> original,
            String jdbcPassword,
            boolean made) {
        this.node = node;
        this.realm = realm;
        this.id = id;
        this.original = original;
        this.jdbcPassword = jdbcPassword;
        this.made = made;
    }

    /** The realm's legacy component (the realm file's), on {@code database}, changed through {@code node}. */
    static ClusterComponent legacyUsers(ClusterNode node, String realm, LegacyDatabase database) {
        try (Keycloak admin = node.admin()) {
            ComponentRepresentation component = legacyComponent(admin.realm(realm));
            return new ClusterComponent(
                    node,
                    realm,
                    component.getId(),
                    new MultivaluedHashMap<>(component.getConfig()),
                    database.password(),
                    false);
        }
    }

    /**
     * A second legacy component in the realm, a READ_ONLY copy of the realm file's on {@code database}, made through
     * {@code node}.
     */
    static ClusterComponent readOnlyCopy(ClusterNode node, String realm, LegacyDatabase database, String name) {
        try (Keycloak admin = node.admin()) {
            RealmResource resource = admin.realm(realm);
            ComponentRepresentation copy = legacyComponent(resource);
            copy.setId(null);
            copy.setName(name);
            copy.getConfig().putSingle("jdbcUrl", database.jdbcUrl());
            copy.getConfig().putSingle("jdbcUser", database.username());
            copy.getConfig().putSingle("jdbcPassword", database.password());
            copy.getConfig().putSingle("editMode", "READ_ONLY");
            copy.getConfig().putSingle("priority", "1");
            int status = resource.components().add(copy).getStatus();
            if (status != 201) {
                throw new AssertionError("cannot add component " + name + ": " + status);
            }
            String id = resource.components().query(resource.toRepresentation().getId(), TYPE).stream()
                    .filter(c -> name.equals(c.getName()))
                    .findFirst()
                    .orElseThrow()
                    .getId();
            return new ClusterComponent(node, realm, id, null, database.password(), true);
        }
    }

    private static ComponentRepresentation legacyComponent(RealmResource realm) {
        return realm.components().query(realm.toRepresentation().getId(), TYPE).stream()
                .filter(c -> "legacy-users".equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the realm has no legacy-users component"));
    }

    /** Saves these settings through the node's admin API; fails unless Keycloak accepts them. */
    void save(Map<String, String> settings) {
        try (Keycloak admin = node.admin()) {
            ComponentRepresentation component =
                    admin.realm(realm).components().component(id).toRepresentation();
            settings.forEach((key, value) -> component.getConfig().putSingle(key, value));
            admin.realm(realm).components().component(id).update(component);
        }
    }

    /** "Sync all users" of this component ({@code triggerFullSync}), asked of {@code on}. */
    SyncAnswer triggerFullSync(ClusterNode on) {
        try (Keycloak admin = on.admin()) {
            SynchronizationResultRepresentation result =
                    admin.realm(realm).userStorage().syncUsers(id, "triggerFullSync");
            return new SyncAnswer(
                    on.toString(),
                    result.isIgnored(),
                    result.getAdded(),
                    result.getUpdated(),
                    result.getFailed(),
                    result.getStatus());
        }
    }

    /** The provider's status of the latest import of this component on {@code on} (its {@code state}, counts). */
    JsonNode importStatus(ClusterNode on) {
        return ClusterHttp.adminGet(on, "/admin/realms/" + realm + "/legacy-migration/" + id + "/import");
    }

    /** Keycloak's own users (no federation link) whose names start with {@code prefix}, each counted once. */
    int localUsers(ClusterNode on, String prefix) {
        try (Keycloak admin = on.admin()) {
            List<UserRepresentation> found = admin.realm(realm).users().search(prefix, 0, 10_000, true);
            Set<String> names = new HashSet<>();
            int local = 0;
            for (UserRepresentation user : found) {
                if (user.getUsername().startsWith(prefix) && user.getFederationLink() == null) {
                    local++;
                    names.add(user.getUsername());
                }
            }
            if (names.size() != local) {
                throw new AssertionError(local + " users for " + names.size() + " names starting with " + prefix);
            }
            return local;
        }
    }

    /** Puts the realm file's settings back, or removes the component this test made. */
    @Override
    public void close() {
        try (Keycloak admin = node.admin()) {
            if (made) {
                admin.realm(realm).components().component(id).remove();
                return;
            }
            ComponentRepresentation component =
                    admin.realm(realm).components().component(id).toRepresentation();
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>(original);
            if (MASKED.equals(config.getFirst("jdbcPassword"))) {
                config.putSingle("jdbcPassword", jdbcPassword);
            }
            component.setConfig(config);
            admin.realm(realm).components().component(id).update(component);
        }
    }
}
