package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gotham.systemtest.support.Browser;
import org.gotham.systemtest.support.BrowserExtension;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakLoginPage;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.PrivatePostgres;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;

/**
 * What a person sees on Keycloak's login page while the legacy database is down: the same
 * message as for a wrong password, nothing of the failure behind it; and a sign-in in the same browser once the
 * database is back (after the provider has recovered, which the API tests hold to 5 s: a form cannot be retried
 * without a person's help).
 */
@ExtendWith({KeycloakExtension.class, BrowserExtension.class})
class LegacyDatabaseOutageLoginPageSystemTest {

    private static final String REALM = "faults-outage-login-page";

    private final GothamKeycloak keycloak;

    LegacyDatabaseOutageLoginPageSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void loginPageShowsKeycloaksNormalErrorAndNoStackTraceWhileTheLegacyDatabaseIsDown(Browser browser) {
        KeycloakRuntime.assumeProcess("takes a legacy database away under Keycloak, and in a container Keycloak"
                + " reaches it through Testcontainers' port forwarding, which fails differently");
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            LegacyDatabase database = LegacyDatabase.on(
                    Vendor.POSTGRESQL, postgres.createDatabase("login_page"), "postgres", "", LegacyUser.all());
            LegacyRealm realm = keycloak.createRealm(REALM, database, r -> {});
            try {
                LegacyUser gordon = LegacyUser.named("gordon");
                KeycloakLoginPage login = new KeycloakLoginPage(browser, realm.issuer());
                browser.open(realm.issuer() + "/account");

                postgres.stopServer();
                login.signIn(gordon.username(), gordon.password());

                assertThat(login.awaitError()).isEqualTo("Invalid username or password.");
                assertThat(login.showsForm())
                        .as("still on Keycloak's login page")
                        .isTrue();
                String page = browser.await("the page source", WebDriver::getPageSource);
                assertThat(page)
                        .doesNotContainIgnoringCase("exception")
                        .doesNotContainIgnoringCase("stack")
                        .doesNotContainIgnoringCase("sql")
                        .doesNotContainIgnoringCase("jdbc")
                        .doesNotContainIgnoringCase("postgres")
                        .doesNotContainIgnoringCase("legacy")
                        .doesNotContain("at org.");

                postgres.startServer();
                RealmFixtures.awaitFederatedSignIns(realm, Duration.ofSeconds(5));
                login.signIn(gordon.username(), gordon.password());

                browser.await(
                        "the account console after gordon's sign-in",
                        driver -> driver.getCurrentUrl().startsWith(realm.issuer() + "/account") && !login.showsForm());
            } finally {
                postgres.ensureRunning();
                keycloak.removeRealm(REALM);
            }
        }
    }
}
