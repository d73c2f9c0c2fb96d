package org.gotham.systemtest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gotham.systemtest.support.Browser;
import org.gotham.systemtest.support.BrowserExtension;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakLoginPage;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserSessionRepresentation;
import org.openqa.selenium.By;

/**
 * The web page crime-api serves at {@code /}, in headless Chromium: sign-in on Keycloak's login page
 * (authorization code + PKCE, client crime-web) with a legacy user's old password, and sign-out.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class, BrowserExtension.class})
class BrowserSignInSystemTest {

    private static final String REALM = "gotham";
    private static final By SIGN_IN = By.id("sign-in");
    private static final By SIGN_OUT = By.id("sign-out");
    private static final By SIGNED_IN_AS = By.id("signed-in-as");
    private static final By USER_NAME = By.id("user-name");
    private static final By USER_ROLES = By.id("user-roles");

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;

    BrowserSignInSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @Test
    void legacyUserSignsInWithTheOldPasswordAndSeesTheCrimesTheirNameAndRoles(Browser browser) {
        LegacyCrimes crimes = new LegacyCrimes(crimeApi.database());
        long id = crimes.insert("Browser test heist", "Gotham Botanical Gardens", "2024-04-01 23:59:59.500000");
        try {
            LegacyUser batman = LegacyUser.named("batman");
            signIn(browser, batman);

            assertThat(browser.visible(USER_NAME).getText()).isEqualTo("batman");
            assertThat(roles(browser)).contains("editor", "reader").doesNotContain("admin");
            By row = By.cssSelector("#crimes tbody tr[data-id='" + id + "']");
            assertThat(browser.visible(row).getText())
                    .contains("Browser test heist", "Gotham Botanical Gardens", "2024-04-01 23:59:59.5");
            assertThat(browser.currentUrl())
                    .as("the code is not left in the address")
                    .isEqualTo(crimeApi.baseUrl() + "/");
        } finally {
            crimes.delete(id);
        }
    }

    @Test
    void thePageOpenedUnderAnotherAddressMovesToItsRegisteredOneAndSignsIn(Browser browser) {
        String registered = crimeApi.baseUrl() + "/";
        String elsewhere = registered.replace("://localhost:", "://127.0.0.1:");
        assertThat(elsewhere).isNotEqualTo(registered);

        browser.open(elsewhere);
        browser.await(
                "the page to move to " + registered,
                driver -> driver.getCurrentUrl().equals(registered) && browser.shows(SIGN_IN));
        LegacyUser alfred = LegacyUser.named("alfred");
        browser.click(SIGN_IN);
        new KeycloakLoginPage(browser, keycloak.server().issuer(REALM)).signIn(alfred.username(), alfred.password());
        browser.await(
                "the page to show alfred signed in",
                driver -> driver.getCurrentUrl().startsWith(crimeApi.baseUrl()) && browser.shows(SIGNED_IN_AS));
        assertThat(browser.visible(USER_NAME).getText()).isEqualTo("alfred");
    }

    @Test
    void wrongPasswordShowsKeycloaksErrorOnItsLoginPage(Browser browser) {
        LegacyUser gordon = LegacyUser.named("gordon");
        try {
            browser.open(crimeApi.baseUrl() + "/");
            browser.click(SIGN_IN);
            KeycloakLoginPage login =
                    new KeycloakLoginPage(browser, keycloak.server().issuer(REALM));
            login.signIn(gordon.username(), gordon.password() + "-wrong");

            assertThat(login.awaitError()).isEqualTo("Invalid username or password.");
            assertThat(login.showsForm()).as("still on Keycloak's login page").isTrue();
        } finally {
            // the failure counts towards brute-force detection: leave gordon as other tests expect him
            try (Keycloak admin = keycloak.server().admin()) {
                RealmResource realm = admin.realm(REALM);
                realm.attackDetection().clearBruteForceForUser(userId(realm, gordon));
            }
        }
    }

    @Test
    void signingOutEndsTheKeycloakSessionSoSigningInAgainAsksForThePassword(Browser browser) {
        LegacyUser robin = LegacyUser.named("robin");
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource realm = admin.realm(REALM);
            String userId = userId(realm, robin);
            Set<String> before = sessionIds(realm, userId);

            signIn(browser, robin);
            Set<String> browserSessions = sessionIds(realm, userId);
            browserSessions.removeAll(before);
            assertThat(browserSessions).as("the browser's new Keycloak session").hasSize(1);

            browser.click(SIGN_OUT);
            browser.await(
                    "the page to show it is signed out after Keycloak's logout",
                    driver -> driver.getCurrentUrl().equals(crimeApi.baseUrl() + "/") && browser.shows(SIGN_IN));
            assertThat(browser.shows(SIGNED_IN_AS)).isFalse();
            assertThat(sessionIds(realm, userId))
                    .as("Keycloak's sessions of robin")
                    .doesNotContainAnyElementsOf(browserSessions);

            browser.click(SIGN_IN);
            assertThat(new KeycloakLoginPage(browser, keycloak.server().issuer(REALM))
                            .awaitForm()
                            .showsForm())
                    .isTrue();
        }
    }

    private void signIn(Browser browser, LegacyUser user) {
        browser.open(crimeApi.baseUrl() + "/");
        browser.click(SIGN_IN);
        new KeycloakLoginPage(browser, keycloak.server().issuer(REALM)).signIn(user.username(), user.password());
        browser.await(
                "the page to show " + user + " signed in",
                driver -> driver.getCurrentUrl().startsWith(crimeApi.baseUrl()) && browser.shows(SIGNED_IN_AS));
    }

    private static List<String> roles(Browser browser) {
        return List.of(browser.visible(USER_ROLES).getText().split(",\\s*"));
    }

    private static String userId(RealmResource realm, LegacyUser user) {
        return realm.users().searchByUsername(user.username(), true).get(0).getId();
    }

    private static Set<String> sessionIds(RealmResource realm, String userId) {
        return realm.users().get(userId).getUserSessions().stream()
                .map(UserSessionRepresentation::getId)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
