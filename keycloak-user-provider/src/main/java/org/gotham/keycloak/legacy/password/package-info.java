/**
 * Password schemes: the legacy app's passlib bcrypt, and what Keycloak needs to live with it.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.password.LegacyPasswordHasher} (the only code that touches bcrypt:
 * checks and makes hashes as passlib does, one bounded queue per JVM,
 * {@link org.gotham.keycloak.legacy.password.LegacyPasswordHasher#shared}), the Keycloak providers it backs
 * ({@link org.gotham.keycloak.legacy.password.BcryptPasswordHashProviderFactory}: imported hashes as {@code bcrypt}
 * credentials; {@link org.gotham.keycloak.legacy.password.MaxUtf8BytesPasswordPolicyProviderFactory}: the 72-byte limit
 * as a password policy), {@link org.gotham.keycloak.legacy.password.LegacySignInBusyException}, the answer when no
 * bcrypt slot comes free in time, and {@link org.gotham.keycloak.legacy.password.KeycloakPasswordHash}, a password
 * hashed as Keycloak itself would hash it. Depends on nothing else of this jar.
 */
package org.gotham.keycloak.legacy.password;
