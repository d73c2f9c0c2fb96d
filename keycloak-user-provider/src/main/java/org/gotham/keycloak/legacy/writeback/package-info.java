/**
 * Write-back for a WRITABLE component: what Keycloak changes for a legacy user (a new user, a new password, a deletion,
 * passlib's rehash at sign-in) written to the legacy table as the old app would have written it.
 *
 * <p>Entry point: {@link org.gotham.keycloak.legacy.writeback.LegacyUserWriter}, one per Keycloak session, which the
 * provider and its password check call only in WRITABLE mode. The writes that must follow Keycloak's own transaction
 * are transactions enlisted there: a deletion only when Keycloak commits, an added row undone when Keycloak rolls back.
 * The SQL stays in the store package.
 */
package org.gotham.keycloak.legacy.writeback;
