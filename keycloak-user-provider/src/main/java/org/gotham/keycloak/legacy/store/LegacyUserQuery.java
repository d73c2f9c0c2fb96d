package org.gotham.keycloak.legacy.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.UserModel;

/**
 * What an admin search asks of the legacy username column, translated from Keycloak's search syntax into conditions
 * the repository turns into SQL. Pure logic, no SQL.
 *
 * <p>The search box syntax, as Keycloak documents it for its own users, all ignoring case:
 * <ul>
 *   <li>{@code *} or nothing: every user;</li>
 *   <li>{@code name} and {@code name*}: usernames starting with {@code name};</li>
 *   <li>{@code *part*}: usernames containing {@code part} ({@code *} is a wildcard anywhere);</li>
 *   <li>{@code "name"}: exactly {@code name}.</li>
 * </ul>
 * Unlike Keycloak's own store, the string is not split at spaces into several terms ANDed together: legacy
 * usernames may contain spaces, and with a single column that split could only lose matches.
 *
 * <p>{@code %}, {@code _} and the escape character in user input match literally: LIKE patterns here use
 * {@value #LIKE_ESCAPE} as the escape character, the one spelling of {@code ESCAPE} that SQLite, PostgreSQL and
 * MariaDB all read the same way (a backslash is an escape inside MariaDB string literals but not in PostgreSQL's).
 */
public final class LegacyUserQuery {

    static final char LIKE_ESCAPE = '!';

    /** How a condition compares the username column with its value, both lower-cased by the database. */
    enum Match {
        /** {@code lower(username) = lower(value)} */
        EXACT,
        /** {@code lower(username) LIKE lower(value) ESCAPE '!'}: the value is an escaped pattern */
        LIKE
    }

    record Condition(Match match, String value) {}

    /** Parameters a legacy row can never satisfy when set: the legacy table has no such data. */
    private static final Set<String> UNSATISFIABLE_PARAMS = Set.of(
            UserModel.EMAIL,
            UserModel.FIRST_NAME,
            UserModel.LAST_NAME,
            UserModel.IDP_ALIAS,
            UserModel.IDP_USER_ID,
            UserModel.CREATED_AFTER,
            UserModel.CREATED_BEFORE);

    /** Flags that do not narrow a search of legacy users. */
    private static final Set<String> IGNORED_PARAMS = Set.of(
            UserModel.EXACT,
            UserModel.INCLUDE_SERVICE_ACCOUNT,
            UserModel.ENABLED,
            UserModel.EMAIL_VERIFIED,
            UserModel.GROUPS);

    private static final LegacyUserQuery ALL = new LegacyUserQuery(List.of(), false);
    private static final LegacyUserQuery NONE = new LegacyUserQuery(List.of(), true);

    private final List<Condition> conditions;
    private final boolean matchesNothing;

    private LegacyUserQuery(List<Condition> conditions, boolean matchesNothing) {
        this.conditions = List.copyOf(conditions);
        this.matchesNothing = matchesNothing;
    }

    /** Every user with a username. */
    public static LegacyUserQuery all() {
        return ALL;
    }

    /** No user at all: the repository is not even asked. */
    static LegacyUserQuery none() {
        return NONE;
    }

    /** Exactly this username, ignoring case. */
    static LegacyUserQuery exactly(String username) {
        return new LegacyUserQuery(List.of(new Condition(Match.EXACT, username)), false);
    }

    /** Translates the admin console's search box (Keycloak's {@code search} parameter). */
    public static LegacyUserQuery fromSearch(String search) {
        if (search == null) {
            return ALL;
        }
        String value = search.trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            return exactly(value.substring(1, value.length() - 1));
        }
        StringBuilder pattern = new StringBuilder(value.length() + 8);
        boolean literals = false;
        boolean endsWithWildcard = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            endsWithWildcard = c == '*';
            if (endsWithWildcard) {
                pattern.append('%');
            } else {
                appendLiteral(pattern, c);
                literals = true;
            }
        }
        if (!literals) {
            return ALL; // "", "*", "**": wildcards only match every username
        }
        if (!endsWithWildcard) {
            pattern.append('%'); // a plain name is a prefix search
        }
        return new LegacyUserQuery(List.of(new Condition(Match.LIKE, pattern.toString())), false);
    }

    /**
     * Translates the parameter map Keycloak passes to {@code searchForUserStream} and {@code getUsersCount}: the
     * search box ({@link UserModel#SEARCH}), {@link UserModel#USERNAME} (exact with {@link UserModel#EXACT} =
     * {@code true}, else a substring), attribute filters (which no legacy row has) and flags.
     */
    public static LegacyUserQuery fromParams(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return ALL;
        }
        boolean exact = Boolean.parseBoolean(params.get(UserModel.EXACT));
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, String> entry : params.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key == null || value == null || IGNORED_PARAMS.contains(key)) {
                continue;
            }
            if (UserModel.SEARCH.equals(key)) {
                LegacyUserQuery search = fromSearch(value);
                conditions.addAll(search.conditions);
            } else if (UserModel.USERNAME.equals(key)) {
                if (exact) {
                    conditions.add(new Condition(Match.EXACT, value));
                } else if (!value.isEmpty()) {
                    conditions.add(new Condition(Match.LIKE, "%" + escapeLike(value) + "%"));
                }
            } else if (UNSATISFIABLE_PARAMS.contains(key)) {
                if (!value.isBlank()) {
                    return NONE;
                }
            } else if (!key.startsWith("keycloak.session.")) {
                return NONE; // a custom attribute: legacy rows have none
            }
        }
        return conditions.isEmpty() ? ALL : new LegacyUserQuery(conditions, false);
    }

    /** Escapes LIKE's wildcards and the escape character itself so that the input matches literally. */
    static String escapeLike(String input) {
        StringBuilder escaped = new StringBuilder(input.length() + 8);
        for (int i = 0; i < input.length(); i++) {
            appendLiteral(escaped, input.charAt(i));
        }
        return escaped.toString();
    }

    private static void appendLiteral(StringBuilder pattern, char c) {
        if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
            pattern.append(LIKE_ESCAPE);
        }
        pattern.append(c);
    }

    List<Condition> conditions() {
        return conditions;
    }

    public boolean matchesNothing() {
        return matchesNothing;
    }

    boolean matchesAll() {
        return !matchesNothing && conditions.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyUserQuery other
                && matchesNothing == other.matchesNothing
                && conditions.equals(other.conditions);
    }

    @Override
    public int hashCode() {
        return conditions.hashCode() * 31 + (matchesNothing ? 1 : 0);
    }

    @Override
    public String toString() {
        return matchesNothing ? "LegacyUserQuery[none]" : "LegacyUserQuery" + conditions;
    }
}
