package org.gotham.keycloak.legacy.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.migration.ImportPlan.Action;
import org.gotham.keycloak.legacy.migration.ImportPlan.KeycloakUser;
import org.gotham.keycloak.legacy.migration.ImportPlan.Known;
import org.gotham.keycloak.legacy.migration.ImportPlan.Refusal;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.Test;

class ImportPlanTest {

    private static final PasswordSchemes SCHEMES = PasswordSchemes.BCRYPT_ONLY;

    private static final String HASH = PasslibVectors.all().get(0).get("hash").asText();
    private static final String OTHER_HASH =
            PasslibVectors.all().get(1).get("hash").asText();

    private static final Known NOTHING = new Known(Map.of(), Map.of(), Set.of(), Set.of());

    @Test
    void aNewRowWithAUsableHashIsCreated() {
        assertThat(ImportPlan.step(new LegacyUser(7, "Bruce", HASH), NOTHING, SCHEMES)
                        .action())
                .isEqualTo(Action.CREATE);
    }

    @Test
    void aRowOfAnotherCaseThanAnImportedUsersNameIsRefusedNotMerged() {
        KeycloakUser bruce = new KeycloakUser("kc-1", "bruce", 2L, HASH, true);
        Known known = new Known(Map.of(2L, bruce), Map.of("bruce", bruce), Set.of(), Set.of("bruce"));

        ImportPlan.Step newcomer = ImportPlan.step(new LegacyUser(31, "BRUCE", OTHER_HASH), known, SCHEMES);

        assertThat(newcomer.action()).isEqualTo(Action.REFUSE);
        assertThat(newcomer.refusal()).isEqualTo(Refusal.NAME_TAKEN);
        assertThat(newcomer.user()).isEqualTo(bruce);
    }

    @Test
    void theImportedRowItselfStillFollowsItsOwnHashWhenAnotherRowSharesItsName() {
        KeycloakUser bruce = new KeycloakUser("kc-1", "bruce", 2L, HASH, true);
        Known known = new Known(Map.of(2L, bruce), Map.of("bruce", bruce), Set.of(), Set.of("bruce"));

        assertThat(ImportPlan.step(new LegacyUser(2, "bruce", OTHER_HASH), known, SCHEMES)
                        .action())
                .isEqualTo(Action.UPDATE_HASH);
        assertThat(ImportPlan.step(new LegacyUser(2, "bruce", HASH), known, SCHEMES)
                        .action())
                .isEqualTo(Action.UNCHANGED);
    }

    @Test
    void aHashUpgradedAtSignInOrAnUnusableNewHashLeavesTheImportedUserAlone() {
        KeycloakUser upgraded = new KeycloakUser("kc-1", "bruce", 2L, null, true);
        KeycloakUser imported = new KeycloakUser("kc-1", "bruce", 2L, HASH, true);

        assertThat(ImportPlan.step(new LegacyUser(2, "bruce", OTHER_HASH), known(upgraded), SCHEMES)
                        .action())
                .isEqualTo(Action.UNCHANGED);
        assertThat(ImportPlan.step(new LegacyUser(2, "bruce", null), known(imported), SCHEMES)
                        .action())
                .isEqualTo(Action.UNCHANGED);
    }

    @Test
    void aUserImportedBeforeProvenanceIsAdoptedOnlyWhenItHoldsThisVeryHash() {
        KeycloakUser old = new KeycloakUser("kc-1", "bruce", null, HASH, true);
        Known known = new Known(Map.of(), Map.of("bruce", old), Set.of(), Set.of());

        assertThat(ImportPlan.step(new LegacyUser(2, "bruce", HASH), known, SCHEMES)
                        .action())
                .isEqualTo(Action.ADOPT);
        ImportPlan.Step stranger = ImportPlan.step(new LegacyUser(2, "bruce", OTHER_HASH), known, SCHEMES);
        assertThat(stranger.refusal()).isEqualTo(Refusal.NAME_TAKEN);
    }

    @Test
    void aKeycloakUserOfThatNameWithoutProvenanceIsNeverTakenOver() {
        KeycloakUser local = new KeycloakUser("kc-9", "alfred", null, null, true);
        Known known = new Known(Map.of(), Map.of("alfred", local), Set.of(), Set.of());

        assertThat(ImportPlan.step(new LegacyUser(5, "Alfred", HASH), known, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.NAME_TAKEN);
    }

    @Test
    void rowsThatCannotBeUsersAreRefusedWithTheirReason() {
        Known twins = new Known(Map.of(), Map.of(), Set.of(), Set.of("twin"));

        assertThat(ImportPlan.step(new LegacyUser(1, null, HASH), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.NO_USERNAME);
        assertThat(ImportPlan.step(new LegacyUser(2, "  ", HASH), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.NO_USERNAME);
        assertThat(ImportPlan.step(new LegacyUser(3, "x".repeat(10_000), HASH), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.USERNAME_TOO_LONG);
        assertThat(ImportPlan.step(new LegacyUser(4, "robin", null), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.UNUSABLE_HASH);
        assertThat(ImportPlan.step(new LegacyUser(5, "robin", "$2b$12$short"), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.UNUSABLE_HASH);
        assertThat(ImportPlan.step(new LegacyUser(6, "TWIN", HASH), twins, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.CASE_DUPLICATE);
    }

    @Test
    void aUserAnAdminStoredSomethingForIsCopiedAsTheLegacyUser() {
        Known known = new Known(Map.of(), Map.of(), Set.of(8L), Set.of());

        assertThat(ImportPlan.step(new LegacyUser(8, "selina", null), known, SCHEMES)
                        .action())
                .isEqualTo(Action.CREATE_FROM_FEDERATED);
    }

    @Test
    void aPageIsPlannedRowByRowInOrder() {
        List<ImportPlan.Step> steps =
                ImportPlan.plan(List.of(new LegacyUser(1, "a", HASH), new LegacyUser(2, null, HASH)), NOTHING, SCHEMES);

        assertThat(steps).extracting(ImportPlan.Step::action).containsExactly(Action.CREATE, Action.REFUSE);
    }

    private static Known known(KeycloakUser user) {
        return new Known(Map.of(user.legacyId(), user), Map.of(user.username(), user), Set.of(), Set.of());
    }

    @Test
    void aHashOfAnAcceptedSchemeIsImportedAndOneOfAnotherSchemeIsRefused() {
        String pbkdf2 = PasslibVectors.madeHash("pbkdf2_sha256", "IamVengeance1");
        PasswordSchemes withPbkdf2 = PasswordSchemes.of(List.of("bcrypt", "pbkdf2_sha256"), null);
        assertThat(ImportPlan.step(new LegacyUser(40, "selina", pbkdf2), NOTHING, withPbkdf2)
                        .action())
                .isEqualTo(Action.CREATE);
        assertThat(ImportPlan.step(new LegacyUser(40, "selina", pbkdf2), NOTHING, SCHEMES)
                        .refusal())
                .isEqualTo(Refusal.UNUSABLE_HASH);
    }
}
