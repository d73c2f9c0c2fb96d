package org.gotham.keycloak.legacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * Sessions follow the old app's password changes: a password changed in the legacy table, not through Keycloak, ends
 * the user's Keycloak sessions, as a reset by an admin who signs the user out everywhere would.
 *
 * <p>Keycloak keeps, in its federated storage, a fingerprint of the hash that the user last signed in with or that
 * Keycloak last wrote ({@value #ATTRIBUTE}: 16 bytes of the hash's SHA-256; it tells one hash from another and nothing
 * about the password, whose salt it does not hold). Whenever the provider reads the row for a lookup, which Keycloak
 * does for a token refresh once its cached copy of the user expires (the component's cache lifespan), a different hash
 * means the old app changed the password: the fingerprint is updated and every session of the user, online and
 * offline, is removed, so the next refresh is refused. A user who never signed in through Keycloak has no fingerprint
 * and no sessions to end.
 */
public final class LegacyPasswordChanges {

    /** Hidden from admins and tokens (see {@link LegacyUserAdapter}); written only here. */
    static final String ATTRIBUTE = "legacy_password_seen";

    // The provider's category: a password changed elsewhere is part of what the provider reports.
    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    private final KeycloakSession session;
    private final String storeDescription;

    public LegacyPasswordChanges(KeycloakSession session, String storeDescription) {
        this.session = session;
        this.storeDescription = storeDescription;
    }

    /** After a sign-in with this hash, or after Keycloak wrote it: the hash the user's sessions belong to. */
    public void remember(RealmModel realm, String userId, String hash) {
        if (hash == null) {
            return;
        }
        String fingerprint = fingerprint(hash);
        UserFederatedStorageProvider federated = UserStorageUtil.userFederatedStorage(session);
        if (!fingerprint.equals(federated.getAttributes(realm, userId).getFirst(ATTRIBUTE))) {
            federated.setSingleAttribute(realm, userId, ATTRIBUTE, fingerprint);
        }
    }

    /** On reading the row for a lookup: ends the user's sessions if the old app changed the hash since. */
    void follow(RealmModel realm, UserModel user, String hash) {
        if (hash == null) {
            return;
        }
        UserFederatedStorageProvider federated = UserStorageUtil.userFederatedStorage(session);
        String seen = federated.getAttributes(realm, user.getId()).getFirst(ATTRIBUTE);
        String now = fingerprint(hash);
        if (seen == null || seen.equals(now)) {
            return;
        }
        // first, so that the sessions' own lookups of this user (below) find nothing more to do
        federated.setSingleAttribute(realm, user.getId(), ATTRIBUTE, now);
        UserSessionProvider sessions = session.sessions();
        List<UserSessionModel> online =
                sessions.getUserSessionsStream(realm, user).toList();
        List<UserSessionModel> offline =
                sessions.getOfflineUserSessionsStream(realm, user).toList();
        online.forEach(s -> sessions.removeUserSession(realm, s));
        offline.forEach(s -> sessions.removeOfflineUserSession(realm, s));
        LOG.infof(
                "The password of legacy user id=%s in %s was changed outside Keycloak; ended its %d session(s) "
                        + "and %d offline session(s)",
                StorageId.externalId(user.getId()), storeDescription, online.size(), offline.size());
    }

    static String fingerprint(String hash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
