package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.store.LegacyUserQuery.Condition;
import org.gotham.keycloak.legacy.store.LegacyUserQuery.Field;
import org.gotham.keycloak.legacy.store.LegacyUserQuery.Match;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.UserModel;

class LegacyUserQueryTest {

    private static List<Condition> conditions(String search) {
        return LegacyUserQuery.fromSearch(search).conditions();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "*", "  *  ", "**", "***", " "})
    void emptyOrStarListsEveryone(String search) {
        assertThat(LegacyUserQuery.fromSearch(search)).isEqualTo(LegacyUserQuery.all());
        assertThat(LegacyUserQuery.fromSearch(search).matchesAll()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> LIKE {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "bat        | bat%",
                "bat*       | bat%",
                "*atm*      | %atm%",
                "*man       | %man%",
                "b*n        | b%n%",
                "BAT        | BAT%",
                "`  bat  `  | bat%",
                "ba%_!      | ba!%!_!!%",
                "ba\\       | ba\\%",
                "per%       | per!%%",
                "per%*      | per!%%",
                "`ba\"t`    | ba\"t%",
                "`\"bat`    | \"bat%",
                "`bat\"`    | bat\"%",
                "`\"`       | \"%",
                "`' OR '1'='1` | ' OR '1'='1%",
                "`a; DROP TABLE users; --` | a; DROP TABLE users; --%",
                "bat man    | bat man%",
            })
    void searchBoxBecomesAnEscapedLikePattern(String search, String pattern) {
        assertThat(conditions(search)).containsExactly(new Condition(Match.LIKE, pattern));
    }

    @Test
    void quotedSearchIsExact() {
        assertThat(conditions("\"batman\"")).containsExactly(new Condition(Match.EXACT, "batman"));
        assertThat(conditions("  \"Barbara.Gordon\" ")).containsExactly(new Condition(Match.EXACT, "Barbara.Gordon"));
        assertThat(conditions("\"ba%_*\""))
                .as("no wildcards inside quotes")
                .containsExactly(new Condition(Match.EXACT, "ba%_*"));
        assertThat(conditions("\"\"")).containsExactly(new Condition(Match.EXACT, ""));
        assertThat(conditions("\"a\"b\"")).containsExactly(new Condition(Match.EXACT, "a\"b"));
    }

    @Test
    void tenKilobyteSearchStaysOneCondition() {
        String tenKb = "ab%_".repeat(2560);
        List<Condition> translated = conditions(tenKb);
        assertThat(translated).hasSize(1);
        assertThat(translated.get(0).value()).hasSize(10 * 1024 + 2 * 2560 + 1).endsWith("!_%");
        assertThat(conditions("\"" + tenKb + "\"")).containsExactly(new Condition(Match.EXACT, tenKb));
    }

    @Test
    void escapeLikeMakesWildcardsLiteral() {
        assertThat(LegacyUserQuery.escapeLike("a%b_c!d*e\\f")).isEqualTo("a!%b!_c!!d*e\\f");
        assertThat(LegacyUserQuery.escapeLike("")).isEmpty();
    }

    @Test
    void usernameParameterIsASubstringOrExactWithExactTrue() {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.USERNAME, "Bat%");
        assertThat(LegacyUserQuery.fromParams(params).conditions())
                .containsExactly(new Condition(Match.LIKE, "%Bat!%%"));
        params.put(UserModel.EXACT, "false");
        assertThat(LegacyUserQuery.fromParams(params).conditions())
                .containsExactly(new Condition(Match.LIKE, "%Bat!%%"));
        params.put(UserModel.EXACT, "true");
        assertThat(LegacyUserQuery.fromParams(params).conditions()).containsExactly(new Condition(Match.EXACT, "Bat%"));
    }

    @Test
    void searchParameterUsesTheSearchBoxSyntax() {
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.SEARCH, "*atm*")))
                .isEqualTo(LegacyUserQuery.fromSearch("*atm*"));
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.SEARCH, "*"))).isEqualTo(LegacyUserQuery.all());
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.SEARCH, "\"robin\"", UserModel.USERNAME, "rob"))
                        .conditions())
                .containsExactlyInAnyOrder(new Condition(Match.EXACT, "robin"), new Condition(Match.LIKE, "%rob%"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                UserModel.EMAIL,
                UserModel.FIRST_NAME,
                UserModel.LAST_NAME,
                UserModel.IDP_ALIAS,
                UserModel.IDP_USER_ID,
                UserModel.CREATED_AFTER,
                UserModel.CREATED_BEFORE,
                "department",
                "legacy_id"
            })
    void filtersNoLegacyRowCanSatisfyMatchNobody(String key) {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.SEARCH, "*");
        params.put(key, "bruce@wayne.example");
        assertThat(LegacyUserQuery.fromParams(params).matchesNothing()).isTrue();
        params.put(key, " ");
        assertThat(LegacyUserQuery.fromParams(params).matchesNothing())
                .isEqualTo(!key.equals(UserModel.EMAIL)
                        && !key.equals(UserModel.FIRST_NAME)
                        && !key.equals(UserModel.LAST_NAME)
                        && !key.equals(UserModel.IDP_ALIAS)
                        && !key.equals(UserModel.IDP_USER_ID)
                        && !key.equals(UserModel.CREATED_AFTER)
                        && !key.equals(UserModel.CREATED_BEFORE));
    }

    @Test
    void flagsAndEmptyParametersDoNotNarrowTheSearch() {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        params.put(UserModel.ENABLED, "true");
        params.put(UserModel.EMAIL_VERIFIED, "false");
        params.put(UserModel.EXACT, "false");
        params.put(UserModel.USERNAME, "");
        params.put(UserModel.EMAIL, null);
        params.put("keycloak.session.realm.users.query.something_new", "x");
        assertThat(LegacyUserQuery.fromParams(params)).isEqualTo(LegacyUserQuery.all());
        assertThat(LegacyUserQuery.fromParams(null)).isEqualTo(LegacyUserQuery.all());
        assertThat(LegacyUserQuery.fromParams(Map.of())).isEqualTo(LegacyUserQuery.all());
    }

    @Test
    void noneMatchesNothingAndAllMatchesAll() {
        assertThat(LegacyUserQuery.none().matchesNothing()).isTrue();
        assertThat(LegacyUserQuery.none().matchesAll()).isFalse();
        assertThat(LegacyUserQuery.all().matchesAll()).isTrue();
        assertThat(LegacyUserQuery.exactly("x").matchesAll()).isFalse();
    }

    @Test
    void theSearchBoxAlsoComparesTheEmailAndNameColumnsTheTableHas() {
        Set<Field> searchable = EnumSet.of(Field.USERNAME, Field.EMAIL, Field.LAST_NAME);
        assertThat(LegacyUserQuery.fromSearch("bruce@", searchable).conditions())
                .containsExactly(new Condition(Match.LIKE, "bruce@%", searchable));
        assertThat(LegacyUserQuery.fromSearch("\"bruce@wayne.example\"", searchable)
                        .conditions())
                .containsExactly(new Condition(Match.EXACT, "bruce@wayne.example", searchable));
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.SEARCH, "*wayne*"), searchable)
                        .conditions())
                .containsExactly(new Condition(Match.LIKE, "%wayne%", searchable));
    }

    @Test
    void emailAndNameFiltersCompareTheirColumnWhereTheTableHasIt() {
        Set<Field> searchable = EnumSet.of(Field.USERNAME, Field.EMAIL, Field.FIRST_NAME);
        assertThat(LegacyUserQuery.fromParams(
                                Map.of(UserModel.EMAIL, "Bruce@Wayne.example", UserModel.EXACT, "true"), searchable)
                        .conditions())
                .containsExactly(new Condition(Match.EXACT, "Bruce@Wayne.example", EnumSet.of(Field.EMAIL)));
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.FIRST_NAME, "br_ce"), searchable)
                        .conditions())
                .containsExactly(new Condition(Match.LIKE, "%br!_ce%", EnumSet.of(Field.FIRST_NAME)));
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.LAST_NAME, "Wayne"), searchable)
                        .matchesNothing())
                .as("no last name column")
                .isTrue();
        assertThat(LegacyUserQuery.fromParams(Map.of(UserModel.EMAIL, " ", UserModel.EXACT, "true"), searchable))
                .as("an empty field narrows nothing")
                .isEqualTo(LegacyUserQuery.all());
    }

    @Test
    void whatASearchMayCompareFollowsTheConfiguredColumns() {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:/tmp/none.db"));
        assertThat(LegacyUserQuery.searchable(LegacyStoreConfig.from(raw))).containsExactly(Field.USERNAME);
        raw.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("email"));
        raw.put(LegacyStoreConfig.FIRST_NAME_COLUMN, List.of("first_name"));
        raw.put(LegacyStoreConfig.ENABLED_COLUMN, List.of("active"));
        assertThat(LegacyUserQuery.searchable(LegacyStoreConfig.from(raw)))
                .containsExactly(Field.USERNAME, Field.EMAIL, Field.FIRST_NAME);
        assertThat(LegacyUserQuery.searchable(null)).containsExactly(Field.USERNAME);
    }
}
