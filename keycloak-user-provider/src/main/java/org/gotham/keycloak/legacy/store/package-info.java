/**
 * The legacy users table, and the only code that speaks JDBC: the typed component configuration, connections and
 * pools, and every SQL statement.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.store.LegacyStore} (one per federation component: its config,
 * pool and repository; {@link org.gotham.keycloak.legacy.store.LegacyStore#validate} checks a configuration before it
 * is saved), {@link org.gotham.keycloak.legacy.store.LegacyStoreConfig} (the settings, their keys and defaults) and
 * {@link org.gotham.keycloak.legacy.store.LegacyUserRepository} (the gateway: lookups, admin search, the import's pages
 * and aggregates, write-back). What they trade in: {@link org.gotham.keycloak.legacy.store.LegacyUser} (a row), {@link
 * org.gotham.keycloak.legacy.store.LegacyUserQuery} (an admin search, without SQL), {@link
 * org.gotham.keycloak.legacy.store.LegacyUsernames} (what may be written as a legacy username) and {@link
 * org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException} (the database could not answer). Drivers, pools and
 * the circuit breaker stay inside.
 */
package org.gotham.keycloak.legacy.store;
