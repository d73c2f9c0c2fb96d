package org.gotham.crimeapi.user;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The caller as the token says.
 *
 * @param username {@code preferred_username}
 * @param subject {@code sub}, Keycloak's user id
 * @param client {@code azp}, the client the token was issued to
 * @param roles the effective roles for crime-api (the hierarchy admin > editor > reader applied)
 */
record Me(
        @Nullable String username,
        @Nullable String subject,
        @Nullable String client,
        List<String> roles) {}
