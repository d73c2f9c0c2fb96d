package org.gotham.keycloak.legacy.authentication;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.password.KeycloakPasswordHash;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.LegacySignInBusyException;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * What a refusal of a locked-out account spends so that it takes as long as a wrong password: Keycloak refuses such
 * an account before any password check, which would tell an attacker that the name exists and is locked. The realm's
 * sign-in steps ({@link LegacyUsernamePasswordForm}, {@link LegacyValidateUsername}) call this before Keycloak's own
 * refusal; a realm without a legacy component pays nothing.
 */
final class LockedAccountPadding {

    private static final Logger LOG = Logger.getLogger(LockedAccountPadding.class);

    private LockedAccountPadding() {}

    /**
     * One dummy bcrypt check at the highest cost of the realm's enabled legacy components, as a wrong password of a
     * legacy user costs (with padding), in the same bounded queue.
     *
     * @throws LegacySignInBusyException if no bcrypt slot came free in time, as for any other sign-in
     */
    static void spend(RealmModel realm) {
        Optional<LegacyStoreConfig> costliest = realm.getComponentsStream(
                        realm.getId(), UserStorageProvider.class.getName())
                .filter(component -> LegacyUserStorageProviderFactory.PROVIDER_ID.equals(component.getProviderId()))
                .filter(LockedAccountPadding::enabled)
                .map(LockedAccountPadding::config)
                .flatMap(Optional::stream)
                .max(Comparator.comparingInt(LegacyStoreConfig::bcryptCost));
        if (costliest.isEmpty()) {
            return;
        }
        int cost = costliest.get().bcryptCost();
        Duration wait = costliest.get().passwordCheckWait();
        if (LegacyPasswordHasher.shared().dummyCheck(KeycloakPasswordHash.DUMMY_PASSWORD, cost, wait)
                == LegacyPasswordHasher.Result.BUSY) {
            throw new LegacySignInBusyException();
        }
    }

    private static boolean enabled(ComponentModel component) {
        return !"false".equalsIgnoreCase(component.get("enabled"));
    }

    private static Optional<LegacyStoreConfig> config(ComponentModel component) {
        try {
            return Optional.of(LegacyStoreConfig.from(component));
        } catch (RuntimeException e) {
            LOG.debugf("Legacy component %s has an invalid configuration: %s", component.getName(), e.getMessage());
            return Optional.empty();
        }
    }
}
