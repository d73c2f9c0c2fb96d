package org.gotham.crimeapi.system;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /web-config}: where the web page signs in (no token needed). */
@RestController
@Tag(name = "web")
class WebConfigController {

    private final KeycloakWebSettings settings;

    WebConfigController(KeycloakWebSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/web-config")
    @Operation(summary = "Keycloak URL, realm and public client for the web page's PKCE sign-in (public)")
    KeycloakWebSettings webConfig() {
        return this.settings;
    }
}
