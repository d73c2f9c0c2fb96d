package org.gotham.systemtest.support;

import org.openqa.selenium.By;

/** Keycloak's own login page (theme {@code keycloak.v2}), for any realm and client. */
public final class KeycloakLoginPage {

    private static final By USERNAME = By.id("username");
    private static final By PASSWORD = By.id("password");
    private static final By SIGN_IN = By.id("kc-login");
    /** The message Keycloak shows under the username field after a failed attempt. */
    private static final By ERROR = By.cssSelector("#input-error-username, #input-error");

    private final Browser browser;
    private final String realmUrl;

    /**
     * @param realmUrl the realm's issuer URL, e.g. {@code http://localhost:8080/realms/gotham}
     */
    public KeycloakLoginPage(Browser browser, String realmUrl) {
        this.browser = browser;
        this.realmUrl = realmUrl;
    }

    /** Waits until the browser shows this realm's login form. */
    public KeycloakLoginPage awaitForm() {
        browser.await(
                "the login form of " + realmUrl,
                driver -> driver.getCurrentUrl().startsWith(realmUrl + "/") && browser.shows(USERNAME));
        return this;
    }

    /** Fills in the form and submits it. */
    public void signIn(String username, String password) {
        awaitForm();
        browser.type(USERNAME, username);
        browser.type(PASSWORD, password);
        browser.click(SIGN_IN);
    }

    /** Waits for Keycloak's error message on the login page and returns its text. */
    public String awaitError() {
        return browser.await("Keycloak's error message on the login page", driver -> {
            String text =
                    browser.shows(ERROR) ? driver.findElement(ERROR).getText().strip() : "";
            return text.isEmpty() ? null : text;
        });
    }

    public boolean showsForm() {
        return browser.currentUrl().startsWith(realmUrl + "/") && browser.shows(USERNAME);
    }
}
