package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class KeycloakRolesConverterTest {

    private final KeycloakRolesConverter converter = new KeycloakRolesConverter("crime-api");

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("s");
        claims.forEach(builder::claim);
        return builder.build();
    }

    private List<String> authorities(Jwt jwt) {
        return this.converter.convert(jwt).stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }

    @Test
    void clientRolesOfCrimeApiBecomeRoleAuthorities() {
        Jwt jwt = token(Map.of(
                "resource_access",
                Map.of(
                        "crime-api",
                        Map.of("roles", List.of("reader", "editor")),
                        "account",
                        Map.of("roles", List.of("manage-account")))));

        assertThat(authorities(jwt)).containsExactly("ROLE_reader", "ROLE_editor");
    }

    @Test
    void realmRolesAndScopesGrantNothing() {
        Jwt jwt = token(Map.of("realm_access", Map.of("roles", List.of("admin")), "scope", "openid admin"));

        assertThat(authorities(jwt)).isEmpty();
    }

    @Test
    void malformedRoleClaimsGrantNothing() {
        assertThat(authorities(token(Map.of("resource_access", "crime-api")))).isEmpty();
        assertThat(authorities(token(Map.of("resource_access", Map.of("crime-api", List.of("admin"))))))
                .isEmpty();
        assertThat(authorities(token(Map.of("resource_access", Map.of("crime-api", Map.of("roles", "admin"))))))
                .isEmpty();
        assertThat(authorities(token(Map.of(
                        "resource_access", Map.of("crime-api", Map.of("roles", List.of(" ", 7, "reader")))))))
                .containsExactly("ROLE_reader");
    }
}
