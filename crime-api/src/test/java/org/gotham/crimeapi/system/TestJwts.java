package org.gotham.crimeapi.system;

import java.util.List;
import java.util.Map;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;

/**
 * {@code jwt()} request post-processors for slice and integration tests, shaped like Keycloak's access
 * tokens and turned into authorities by the application's own role converter.
 */
public final class TestJwts {

    private TestJwts() {}

    /** A caller whose token carries these client roles of crime-api (none: a valid token, no role). */
    public static JwtRequestPostProcessor withRoles(String... roles) {
        return SecurityMockMvcRequestPostProcessors.jwt()
                .jwt(jwt -> jwt.subject("7d5c0f3e-0000-4000-8000-000000000001")
                        .claim("preferred_username", "batman")
                        .claim("azp", "crime-cli")
                        .claim("resource_access", Map.of("crime-api", Map.of("roles", List.of(roles)))))
                .authorities(new KeycloakRolesConverter("crime-api"));
    }
}
