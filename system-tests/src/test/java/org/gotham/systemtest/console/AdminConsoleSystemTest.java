package org.gotham.systemtest.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.gotham.systemtest.support.Browser;
import org.gotham.systemtest.support.BrowserExtension;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakLoginPage;
import org.gotham.systemtest.support.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Keycloak's admin console (a React app) in headless Chromium: the master admin finds legacy users
 * in realm gotham. Elements are found by what the console renders for people (link texts, labels)
 * and by its {@code data-testid}s.
 */
@ExtendWith({KeycloakExtension.class, BrowserExtension.class})
class AdminConsoleSystemTest {

    private static final By USER_SEARCH = By.cssSelector("[data-testid='table-search-input'] input");
    private static final By USERNAME_FIELD = By.cssSelector("input[data-testid='username']");
    private static final By FEDERATION_LINK =
            By.xpath("//*[contains(@class,'form__group')][.//*[normalize-space(text())='Federation link']]//a");

    private final GothamKeycloak keycloak;

    AdminConsoleSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void adminSearchingStarInGothamsUsersSeesLegacyUsersAndOpensOneWithItsFederationLink(Browser browser) {
        browser.open(keycloak.server().baseUrl() + "/admin/master/console/#/gotham/users");
        new KeycloakLoginPage(browser, keycloak.server().issuer("master"))
                .signIn(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);

        browser.type(USER_SEARCH, "*", Keys.ENTER);

        // Keycloak lower-cases usernames: the legacy row is "Barbara.Gordon"
        assertThat(browser.visible(By.linkText("barbara.gordon")).isDisplayed()).isTrue();
        browser.click(By.linkText("batman"));

        browser.await(
                "batman's details",
                driver -> "batman".equals(driver.findElement(USERNAME_FIELD).getDomProperty("value")));
        assertThat(browser.currentUrl()).contains("#/gotham/users/").endsWith("/settings");
        WebElement federationLink = browser.visible(FEDERATION_LINK);
        assertThat(federationLink.getText()).isEqualTo("legacy-users");
        assertThat(federationLink.getDomAttribute("href")).contains("/user-federation/legacy-user-db/");
    }
}
