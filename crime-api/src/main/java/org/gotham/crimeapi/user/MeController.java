package org.gotham.crimeapi.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /users/me}: who the token says the caller is. */
@RestController
@Tag(name = "users")
class MeController {

    private static final String ROLE_PREFIX = "ROLE_";

    private final RoleHierarchy roleHierarchy;

    MeController(RoleHierarchy roleHierarchy) {
        this.roleHierarchy = roleHierarchy;
    }

    @GetMapping("/users/me")
    @Operation(summary = "The caller's username, subject, client and crime-api roles (any valid token)")
    Me me(@Nullable Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            // only reachable with gotham.security.enabled=false: there is nobody to describe
            throw new ErrorResponseException(
                    HttpStatus.UNAUTHORIZED,
                    ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "No token was presented."),
                    null);
        }
        List<String> roles = this.roleHierarchy.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .distinct()
                .sorted()
                .toList();
        return new Me(jwt.getClaimAsString("preferred_username"), jwt.getSubject(), jwt.getClaimAsString("azp"), roles);
    }
}
