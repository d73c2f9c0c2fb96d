package org.gotham.keycloak.legacy.migration;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.LegacyUserAdapter;
import org.gotham.keycloak.legacy.password.ImportedCredentials;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUsernames;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.StorageId;

/**
 * What Keycloak's own database knows of the users one page of the import concerns, asked with a few queries for the
 * whole page (JPQL over Keycloak's JPA entities, each served by one of Keycloak's indexes: the user attribute's name
 * and value, the realm and username, the credential's user, the federated user's id) instead of a lookup per row.
 * Read-only; the import writes through Keycloak's user model.
 */
final class KeycloakUserIndex {

    /** Keycloak's tables an import grows, in the forms PostgreSQL and MariaDB/MySQL take for refreshing statistics. */
    static final List<String> REFRESH_STATISTICS = List.of(
            "ANALYZE USER_ENTITY, USER_ATTRIBUTE, CREDENTIAL, USER_ROLE_MAPPING",
            "ANALYZE TABLE USER_ENTITY, USER_ATTRIBUTE, CREDENTIAL, USER_ROLE_MAPPING");

    /** Oracle, one of Keycloak's databases, takes at most 1,000 values in an IN list. */
    static final int MAX_IN_LIST = 1000;

    private final EntityManager em;
    private final String realmId;
    private final String componentId;

    KeycloakUserIndex(KeycloakSession session, String realmId, String componentId) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realmId;
        this.componentId = componentId;
    }

    /** Everything {@link ImportPlan} needs about this page. */
    ImportPlan.Known known(List<LegacyUser> page, Set<String> caseDuplicateNames) {
        List<String> legacyIds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> federatedIds = new ArrayList<>();
        for (LegacyUser row : page) {
            legacyIds.add(Long.toString(row.id()));
            federatedIds.add(new StorageId(componentId, Long.toString(row.id())).getId());
            if (row.username() != null && !row.username().isBlank()) {
                names.add(LegacyUsernames.normalize(row.username()));
            }
        }
        Map<String, Long> provenance = new HashMap<>();
        Map<String, String> usernames = new HashMap<>();
        for (List<String> chunk : chunks(legacyIds)) {
            for (Object[] found : em.createQuery(
                            "select a.user.id, a.user.username, a.value from UserAttributeEntity a where a.name = "
                                    + ":name and a.value in :values and a.user.realmId = :realm",
                            Object[].class)
                    .setParameter("name", LegacyUserAdapter.LEGACY_ID_ATTRIBUTE)
                    .setParameter("values", chunk)
                    .setParameter("realm", realmId)
                    .getResultList()) {
                provenance.put((String) found[0], parseId((String) found[2]));
                usernames.put((String) found[0], (String) found[1]);
            }
        }
        Map<String, String> idsByName = new HashMap<>();
        for (List<String> chunk : chunks(names)) {
            for (Object[] found : em.createQuery(
                            "select u.id, u.username from UserEntity u where u.realmId = :realm and u.username in "
                                    + ":names",
                            Object[].class)
                    .setParameter("realm", realmId)
                    .setParameter("names", chunk)
                    .getResultList()) {
                idsByName.put((String) found[1], (String) found[0]);
                usernames.put((String) found[0], (String) found[1]);
            }
        }
        Set<String> byNameWithoutProvenance = new HashSet<>(idsByName.values());
        byNameWithoutProvenance.removeAll(provenance.keySet());
        if (!byNameWithoutProvenance.isEmpty()) {
            // users found by name may carry another row's id: read it, so the plan can tell
            for (List<String> chunk : chunks(new ArrayList<>(byNameWithoutProvenance))) {
                for (Object[] found : em.createQuery(
                                "select a.user.id, a.value from UserAttributeEntity a where a.name = :name and "
                                        + "a.user.id in :ids",
                                Object[].class)
                        .setParameter("name", LegacyUserAdapter.LEGACY_ID_ATTRIBUTE)
                        .setParameter("ids", chunk)
                        .getResultList()) {
                    provenance.put((String) found[0], parseId((String) found[1]));
                }
            }
        }
        Set<String> userIds = new HashSet<>(usernames.keySet());
        Map<String, String> importedHashes = new HashMap<>();
        Set<String> withPassword = new HashSet<>();
        for (List<String> chunk : chunks(new ArrayList<>(userIds))) {
            for (Object[] found : em.createQuery(
                            "select c.user.id, c.secretData, c.credentialData from CredentialEntity c where c.type = "
                                    + ":type and c.user.id in :ids",
                            Object[].class)
                    .setParameter("type", PasswordCredentialModel.TYPE)
                    .setParameter("ids", chunk)
                    .getResultList()) {
                String userId = (String) found[0];
                withPassword.add(userId);
                String hash = importedHash((String) found[1], (String) found[2]);
                if (hash != null) {
                    importedHashes.put(userId, hash);
                }
            }
        }
        Map<Long, ImportPlan.KeycloakUser> byLegacyId = new HashMap<>();
        Map<String, ImportPlan.KeycloakUser> byUsername = new HashMap<>();
        for (String userId : userIds) {
            ImportPlan.KeycloakUser user = new ImportPlan.KeycloakUser(
                    userId,
                    usernames.get(userId),
                    provenance.get(userId),
                    importedHashes.get(userId),
                    withPassword.contains(userId));
            if (user.legacyId() != null) {
                byLegacyId.putIfAbsent(user.legacyId(), user);
            }
            byUsername.put(user.username(), user);
        }
        Set<Long> withFederatedData = new HashSet<>();
        for (List<String> chunk : chunks(federatedIds)) {
            for (String found : em.createQuery("select f.id from FederatedUser f where f.id in :ids", String.class)
                    .setParameter("ids", chunk)
                    .getResultList()) {
                withFederatedData.add(Long.parseLong(StorageId.externalId(found)));
            }
        }
        return new ImportPlan.Known(byLegacyId, byUsername, withFederatedData, caseDuplicateNames);
    }

    /** Keycloak users of this realm that carry a legacy row id (imported or lazily migrated). */
    long countWithLegacyId() {
        return countAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE);
    }

    /** Of those, the ones lazy migration made (at their first sign-in). */
    long countLazilyMigrated() {
        return countAttribute(LegacyUserMigrator.MIGRATED_ATTRIBUTE);
    }

    private long countAttribute(String name) {
        return em.createQuery(
                        "select count(a) from UserAttributeEntity a where a.name = :name and a.user.realmId = :realm",
                        Long.class)
                .setParameter("name", name)
                .setParameter("realm", realmId)
                .getSingleResult();
    }

    /**
     * Refreshes the database's statistics for the tables an import grows, with the {@code form}-th statement of
     * {@link #REFRESH_STATISTICS}; throws if the database does not take it.
     */
    static void refreshStatistics(KeycloakSession session, int form) {
        session.getProvider(JpaConnectionProvider.class)
                .getEntityManager()
                .createNativeQuery(REFRESH_STATISTICS.get(form))
                .executeUpdate();
    }

    /**
     * The passlib hash an imported password credential holds (see {@link ImportedCredentials#passlibHashOf}); null for
     * any other (e.g. upgraded at sign-in).
     */
    static String importedHash(String secretData, String credentialData) {
        CredentialModel model = new CredentialModel();
        model.setType(PasswordCredentialModel.TYPE);
        model.setSecretData(secretData);
        model.setCredentialData(credentialData);
        try {
            return ImportedCredentials.passlibHashOf(PasswordCredentialModel.createFromCredentialModel(model));
        } catch (RuntimeException e) {
            return null; // not a password credential this import made
        }
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IN_LIST)));
        }
        return chunks;
    }
}
