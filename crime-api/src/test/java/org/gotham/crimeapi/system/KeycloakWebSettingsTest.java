package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeycloakWebSettingsTest {

    @Test
    void keycloakUrlAndRealmComeFromTheIssuerUnlessConfigured() {
        KeycloakWebSettings derived = KeycloakWebSettings.from(
                new GothamProperties.Web(null, null, "crime-web", null), "http://kc.test:8080/realms/gotham/");

        assertThat(derived).isEqualTo(new KeycloakWebSettings("http://kc.test:8080", "gotham", "crime-web", null));
        assertThat(derived.authorizationUrl())
                .isEqualTo("http://kc.test:8080/realms/gotham/protocol/openid-connect/auth");
    }

    @Test
    void thePagesPublicUrlIsGivenWithoutATrailingSlashAndABlankOneIsNone() {
        assertThat(KeycloakWebSettings.from(
                                new GothamProperties.Web(null, null, "crime-web", " http://localhost:8081/ "),
                                "http://kc.test/realms/gotham")
                        .pageUrl())
                .isEqualTo("http://localhost:8081");
        assertThat(KeycloakWebSettings.from(
                                new GothamProperties.Web(null, null, "crime-web", "  "), "http://kc.test/realms/gotham")
                        .pageUrl())
                .isNull();
    }
}
