package org.gotham.crimeapi.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring's bearer-token 401 and 403 (status and {@code WWW-Authenticate} with {@code invalid_token} or
 * {@code insufficient_scope}), plus a problem body.
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

    private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

    private final ProblemWriter problems;

    ProblemSecurityHandlers(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        this.bearerEntryPoint.commence(request, response, authException);
        String detail = "A bearer token issued by Keycloak is required.";
        if (authException instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null) {
            detail = oauth.getError().getDescription();
        }
        this.problems.write(request, response, response.getStatus(), detail);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        this.bearerAccessDenied.handle(request, response, accessDeniedException);
        this.problems.write(
                request, response, response.getStatus(), "The token's crime-api roles do not allow this request.");
    }
}
