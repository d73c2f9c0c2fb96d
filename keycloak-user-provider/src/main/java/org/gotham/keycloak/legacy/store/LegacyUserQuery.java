package org.gotham.keycloak.legacy.store;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.UserModel;

/**
 * What an admin search asks of the legacy username column (and of the e-mail and name columns where the table has
 * them: a user matches if any does), translated from Keycloak's search syntax into conditions the repository turns
 * into SQL. Pure logic, no SQL.
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

    /** The columns a condition may compare: the username, and the optional text columns where configured. */
    public enum Field {
        USERNAME,
        EMAIL,
        FIRST_NAME,
        LAST_NAME
    }

    /** Compares {@code value} with each of {@code fields} (those the table has), true if any matches. */
    record Condition(Match match, String value, Set<Field> fields) {

        Condition(Match match, String value) {
            this(match, value, EnumSet.of(Field.USERNAME));
        }

        Condition {
            fields = Set.copyOf(fields);
        }
    }

    /** The user attributes that are a column when the table has it, as Keycloak's own store searches them. */
    private static final Map<String, Field> FIELD_PARAMS = Map.of(
            UserModel.EMAIL, Field.EMAIL, UserModel.FIRST_NAME, Field.FIRST_NAME, UserModel.LAST_NAME, Field.LAST_NAME);

    /** Parameters a legacy row can never satisfy when set: the legacy table has no such data. */
    private static final Set<String> UNSATISFIABLE_PARAMS =
            Set.of(UserModel.IDP_ALIAS, UserModel.IDP_USER_ID, UserModel.CREATED_AFTER, UserModel.CREATED_BEFORE);

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

    /** Translates the admin console's search box (Keycloak's {@code search} parameter), over usernames alone. */
    public static LegacyUserQuery fromSearch(String search) {
        return fromSearch(search, EnumSet.of(Field.USERNAME));
    }

    /**
     * Translates the admin console's search box over {@code searchable}: the username and the optional text columns
     * the table has (a user matches if any of them does, as in Keycloak's own store).
     */
    public static LegacyUserQuery fromSearch(String search, Set<Field> searchable) {
        if (search == null) {
            return ALL;
        }
        String value = search.trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            return new LegacyUserQuery(
                    List.of(new Condition(Match.EXACT, value.substring(1, value.length() - 1), searchable)), false);
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
        return new LegacyUserQuery(List.of(new Condition(Match.LIKE, pattern.toString(), searchable)), false);
    }

    /**
     * Translates the parameter map Keycloak passes to {@code searchForUserStream} and {@code getUsersCount}: the
     * search box ({@link UserModel#SEARCH}), {@link UserModel#USERNAME} (exact with {@link UserModel#EXACT} =
     * {@code true}, else a substring), attribute filters (which no legacy row has) and flags.
     */
    public static LegacyUserQuery fromParams(Map<String, String> params) {
        return fromParams(params, EnumSet.of(Field.USERNAME));
    }

    /**
     * As {@link #fromParams(Map)}, where {@code searchable} also holds the optional text columns the table has:
     * {@link UserModel#EMAIL}, {@link UserModel#FIRST_NAME} and {@link UserModel#LAST_NAME} then compare their column
     * (exact with {@link UserModel#EXACT}, else a substring), and the search box covers them too.
     */
    public static LegacyUserQuery fromParams(Map<String, String> params, Set<Field> searchable) {
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
                LegacyUserQuery search = fromSearch(value, searchable);
                conditions.addAll(search.conditions);
            } else if (UserModel.USERNAME.equals(key) || FIELD_PARAMS.containsKey(key)) {
                Field field = UserModel.USERNAME.equals(key) ? Field.USERNAME : FIELD_PARAMS.get(key);
                if (field != Field.USERNAME && value.isBlank()) {
                    continue; // an empty filter field of the console
                }
                if (!searchable.contains(field)) {
                    return NONE; // the legacy table has no such column
                } else if (exact) {
                    conditions.add(new Condition(Match.EXACT, value, EnumSet.of(field)));
                } else if (!value.isEmpty()) {
                    conditions.add(new Condition(Match.LIKE, "%" + escapeLike(value) + "%", EnumSet.of(field)));
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

    /** What a search may compare in this table: the username, and the e-mail and names where configured. */
    public static Set<Field> searchable(LegacyStoreConfig config) {
        Set<Field> fields = EnumSet.of(Field.USERNAME);
        if (config != null) {
            if (config.has(OptionalColumn.EMAIL)) {
                fields.add(Field.EMAIL);
            }
            if (config.has(OptionalColumn.FIRST_NAME)) {
                fields.add(Field.FIRST_NAME);
            }
            if (config.has(OptionalColumn.LAST_NAME)) {
                fields.add(Field.LAST_NAME);
            }
        }
        return fields;
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
