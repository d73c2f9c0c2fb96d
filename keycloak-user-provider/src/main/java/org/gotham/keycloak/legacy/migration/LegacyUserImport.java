package org.gotham.keycloak.legacy.migration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.KeycloakLocalUsers;
import org.gotham.keycloak.legacy.LegacyGrantedRoles;
import org.gotham.keycloak.legacy.LegacyUserAdapter;
import org.gotham.keycloak.legacy.LegacyUserStorageProvider;
import org.gotham.keycloak.legacy.password.ImportedCredentials;
import org.gotham.keycloak.legacy.password.LegacyPasswordHasher;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserDetails;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.gotham.keycloak.legacy.store.LegacyUsernames;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageUtil;

/**
 * The bulk import ("Sync all users"): every legacy user becomes a Keycloak user for good, with the passlib hash as a
 * password credential (see {@link ImportedCredentials}: Keycloak's own {@code pbkdf2*} and {@code argon2} where they
 * compute what passlib computes, else this jar's {@code bcrypt} or {@code passlib}), so they sign in with their old
 * password at once and Keycloak upgrades the hash to its own default at that sign-in. Each user remembers the row it came from
 * ({@value LegacyUserAdapter#LEGACY_ID_ATTRIBUTE}); what a later run does with each row is decided by
 * {@link ImportPlan}.
 *
 * <p>Built for a million rows: the table is read by keyset pages of {@value #PAGE_SIZE}; what Keycloak already holds
 * for a page is read with a few queries for the whole page ({@link KeycloakUserIndex}); each page is written in one
 * Keycloak transaction in Keycloak's own batch mode (the one {@code kc.sh import} uses: no flush per user, a flush
 * every {@value #FLUSH_EVERY} users). Memory stays flat, and a failure (or a Keycloak killed half-way) loses at most
 * the page under way, which the next run redoes: provenance makes every run idempotent. A page that cannot be
 * written (say, a sign-in migrated one of its users meanwhile) is redone one row per transaction, so that only the
 * row at fault fails.
 *
 * <p>The same walk without writing is the dry run: the same plan, counted.
 */
final class LegacyUserImport {

    private static final Logger LOG = Logger.getLogger(LegacyUserImport.class);

    static final int PAGE_SIZE = 1000;
    /** What Keycloak's own import flushes and clears its persistence context after. */
    static final int FLUSH_EVERY = 64;

    static final long PROGRESS_LOG_INTERVAL_MILLIS = TimeUnit.SECONDS.toMillis(10);

    /** Users added before the first refresh of the database's statistics; the next ones come as the tables double. */
    static final long FIRST_STATISTICS_REFRESH = 10_000;

    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;
    private final ComponentModel model;
    private final LegacyStore store;
    private final LegacyPasswordHasher hasher;
    private final String description;
    /** Which of {@link KeycloakUserIndex#REFRESH_STATISTICS} Keycloak's database takes; -1 for neither. */
    private int statisticsForm;
    /** The e-mails (lower case) several rows share: nobody is imported with one of them. */
    private Set<String> sharedEmails = Set.of();

    LegacyUserImport(
            KeycloakSessionFactory sessionFactory,
            String realmId,
            ComponentModel model,
            LegacyStore store,
            LegacyPasswordHasher hasher) {
        this.sessionFactory = sessionFactory;
        this.realmId = realmId;
        this.model = model;
        this.store = store;
        this.hasher = hasher;
        this.description = "legacy user store '" + model.getName() + "' (" + model.getId() + ")";
    }

