/**
 * The legacy users table as a Keycloak user federation provider ({@code legacy-user-db}): the user storage SPI's entry
 * points, and what one Keycloak session uses to answer them.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory} (registered with Keycloak; owns
 * each component's store, the bcrypt hasher and the imports, and validates a configuration) and {@link
 * org.gotham.keycloak.legacy.LegacyUserStorageProvider} (one per session and component, coordinating only). The
 * provider hands each concern to a class of its own here: the sign-in lookup ({@code LegacyUserLookup}), the password
 * check and change ({@code LegacyPasswordCredentials}), the admin search ({@code LegacyUserSearch}), the user Keycloak
 * sees ({@link org.gotham.keycloak.legacy.LegacyUserAdapter}) with its granted roles ({@link
 * org.gotham.keycloak.legacy.LegacyGrantedRoles}) and user profile ({@code LegacyUserProfile}), the sessions that end
 * when the old app changes a password ({@link org.gotham.keycloak.legacy.LegacyPasswordChanges}), a new user refused
 * during an outage ({@link org.gotham.keycloak.legacy.LegacyStoreUnavailableAnswer}), and Keycloak's own user store
 * ({@link org.gotham.keycloak.legacy.KeycloakLocalUsers}).
 *
 * <p>Why these and no more: they are what Keycloak calls through the SPI, and they live as long as a session; what
 * outlives it or stands on its own has a package of its own, as in Keycloak's LDAP federation: the table and every SQL
 * statement in {@code store}, bcrypt and Keycloak's password providers in {@code password}, WRITABLE mode's writes in
 * {@code writeback}, lazy migration and the bulk import in {@code migration}, the realm's sign-in steps in {@code
 * authentication}, and registration in {@code registration}. Nothing here speaks JDBC.
 */
package org.gotham.keycloak.legacy;
