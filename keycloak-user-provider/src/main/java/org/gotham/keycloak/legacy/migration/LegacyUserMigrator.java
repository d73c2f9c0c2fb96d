package org.gotham.keycloak.legacy.migration;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.KeycloakLocalUsers;
import org.gotham.keycloak.legacy.LegacyUserAdapter;
import org.gotham.keycloak.legacy.password.KeycloakPasswordHash;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.StorageId;

/**
 * Makes a Keycloak user out of a legacy user, for good: the same username, what Keycloak kept about them (enabled,
 * email, names, attributes, required actions, groups) and every role they had (the component's granted roles and
 * their own mappings), a password credential, and no federation link. Used by the lazy migration (the password just
 * typed, hashed by Keycloak's default) and the bulk import (the passlib hash as a {@code bcrypt} credential).
 *
 * <p>The user is created in Keycloak's own store directly, never through the user storage SPI, so no federation
 * provider (ours in WRITABLE mode included) is asked to add it. The legacy row is not touched.
 */
public final class LegacyUserMigrator {

    /** Read from the row and computed, not data of the user. */
    private static final Set<String> NOT_COPIED = Set.of(
            UserModel.USERNAME,
            UserModel.EMAIL,
            UserModel.FIRST_NAME,
            UserModel.LAST_NAME,
            UserModel.EMAIL_VERIFIED,
            UserModel.ENABLED,
            UserModel.CREATED_TIMESTAMP,
            LegacyUserAdapter.LEGACY_ID_ATTRIBUTE,
            LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE,
            LegacyUserAdapter.ORIGIN_ATTRIBUTE);

    /**
     * Set, with value {@value #MIGRATED_AT_SIGN_IN}, on users that lazy migration made: the migration report tells
     * them from imported ones. Both carry {@value LegacyUserAdapter#LEGACY_ID_ATTRIBUTE}, the row they came from.
     */
    static final String MIGRATED_ATTRIBUTE = "legacy_migrated";

    static final String MIGRATED_AT_SIGN_IN = "sign-in";

    private LegacyUserMigrator() {}

    /**
     * Lazy migration of a legacy user who just signed in with {@code password}, in a Keycloak transaction of its
     * own: the Keycloak user exists from now on even if this sign-in fails later for another reason (the password
     * was checked), and a concurrent first sign-in that migrated the user first only makes this one a no-op (or a
     * failure the caller logs). Keycloak's user cache still knows the username as the legacy user's: the caller drops
     * that afterwards, so that the name resolves to the Keycloak user from then on.
     *
     * @return whether this call made the Keycloak user
     */
    public static boolean migrateInOwnTransaction(
            KeycloakSession session, RealmModel realm, UserModel legacy, String password) {
        String realmId = realm.getId();
        String legacyId = legacy.getId();
        String username = legacy.getUsername();
        boolean[] made = new boolean[1];
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), migration -> {
            RealmModel migrationRealm = migration.realms().getRealm(realmId);
            migration.getContext().setRealm(migrationRealm);
            if (KeycloakLocalUsers.of(migration).getUserByUsername(migrationRealm, username) != null) {
                return;
            }
            UserModel source = migration.users().getUserById(migrationRealm, legacyId);
            if (source != null) {
                UserModel user = copyToLocal(
                        migration,
                        migrationRealm,
                        source,
                        KeycloakPasswordHash.of(migration, migrationRealm, password));
                user.setSingleAttribute(MIGRATED_ATTRIBUTE, MIGRATED_AT_SIGN_IN);
                made[0] = true;
            }
        });
        return made[0];
    }

    /**
     * Creates the local user; the caller has checked that none has this username. The user remembers the legacy row
     * it came from ({@value LegacyUserAdapter#LEGACY_ID_ATTRIBUTE}), which a later import follows and nothing else.
     *
     * @param password the credential to store, as it is (no password policy applies: it is not a new password)
     */
    static UserModel copyToLocal(
            KeycloakSession session, RealmModel realm, UserModel legacy, CredentialModel password) {
        UserModel user = KeycloakLocalUsers.of(session).addUser(realm, legacy.getUsername());
        user.setEnabled(legacy.isEnabled());
        if (legacy.getCreatedTimestamp() != null) {
            user.setCreatedTimestamp(legacy.getCreatedTimestamp());
        }
        user.setEmail(emailFree(session, realm, legacy.getEmail()) ? legacy.getEmail() : null);
        user.setEmailVerified(legacy.isEmailVerified());
        user.setFirstName(legacy.getFirstName());
        user.setLastName(legacy.getLastName());
        for (Map.Entry<String, List<String>> attribute : legacy.getAttributes().entrySet()) {
            if (!NOT_COPIED.contains(attribute.getKey())) {
                user.setAttribute(attribute.getKey(), attribute.getValue());
            }
        }
        user.setSingleAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, StorageId.externalId(legacy.getId()));
        legacy.getRequiredActionsStream().forEach(user::addRequiredAction);
        legacy.getRoleMappingsStream().filter(role -> !user.hasDirectRole(role)).forEach(user::grantRole);
        legacy.getGroupsStream().forEach(user::joinGroup);
        if (password.getCreatedDate() == null) {
            password.setCreatedDate(Time.currentTimeMillis());
        }
        user.credentialManager().createStoredCredential(password);
        return user;
    }

    /**
     * Whether a Keycloak user may take this e-mail: the realm allows duplicates, or no Keycloak user has it yet
     * (else the user would not be stored). A taken e-mail is left out; the user is made without one.
     */
    static boolean emailFree(KeycloakSession session, RealmModel realm, String email) {
        return email == null
                || realm.isDuplicateEmailsAllowed()
                || KeycloakLocalUsers.of(session).getUserByEmail(realm, email) == null;
    }

    /**
     * A copy of the password Keycloak keeps for a legacy user itself (set in UNSYNCED mode), which counts instead
     * of the legacy hash; null if there is none.
     */
    static CredentialModel keycloakPasswordOf(UserModel legacy) {
        return legacy.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .map(LegacyUserMigrator::copy)
                .orElse(null);
    }

    private static CredentialModel copy(CredentialModel original) {
        CredentialModel copy = new CredentialModel();
        copy.setType(original.getType());
        copy.setUserLabel(original.getUserLabel());
        copy.setCreatedDate(original.getCreatedDate());
        copy.setSecretData(original.getSecretData());
        copy.setCredentialData(original.getCredentialData());
        return copy;
    }
}
