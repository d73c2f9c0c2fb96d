/**
 * Password schemes: the legacy app's passlib hashes, and what Keycloak needs to live with them.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.password.LegacyPasswordHasher} (the only code that checks and
 * makes hashes, as passlib 1.7.4 does, one bounded queue per JVM,
 * {@link org.gotham.keycloak.legacy.password.LegacyPasswordHasher#shared}),
 * {@link org.gotham.keycloak.legacy.password.PasswordSchemes} (a component's accepted and written schemes, as a
 * passlib CryptContext) over {@link org.gotham.keycloak.legacy.password.PasslibHash} (the formats, one class per
 * family), {@link org.gotham.keycloak.legacy.password.ImportedCredentials} (a passlib hash as the Keycloak credential
 * the import stores), the Keycloak providers the hasher backs
 * ({@link org.gotham.keycloak.legacy.password.BcryptPasswordHashProviderFactory}: imported bcrypt hashes as
 * {@code bcrypt} credentials; {@link org.gotham.keycloak.legacy.password.PasslibPasswordHashProviderFactory}: the
 * imported hashes Keycloak cannot check itself; {@link
 * org.gotham.keycloak.legacy.password.MaxUtf8BytesPasswordPolicyProviderFactory}: the 72-byte limit as a password
 * policy), {@link org.gotham.keycloak.legacy.password.LegacySignInBusyException}, the answer when no slot comes free
 * in time, and {@link org.gotham.keycloak.legacy.password.KeycloakPasswordHash}, a password hashed as Keycloak itself
 * would hash it. Depends on nothing else of this jar.
 */
package org.gotham.keycloak.legacy.password;