    /**
     * Walks the whole table, importing (or, for a dry run, only planning) page by page, and counts into
     * {@code progress}; does not mark it ended.
     *
     * @throws LegacyStoreUnavailableException if the legacy table cannot be read (what was imported stays)
     */
    void run(ImportProgress progress) {
        LegacyUserRepository repository = store.repository();
        String what = progress.dryRun() ? "Dry run of the import of" : "Importing";
        progress.total(repository.countRows());
        Set<String> caseDuplicates = caseDuplicateNames(repository.caseDuplicates(), !progress.dryRun());
        sharedEmails = repository.sharedEmails();
        if (!sharedEmails.isEmpty() && !progress.dryRun()) {
            LOG.warnf(
                    "%d e-mails of %s are shared by several legacy users; those users are imported without an e-mail",
                    sharedEmails.size(), description);
        }
        LOG.infof("%s the users of %s: %d legacy rows", what, description, progress.total());
        long nextLog = System.currentTimeMillis() + PROGRESS_LOG_INTERVAL_MILLIS;
        long addedAtLastRefresh = 0;
        long afterId = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Keycloak is stopping");
            }
            List<LegacyUser> page = repository.page(afterId, PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            afterId = page.get(page.size() - 1).id();
            List<ImportPlan.Step> steps =
                    progress.dryRun() ? planPage(page, caseDuplicates) : importPage(page, caseDuplicates);
            List<ImportPlan.Step> firstRefusals = progress.count(steps);
            if (!progress.dryRun()) {
                warnRefusals(firstRefusals);
            }
            long added = progress.added();
            if (!progress.dryRun()
                    && added - addedAtLastRefresh >= Math.max(FIRST_STATISTICS_REFRESH, addedAtLastRefresh)) {
                refreshStatistics();
                addedAtLastRefresh = added;
            }
            if (System.currentTimeMillis() >= nextLog) {
                nextLog = System.currentTimeMillis() + PROGRESS_LOG_INTERVAL_MILLIS;
                logProgress(what, progress);
                if (!progress.dryRun()) {
                    forgetCachedUsers(); // imported users sign in as themselves from now on, not as legacy users
                }
            }
        }
        if (!progress.dryRun()) {
            if (progress.added() > addedAtLastRefresh) {
                refreshStatistics();
            }
            forgetCachedUsers();
        }
        Map<String, Object> status = progress.toMap();
        LOG.infof(
                "%s the users of %s: done in %.1f s, %d rows (%d rows/s): %d added, %d updated, %d unchanged, %d "
                        + "failed",
                what,
                description,
                (System.currentTimeMillis() - progress.startedAt()) / 1000.0,
                progress.processed(),
                Math.round(progress.rate()),
                status.get("added"),
                status.get("updated"),
                status.get("unchanged"),
                status.get("failed"));
    }

    private void logProgress(String what, ImportProgress progress) {
        long total = Math.max(progress.total(), progress.processed());
        double rate = progress.rate();
        long left = rate > 0 ? Math.round((total - progress.processed()) / rate) : -1;
        LOG.infof(
                "%s the users of %s: %d of %d rows (%d %%), %d rows/s, about %s left",
                what,
                description,
                progress.processed(),
                total,
                total == 0 ? 100 : progress.processed() * 100 / total,
                Math.round(rate),
                left < 0 ? "?" : left >= 120 ? (left / 60) + " min" : left + " s");
    }

    /** Keycloak's names (lower case) that several legacy rows share; each group is warned about once per run. */
    private Set<String> caseDuplicateNames(List<LegacyUser> rows, boolean warn) {
        Map<String, List<Long>> groups = rows.stream()
                .collect(Collectors.groupingBy(
                        row -> LegacyUsernames.normalize(row.username()),
                        Collectors.mapping(LegacyUser::id, Collectors.toList())));
        if (warn) {
            int logged = 0;
            for (Map.Entry<String, List<Long>> group : groups.entrySet()) {
                if (logged++ == ImportProgress.SAMPLES_PER_REASON) {
                    LOG.warnf(
                            "... and %d more usernames shared ignoring case in %s (see the migration report)",
                            groups.size() - ImportProgress.SAMPLES_PER_REASON, description);
                    break;
                }
                LOG.warnf(
                        "Legacy users with ids %s of %s have usernames that differ only by case; none of them is "
                                + "imported (unless one already was) until the legacy table is fixed",
                        group.getValue(), description);
            }
        }
        return new HashSet<>(groups.keySet());
    }

    private List<ImportPlan.Step> planPage(List<LegacyUser> page, Set<String> caseDuplicates) {
        List<List<ImportPlan.Step>> planned = new ArrayList<>(1);
        KeycloakModelUtils.runJobInTransaction(
                sessionFactory,
                session -> planned.add(ImportPlan.plan(
                        page,
                        new KeycloakUserIndex(session, realmId, model.getId()).known(page, caseDuplicates),
                        store.passwordSchemes())));
        return planned.get(0);
    }

    private List<ImportPlan.Step> importPage(List<LegacyUser> page, Set<String> caseDuplicates) {
        List<List<ImportPlan.Step>> done = new ArrayList<>(1);
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = enter(session);
                EntityManagers.runInBatch(
                        session,
                        () -> {
                            ImportPlan.Known known =
                                    new KeycloakUserIndex(session, realmId, model.getId()).known(page, caseDuplicates);
                            done.add(apply(session, realm, ImportPlan.plan(page, known, store.passwordSchemes())));
                        },
                        true);
            });
            return done.get(0);
        } catch (RuntimeException e) {
            if (page.size() == 1) {
                LOG.debugf(
                        "Legacy user id=%d of %s was not imported: %s",
                        page.get(0).id(), description, e.getClass().getSimpleName());
                return List.of(new ImportPlan.Step(
                        page.get(0), ImportPlan.Action.REFUSE, ImportPlan.Refusal.WRITE_FAILED, null));
            }
            LOG.debugf(
                    "A page of %d rows of %s could not be written at once (%s); one row at a time",
                    page.size(), description, e.toString());
            List<ImportPlan.Step> steps = new ArrayList<>(page.size());
            for (LegacyUser row : page) {
                steps.addAll(importPage(List.of(row), caseDuplicates));
            }
            if (steps.stream().allMatch(step -> step.refusal() == ImportPlan.Refusal.WRITE_FAILED)) {
                // not one row could be stored: Keycloak itself is failing (stopping, its database gone), not a row
                throw new IllegalStateException(
                        "Keycloak could not store any user of a page ("
                                + e.getClass().getSimpleName() + ")",
                        e);
            }
            return steps;
        }
    }

    /** Carries a page's plan out; a step may turn out a refusal (a federated user's copy finds no password). */
    private List<ImportPlan.Step> apply(KeycloakSession session, RealmModel realm, List<ImportPlan.Step> steps) {
        UserProvider local = KeycloakLocalUsers.of(session);
        Set<RoleModel> granted = LegacyGrantedRoles.resolve(realm, store, description);
        List<ImportPlan.Step> applied = new ArrayList<>(steps.size());
        int writes = 0;
        for (ImportPlan.Step step : steps) {
            ImportPlan.Step outcome = step;
            switch (step.action()) {
                case CREATE -> create(session, local, realm, step.row(), granted, store.passwordSchemes());
                case CREATE_FROM_FEDERATED -> outcome = copyFederated(session, realm, step);
                case UPDATE_HASH ->
                    updateHash(local.getUserById(realm, step.user().id()), step.row(), store.passwordSchemes());
                case ADOPT ->
                    local.getUserById(realm, step.user().id())
                            .setSingleAttribute(
                                    LegacyUserAdapter.LEGACY_ID_ATTRIBUTE,
                                    Long.toString(step.row().id()));
                case UNCHANGED, REFUSE -> {
                    applied.add(step);
                    continue;
                }
                default -> throw new IllegalStateException("unknown action " + step.action());
            }
            applied.add(outcome);
            if (++writes % FLUSH_EVERY == 0) {
                EntityManagers.flush(session, true);
            }
        }
        return applied;
    }

    /**
     * A user from the row alone: no federated data to copy, so nothing but the row is read, with what its optional
     * columns hold (an e-mail only if no other row and no Keycloak user has it).
     */
    private void create(
            KeycloakSession session,
            UserProvider local,
            RealmModel realm,
            LegacyUser row,
            Set<RoleModel> granted,
            PasswordSchemes schemes) {
        UserModel user = local.addUser(realm, LegacyUsernames.normalize(row.username()));
        LegacyUserDetails details = row.details();
        user.setEnabled(!details.disabled());
        if (details.createdTimestamp() != null) {
            user.setCreatedTimestamp(details.createdTimestamp());
        }
        String email = details.email() == null ? null : details.email().toLowerCase(Locale.ROOT);
        if (email != null && !sharedEmails.contains(email) && LegacyUserMigrator.emailFree(session, realm, email)) {
            user.setEmail(email);
        }
        user.setFirstName(details.firstName());
        user.setLastName(details.lastName());
        user.setSingleAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, Long.toString(row.id()));
        RoleModel defaultRole = realm.getDefaultRole();
        for (RoleModel role : granted) {
            if (!role.equals(defaultRole)) {
                user.grantRole(role);
            }
        }
        PasswordCredentialModel password = ImportedCredentials.of(row.passwordHash(), schemes);
        password.setCreatedDate(System.currentTimeMillis());
        user.credentialManager().createStoredCredential(password);
    }

    /** A user an admin stored something for (roles, groups, a password Keycloak keeps): copied as the legacy user. */
    private ImportPlan.Step copyFederated(KeycloakSession session, RealmModel realm, ImportPlan.Step step) {
        LegacyUser row = step.row();
        UserModel legacy = new LegacyUserStorageProvider(session, model, store, hasher)
                .getUserById(realm, new StorageId(model.getId(), Long.toString(row.id())).getId());
        CredentialModel password = legacy == null ? null : LegacyUserMigrator.keycloakPasswordOf(legacy);
        if (password == null) {
            password = ImportedCredentials.of(row.passwordHash(), store.passwordSchemes());
        }
        if (legacy == null || password == null) {
            return new ImportPlan.Step(row, ImportPlan.Action.REFUSE, ImportPlan.Refusal.UNUSABLE_HASH, null);
        }
        LegacyUserMigrator.copyToLocal(session, realm, legacy, password);
        return step;
    }

    /** The imported credential takes the row's new hash (the plan checked it is still ours and differs). */
    private static void updateHash(UserModel user, LegacyUser row, PasswordSchemes schemes) {
        PasswordCredentialModel imported = user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .map(PasswordCredentialModel::createFromCredentialModel)
                .orElseThrow();
        PasswordCredentialModel fresh = ImportedCredentials.of(row.passwordHash(), schemes);
        fresh.setId(imported.getId());
        fresh.setCreatedDate(imported.getCreatedDate());
        fresh.setUserLabel(imported.getUserLabel());
        user.credentialManager().updateStoredCredential(fresh);
    }

    /** One WARN line for each of the first refusals of each reason; the report has them all counted. */
    private void warnRefusals(List<ImportPlan.Step> refusals) {
        for (ImportPlan.Step step : refusals) {
            if (step.refusal() == ImportPlan.Refusal.NAME_TAKEN) {
                LOG.warnf(
                        "Legacy user id=%d of %s was not imported: its username is Keycloak user '%s', who %s; the "
                                + "row is not merged into that user",
                        step.row().id(),
                        description,
                        step.user().username(),
                        step.user().legacyId() == null
                                ? "did not come from this legacy table"
                                : "came from legacy row id=" + step.user().legacyId());
            } else if (step.refusal() != ImportPlan.Refusal.CASE_DUPLICATE) { // those were named as the run began
                LOG.warnf(
                        "Legacy user id=%d of %s was not imported: %s",
                        step.row().id(), description, step.refusal().reason());
            }
        }
    }

    /**
     * Refreshes the statistics Keycloak's database plans its queries with, for the tables this import grows. A
     * database whose statistics lag behind a bulk load (a fresh Keycloak database, autovacuum not yet round) plans the
     * page queries as if the tables were empty and scans them: measured on PostgreSQL, a run with nothing to do went
     * from 720 to 12,000 rows/s after one ANALYZE. Best effort: a database that takes neither form (H2, Oracle, SQL
     * Server) is left to its own statistics.
     */
    private void refreshStatistics() {
        if (statisticsForm < 0) {
            return;
        }
        for (int form = statisticsForm; form < KeycloakUserIndex.REFRESH_STATISTICS.size(); form++) {
            int tried = form;
            try {
                KeycloakModelUtils.runJobInTransaction(
                        sessionFactory, session -> KeycloakUserIndex.refreshStatistics(session, tried));
                statisticsForm = form;
                return;
            } catch (RuntimeException e) {
                LOG.debugf(
                        "Keycloak's database did not take '%s': %s",
                        KeycloakUserIndex.REFRESH_STATISTICS.get(form), e.toString());
            }
        }
        statisticsForm = -1;
    }

    private RealmModel enter(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        return realm;
    }

    /** Drops Keycloak's cached users (on every node), so names that are now Keycloak users resolve to them. */
    private void forgetCachedUsers() {
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                UserCache cache = UserStorageUtil.userCache(session);
                if (cache != null) {
                    cache.clear();
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("Could not clear the user cache after importing from %s: %s", description, e.toString());
        }
    }
}
