package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.metrics.LegacyMetrics;
import org.gotham.keycloak.legacy.password.KeycloakPasswordHash;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.LegacySignInBusyException;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.OptionalColumn;
import org.jboss.logging.Logger;
import org.keycloak.storage.StorageId;

/**
 * The legacy row behind a sign-in, read afresh at every call: by name, ignoring case, or by the primary key in a
 * Keycloak id. A name that several rows share (differing only by case) signs nobody in; a row without a username is
 * nobody. When the store cannot answer, the lookup finds no one and says so in a throttled WARN ({@link #warnOutage}).
 */
final class LegacyUserLookup {

    // The provider's category: these lines were the provider's own before the lookup had a class.
    private static final Logger LOG = Logger.getLogger(LegacyUserStorageProvider.class);

    /** How many rows one name lookup reads: enough to name the rows of an ambiguous name in the log. */
    static final int AMBIGUITY_PROBE = 10;
    /** What a failed sign-in lookup or password check means for the user. */
    static final String SIGN_IN_OUTCOME = "treated as no such user or a wrong password";

    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;
    private final String storeDescription;
    /**
     * Whether this lookup (one per Keycloak session, so per request) already paid for an unknown name. Keycloak looks
     * a failed sign-in's name up twice (the sign-in, then brute-force detection recording the failure); only the first
     * may cost a check, or an unknown name would cost twice what a known one does.
     */
    private boolean unknownNamePaidFor;

    LegacyUserLookup(LegacyStore store, LegacyPasswordHasher hasher, String storeDescription) {
        this.store = store;
        this.hasher = hasher;
        this.storeDescription = storeDescription;
    }

    /**
     * The one row with this name (ignoring case), or null if the name is blank, has no row or several (logged), or
     * the store is down. The first name without a row in a request costs a bcrypt check at the configured cost, as a
     * known name's wrong password does.
     *
     * @throws LegacySignInBusyException if that check could not get a bcrypt slot in time: a fast "no such user" would
     *     tell the name from a known one, which is refused as busy
     */
    LegacyUser byName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return uniqueByName(name, true);
        } catch (LegacyStoreUnavailableException e) {
            warnOutage("look up a user by name", SIGN_IN_OUTCOME, e);
            return null;
        }
    }

    /**
     * The row a password check reads: as {@link #byName}, but without the dummy check (the user was found before),
     * and an unavailable store is an exception.
     */
    LegacyUser byNameOrThrow(String name) {
        return uniqueByName(name, false);
    }

    /**
     * The one row with this e-mail (ignoring case), or null if the table has no e-mail column, the e-mail is blank,
     * no row or several have it (logged, naming their ids), or the store is down. Keycloak asks for it when the
     * realm lets users sign in with their e-mail, before it asks for the name; an unknown e-mail then costs what an
     * unknown name costs, through {@link #byName}.
     */
    LegacyUser byEmail(String email) {
        LegacyStoreConfig config = store.config();
        if (email == null || email.isBlank() || config == null || !config.has(OptionalColumn.EMAIL)) {
            return null;
        }
        List<LegacyUser> rows;
        try {
            rows = store.repository().findByEmailIgnoreCase(email, AMBIGUITY_PROBE);
        } catch (LegacyStoreUnavailableException e) {
            warnOutage("look up a user by e-mail", SIGN_IN_OUTCOME, e);
            return null;
        }
        if (rows.size() > 1) {
            String ids = rows.stream().map(row -> Long.toString(row.id())).collect(Collectors.joining(", "));
            LOG.warnf(
                    "Legacy users with ids %s%s in %s share an e-mail (ignoring case); none of them can sign in by "
                            + "it until the legacy table is fixed",
                    ids, rows.size() == AMBIGUITY_PROBE ? " (and maybe more)" : "", storeDescription);
            return null;
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The row with the primary key in this Keycloak id, or null if none, not ours, nameless (warned once), or down. */
    LegacyUser byId(String id) {
        if (id == null) {
            return null;
        }
        long legacyId;
        try {
            legacyId = Long.parseLong(StorageId.externalId(id));
        } catch (NumberFormatException e) {
            return null;
        }
        LegacyUser user;
        try {
            user = store.repository().findById(legacyId).orElse(null);
        } catch (LegacyStoreUnavailableException e) {
            warnOutage("look up a user by id", SIGN_IN_OUTCOME, e);
            return null;
        }
        if (user == null) {
            return null;
        }
        if (user.username() == null) {
            if (store.firstWarning("null-username:" + user.id())) {
                LOG.warnf(
                        "Legacy user id=%d in %s has no username (NULL); it is not a Keycloak user",
                        user.id(), storeDescription);
            }
            return null;
        }
        return user;
    }

    /** One WARN per interval that the store cannot answer (no stack trace, no credentials), the rest at DEBUG. */
    void warnOutage(String action, String outcome, LegacyStoreUnavailableException e) {
        String line = String.format(
                "%s is unavailable, could not %s (%s): %s", storeDescription, action, outcome, e.detail());
        if (store.outageWarningDue()) {
            LOG.warn(line);
        } else {
            LOG.debug(line);
        }
    }

    private LegacyUser uniqueByName(String name, boolean dummyWhenAbsent) {
        List<LegacyUser> rows = store.repository().findByUsernameIgnoreCase(name, AMBIGUITY_PROBE);
        if (rows.size() > 1) {
            String ids = rows.stream().map(row -> Long.toString(row.id())).collect(Collectors.joining(", "));
            LOG.warnf(
                    "Legacy users with ids %s%s in %s have usernames that differ only by case; none of them can "
                            + "sign in as '%s' until the legacy table is fixed",
                    ids,
                    rows.size() == AMBIGUITY_PROBE ? " (and maybe more)" : "",
                    storeDescription,
                    name.toLowerCase(Locale.ROOT));
            return null;
        }
        if (rows.isEmpty()) {
            if (dummyWhenAbsent && !unknownNamePaidFor) {
                unknownNamePaidFor = true;
                if (hasher.dummyCheck(
                                KeycloakPasswordHash.DUMMY_PASSWORD, store.bcryptCost(), store.passwordCheckWait())
                        == LegacyPasswordHasher.Result.BUSY) {
                    LegacyMetrics.signIn(store.componentId(), LegacyMetrics.SignIn.BUSY);
                    throw new LegacySignInBusyException();
                }
                LegacyMetrics.signIn(store.componentId(), LegacyMetrics.SignIn.UNKNOWN_NAME);
            }
            return null;
        }
        return rows.get(0);
    }
}
