package org.gotham.crimeapi.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The old app's {@code /users/register} and {@code /users/login}, for clients that still call them,
 * now done by Keycloak (public: they are how a caller gets a token).
 */
@RestController
@Tag(name = "users")
class LegacyUserController {

    private final KeycloakAccounts keycloak;

    LegacyUserController(KeycloakAccounts keycloak) {
        this.keycloak = keycloak;
    }

    @PostMapping(path = "/users/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirements
    @Operation(
            summary = "Create a user in Keycloak (public; the old app's route)",
            description = "201 with the user's Keycloak id and username; 409 if the username is taken; 400 for an"
                    + " empty, whitespace-only or control-character username, a password over 72 bytes, or one"
                    + " the realm's password policy refuses (Keycloak's message); 503 while Keycloak is down.")
    ResponseEntity<RegisteredUser> register(@Valid @RequestBody Registration registration) {
        RegisteredUser user = this.keycloak.register(
                Objects.requireNonNull(registration.username()), Objects.requireNonNull(registration.password()));
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/users/{id}")
                .buildAndExpand(user.id())
                .encode()
                .toUri();
        return ResponseEntity.created(location).body(user);
    }

    @PostMapping(path = "/users/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirements
    @Operation(
            summary = "Sign in with username and password (public; the old app's route)",
            description = "Keycloak's password grant for the crime-cli client: 200 with access_token, token_type,"
                    + " expires_in and refresh_token; 401 for any refused sign-in; 503 while Keycloak is down.")
    LoginTokens login(@Valid @RequestBody Login login) {
        return this.keycloak.login(Objects.requireNonNull(login.username()), Objects.requireNonNull(login.password()));
    }
}
