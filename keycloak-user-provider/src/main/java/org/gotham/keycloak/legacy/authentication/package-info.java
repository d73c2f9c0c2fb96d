/**
 * The realm's sign-in steps: Keycloak's own username and password form and direct-grant username step, each with what
 * matters under attack added, which the realm's "gotham browser" and "gotham direct grant" flows use in place of
 * Keycloak's.
 *
 * <p>Entry points (registered as authenticators): {@link
 * org.gotham.keycloak.legacy.authentication.LegacyUsernamePasswordFormFactory} and {@link
 * org.gotham.keycloak.legacy.authentication.LegacyValidateUsername}. Both make a locked-out account cost what a wrong
 * password costs ({@code LockedAccountPadding}, with the bcrypt queue of the password package); the form also shows a
 * sign-in refused as busy again, with status 429, instead of counting it as a failure.
 */
package org.gotham.keycloak.legacy.authentication;
