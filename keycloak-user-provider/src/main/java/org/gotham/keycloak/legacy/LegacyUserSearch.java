package org.gotham.keycloak.legacy;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gotham.keycloak.legacy.store.LegacyStore;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserQuery;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;
import org.gotham.keycloak.legacy.store.LegacyUsernames;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProviderModel;

/**
 * The legacy rows an admin search lists and counts, for one Keycloak session and one federation component: a page
 * at a time, never the whole table, and without the users who are Keycloak users by now. The SQL is in
 * {@link LegacyUserRepository}, the search syntax in {@link LegacyUserQuery}. An unavailable store is an exception
 * ({@link LegacyStoreUnavailableException}), not an empty list: see {@link LegacyUserStorageProvider}.
 */
final class LegacyUserSearch {

    /** Page size when Keycloak asks for an unbounded stream: the table is read page by page, never whole. */
    static final int STREAM_PAGE_SIZE = 500;

    private final KeycloakSession session;
    private final ComponentModel model;
    private final LegacyStore store;

    LegacyUserSearch(KeycloakSession session, ComponentModel model, LegacyStore store) {
        this.session = session;
        this.model = model;
        this.store = store;
    }

    /**
     * The matching rows from position {@code firstResult} (0 if null or negative), at most {@code maxResults} (none
     * if 0; all if null or negative, then read lazily page by page, each page on its own short-lived connection).
     */
    Stream<LegacyUser> page(RealmModel realm, LegacyUserQuery query, Integer firstResult, Integer maxResults) {
        if (query.matchesNothing() || (maxResults != null && maxResults == 0)) {
            return Stream.empty();
        }
        int first = firstResult == null || firstResult < 0 ? 0 : firstResult;
        LegacyUserRepository repository = store.repository();
        if (maxResults != null && maxResults > 0) {
            return repository.search(query, first, maxResults).stream().filter(user -> !migrated(realm, user));
        }
        return IntStream.iterate(0, page -> page + 1)
                .mapToObj(page -> repository.search(query, first + page * STREAM_PAGE_SIZE, STREAM_PAGE_SIZE))
                .takeWhile(rows -> !rows.isEmpty())
                .flatMap(List::stream)
                .filter(user -> !migrated(realm, user));
    }

    int count(LegacyUserQuery query) {
        return store.repository().count(query);
    }

    /**
     * Whether a Keycloak user with this username exists, once users can have moved into Keycloak (lazy migration,
     * or a bulk import done): Keycloak signs them in, so the admin console lists them once, as Keycloak users.
     */
    private boolean migrated(RealmModel realm, LegacyUser user) {
        LegacyStoreConfig config = store.config();
        boolean usersMayHaveMoved =
                config != null && (config.lazyMigration() || new UserStorageProviderModel(model).getLastSync() > 0);
        return usersMayHaveMoved
                && KeycloakLocalUsers.of(session).getUserByUsername(realm, LegacyUsernames.normalize(user.username()))
                        != null;
    }
}
