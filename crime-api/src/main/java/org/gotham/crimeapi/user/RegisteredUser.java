package org.gotham.crimeapi.user;

/**
 * The answer to {@code POST /users/register}: who was created, never a password or hash.
 *
 * @param id Keycloak's user id (for a user kept in the legacy table, {@code f:<component>:<row id>})
 * @param username the username as Keycloak keeps it (Keycloak lower-cases usernames)
 */
public record RegisteredUser(String id, String username) {}
