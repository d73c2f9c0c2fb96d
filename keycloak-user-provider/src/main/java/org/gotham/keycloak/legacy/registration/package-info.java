/**
 * Registering new users, on the two paths a person or a service takes.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.registration.RegistrationUsernameLockFactory}, a step of the
 * realm's registration form that lets one registration of a username through at a time (so a second one gets the form's
 * "Username already exists", not an error page), and
 * {@link org.gotham.keycloak.legacy.registration.LegacyRegistrationResourceProviderFactory},
 * {@code POST /realms/{realm}/legacy-registration/users}: a registration for the old app's route, for a service whose
 * client holds the role
 * {@value org.gotham.keycloak.legacy.registration.LegacyRegistrationResourceProviderFactory#REGISTER_USERS_ROLE}
 * ({@code RegistrarAuthorization}), which needs no admin role. Either way Keycloak creates the user (the form's own
 * steps, or the resource through the realm's user profile and password policy), so a WRITABLE legacy store receives
 * them as any new user.
 */
package org.gotham.keycloak.legacy.registration;
