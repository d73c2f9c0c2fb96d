package org.gotham.keycloak.legacy.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gotham.keycloak.legacy.LegacyUserAdapter;
import org.gotham.keycloak.legacy.password.ImportedCredentials;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUsernames;

/**
 * What the import does with each row of one page, decided from what the legacy table and Keycloak's database hold,
 * before anything is written. Pure logic: the import carries the plan out, the dry run only counts it, so both always
 * agree.
 *
 * <p>Provenance decides: a Keycloak user remembers the row it came from (attribute {@value
 * LegacyUserAdapter#LEGACY_ID_ATTRIBUTE}), and a row is only ever matched to the user that came from it. A row whose
 * lower-cased name is already a Keycloak user's, but which that user did not come from, is refused: merging it would
 * hand that user's account to whoever owns the row (someone who registered {@code BRUCE} in the old app would take
 * over {@code bruce}). The only exception is a user imported before provenance existed whose password is still this
 * row's very hash (same salt, so the same row): it is adopted, and from then on follows this row only.
 */
final class ImportPlan {

    /** Why a row is not imported. */
    enum Refusal {
        NO_USERNAME("it has no username"),
        USERNAME_TOO_LONG("its username is longer than " + LegacyUsernames.MAX_LENGTH + " characters"),
        UNUSABLE_HASH("it has no usable password hash of a scheme the component accepts"),
        CASE_DUPLICATE("its username differs only by case from another legacy user's"),
        NAME_TAKEN("a Keycloak user of that name exists that did not come from this row"),
        WRITE_FAILED("Keycloak could not store it");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    enum Action {
        /** A new Keycloak user from the row (and the component's granted roles). */
        CREATE,
        /** A new Keycloak user from the legacy user as Keycloak sees it, with what an admin stored for them. */
        CREATE_FROM_FEDERATED,
        /** The imported user's credential takes the row's changed hash. */
        UPDATE_HASH,
        /** A user imported before provenance, whose credential is this row's hash, gets the row's id. */
        ADOPT,
        /** Already imported and unchanged (or already upgraded by a sign-in). */
        UNCHANGED,
        REFUSE
    }

    /**
     * A Keycloak user found by provenance or by name.
     *
     * @param legacyId the row it came from, or null if it carries none
     * @param importedHash the passlib hash its password credential was imported from, if it is still that one (not
     *     changed since by Keycloak or a user), else null
     * @param hasPassword whether it has a password credential at all
     */
    record KeycloakUser(String id, String username, Long legacyId, String importedHash, boolean hasPassword) {}

    /**
     * One decision.
     *
     * @param user the Keycloak user concerned (UPDATE_HASH, ADOPT, UNCHANGED, REFUSE by NAME_TAKEN), else null
     */
    record Step(LegacyUser row, Action action, Refusal refusal, KeycloakUser user) {

        @Override
        public String toString() {
            return "Step[row=" + row.id() + ", " + action + (refusal == null ? "" : " " + refusal) + "]";
        }
    }

    /** What Keycloak's database holds for one page, found by a few queries for the whole page. */
    record Known(
            Map<Long, KeycloakUser> byLegacyId,
            Map<String, KeycloakUser> byUsername,
            Set<Long> withFederatedData,
            Set<String> caseDuplicateNames) {}

    private ImportPlan() {}

    /** The plan of a page, for a component that accepts {@code schemes}. */
    static List<Step> plan(List<LegacyUser> page, Known known, PasswordSchemes schemes) {
        List<Step> steps = new ArrayList<>(page.size());
        for (LegacyUser row : page) {
            steps.add(step(row, known, schemes));
        }
        return steps;
    }

    static Step step(LegacyUser row, Known known, PasswordSchemes schemes) {
        KeycloakUser imported = known.byLegacyId().get(row.id());
        if (imported != null) {
            String fresh = usableHash(row, schemes);
            if (fresh != null
                    && imported.importedHash() != null
                    && !ImportedCredentials.sameHash(fresh, imported.importedHash())) {
                return new Step(row, Action.UPDATE_HASH, null, imported);
            }
            return new Step(row, Action.UNCHANGED, null, imported);
        }
        String name = row.username();
        if (name == null || name.isBlank()) {
            return refuse(row, Refusal.NO_USERNAME, null);
        }
        if (name.codePointCount(0, name.length()) > LegacyUsernames.MAX_LENGTH) {
            return refuse(row, Refusal.USERNAME_TOO_LONG, null);
        }
        String username = LegacyUsernames.normalize(name);
        KeycloakUser sameName = known.byUsername().get(username);
        if (sameName != null) {
            if (sameName.legacyId() == null
                    && sameName.importedHash() != null
                    && ImportedCredentials.sameHash(sameName.importedHash(), row.passwordHash())) {
                return new Step(row, Action.ADOPT, null, sameName);
            }
            return refuse(row, Refusal.NAME_TAKEN, sameName);
        }
        if (known.caseDuplicateNames().contains(username)) {
            return refuse(row, Refusal.CASE_DUPLICATE, null);
        }
        if (known.withFederatedData().contains(row.id())) {
            // what an admin stored for the user (roles, a password Keycloak keeps) decides; the copy checks the hash
            return new Step(row, Action.CREATE_FROM_FEDERATED, null, null);
        }
        if (usableHash(row, schemes) == null) {
            return refuse(row, Refusal.UNUSABLE_HASH, null);
        }
        return new Step(row, Action.CREATE, null, null);
    }

    private static Step refuse(LegacyUser row, Refusal refusal, KeycloakUser user) {
        return new Step(row, Action.REFUSE, Objects.requireNonNull(refusal), user);
    }

    private static String usableHash(LegacyUser row, PasswordSchemes schemes) {
        return schemes.usable(row.passwordHash()) != null ? row.passwordHash() : null;
    }
}
