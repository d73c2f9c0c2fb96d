package org.gotham.crimeapi.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.gotham.crimeapi.support.MutableClock;
import org.gotham.crimeapi.system.FieldProblem;
import org.gotham.crimeapi.user.StubKeycloak.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/** The adapter against a stub Keycloak: what it sends, and how each of Keycloak's answers maps. */
class KeycloakAccountsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StubKeycloak keycloak = new StubKeycloak();

    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stopKeycloak() {
        this.keycloak.close();
    }

    private KeycloakAccounts accounts() {
        return accounts(this.keycloak.baseUrl(), StubKeycloak.SECRET, Duration.ofSeconds(5));
    }

    private KeycloakAccounts accounts(String url, String secret, Duration readTimeout) {
        KeycloakAccountsProperties properties = new KeycloakAccountsProperties(
                url,
                new KeycloakAccountsProperties.Admin("crime-api", secret),
                "crime-cli",
                Duration.ofSeconds(2),
                readTimeout,
                Duration.ofSeconds(30));
        // the issuer names another host, as in Docker Compose: the calls must go to the url
        KeycloakEndpoints endpoints = KeycloakEndpoints.from(url, "http://localhost:1/realms/gotham");
        return new KeycloakAccounts(
                KeycloakAccountsConfig.restClient(properties), endpoints, properties, JSON, this.clock);
    }

    // --- registration --------------------------------------------------------------------------------

    @Test
    void registerCreatesTheUserThroughTheRegistrationEndpointAsTheServiceAccount() {
        RegisteredUser user = accounts().register("Selina", "catwoman-9lives");

        assertThat(user).isEqualTo(new RegisteredUser("7d5c0f3e-0000-4000-8000-00000000002a", "selina"));
        StubKeycloak.Request tokenRequest =
                this.keycloak.requests("POST", StubKeycloak.TOKEN_PATH).get(0);
        assertThat(tokenRequest.form())
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", "crime-api")
                .containsEntry("client_secret", StubKeycloak.SECRET);
        StubKeycloak.Request create =
                this.keycloak.requests("POST", StubKeycloak.USERS_PATH).get(0);
        assertThat(create.header("Authorization")).isEqualTo("Bearer sa-token-1");
        assertThat(create.header("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(create.body())).isEqualTo(JSON.readTree("""
                {"username":"Selina","password":"catwoman-9lives"}"""));
        assertThat(this.keycloak.requests("GET", "/"))
                .as("nothing read back: no admin role")
                .isEmpty();
    }

    @Test
    void federatedUserIdIsKeptWhole() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(201, """
                {"id":"f:legacy-users:42","username":"selina"}"""));

        RegisteredUser user = accounts().register("selina", "catwoman-9lives");

        assertThat(user.id()).isEqualTo("f:legacy-users:42");
    }

    @Test
    void createdUserWithoutAnIdIs502() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(201, "{}"));

        assertProblem(() -> accounts().register("selina", "catwoman-9lives"), 502, (problem) -> {});
    }

    @Test
    void registrationSwitchedOffInTheRealmIs403() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(403, """
                {"error":"registration_disabled","error_description":"User registration is switched off in this realm."}"""));

        assertProblem(
                () -> accounts().register("selina", "catwoman-9lives"),
                403,
                (problem) -> assertThat(problem.getBody().getDetail()).isEqualTo("Registration is switched off."));
    }

    @Test
    void serviceAccountTokenIsFetchedOnceForManyRegistrations() {
        KeycloakAccounts accounts = accounts();

        for (int i = 0; i < 5; i++) {
            accounts.register("user" + i, "password-" + i);
        }

        assertThat(this.keycloak.serviceAccountTokensIssued()).isEqualTo(1);
        assertThat(this.keycloak.requests("POST", StubKeycloak.USERS_PATH))
                .hasSize(5)
                .allSatisfy(
                        (request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer sa-token-1"));
    }

    @Test
    void serviceAccountTokenIsFetchedAgainShortlyBeforeItExpires() {
        KeycloakAccounts accounts = accounts();
        accounts.register("first", "password-1");

        this.clock.advance(Duration.ofSeconds(300 - 30));
        accounts.register("second", "password-2");

        assertThat(this.keycloak.serviceAccountTokensIssued()).isEqualTo(2);
        assertThat(this.keycloak
                        .requests("POST", StubKeycloak.USERS_PATH)
                        .get(1)
                        .header("Authorization"))
                .isEqualTo("Bearer sa-token-2");
    }

    @Test
    void staleServiceAccountTokenIsReplacedOnceWhenKeycloakAnswers401() {
        AtomicInteger creates = new AtomicInteger();
        this.keycloak.on(
                "POST",
                StubKeycloak.USERS_PATH,
                (request) -> (creates.incrementAndGet() == 1)
                        ? Reply.json(401, "{\"error\":\"HTTP 401 Unauthorized\"}")
                        : Reply.json(201, "{\"id\":\"id-1\",\"username\":\"selina\"}"));

        RegisteredUser user = accounts().register("selina", "catwoman-9lives");

        assertThat(user.id()).isEqualTo("id-1");
        assertThat(this.keycloak.serviceAccountTokensIssued()).isEqualTo(2);
    }

    @Test
    void takenUsernameIs409UsernameAlreadyExists() {
        this.keycloak.on(
                "POST",
                StubKeycloak.USERS_PATH,
                (request) -> Reply.json(409, "{\"errorMessage\":\"User exists with same username\"}"));

        assertProblem(
                () -> accounts().register("batman", "another-password"),
                409,
                (problem) -> assertThat(problem.getBody().getDetail()).isEqualTo("username already exists"));
    }

    @Test
    void passwordPolicyViolationIs400WithKeycloaksMessage() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(400, """
                {"error":"invalidPasswordMinLengthMessage","error_description":"Invalid password: minimum length 12."}"""));

        assertProblem(() -> accounts().register("selina", "short"), 400, (problem) -> {
            assertThat(problem.getBody().getDetail()).isEqualTo("Invalid password: minimum length 12.");
            assertThat(problem.getBody().getProperties())
                    .containsEntry(
                            "errors", List.of(new FieldProblem("password", "Invalid password: minimum length 12.")));
        });
    }

    @Test
    void userProfileErrorIs400WithKeycloaksMessageForTheField() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(400, """
                {"field":"username","errorMessage":"error-invalid-length","params":["username",3,255]}"""));

        assertProblem(() -> accounts().register("ab", "catwoman-9lives"), 400, (problem) -> {
            assertThat(problem.getBody().getDetail()).isEqualTo("username must be between 3 and 255 characters long");
            assertThat(problem.getBody().getProperties())
                    .containsEntry(
                            "errors",
                            List.of(new FieldProblem("username", "must be between 3 and 255 characters long")));
        });
    }

    @Test
    void severalUserProfileErrorsAreAllListedAndAnUnknownKeyIsPassedOnAsItCame() {
        this.keycloak.on("POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(400, """
                {"field":"username","errorMessage":"error-username-invalid-character","params":["username"],
                 "errors":[
                   {"field":"username","errorMessage":"error-username-invalid-character","params":["username"]},
                   {"field":"username","errorMessage":"error-some-future-check","params":["username","x",2]}]}"""));

        assertProblem(() -> accounts().register("st<legacy>", "catwoman-9lives"), 400, (problem) -> {
            assertThat(problem.getBody().getDetail())
                    .isEqualTo("username contains a character Keycloak does not allow in usernames;"
                            + " username error-some-future-check [x, 2]");
            assertThat(problem.getBody().getProperties())
                    .containsEntry(
                            "errors",
                            List.of(
                                    new FieldProblem(
                                            "username", "contains a character Keycloak does not allow in usernames"),
                                    new FieldProblem("username", "error-some-future-check [x, 2]")));
        });
    }

    @Test
    void plainErrorMessageIs400WithThatMessage() {
        this.keycloak.on(
                "POST",
                StubKeycloak.USERS_PATH,
                (request) -> Reply.json(400, "{\"errorMessage\":\"Could not create user\"}"));

        assertProblem(
                () -> accounts().register("selina", "catwoman-9lives"),
                400,
                (problem) -> assertThat(problem.getBody().getDetail()).isEqualTo("Could not create user"));
    }

    @Test
    void serviceAccountWithoutTheRegisterUsersRoleIs502() {
        this.keycloak.on(
                "POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(403, "{\"error\":\"insufficient_scope\"}"));

        assertProblem(() -> accounts().register("selina", "catwoman-9lives"), 502, (problem) -> {});
    }

    @Test
    void wrongClientSecretIs502NotTheUsersFault() {
        assertProblem(
                () -> accounts(this.keycloak.baseUrl(), "wrong-secret", Duration.ofSeconds(5))
                        .register("selina", "catwoman-9lives"),
                502,
                (problem) -> {});
        assertThat(this.keycloak.requests("POST", StubKeycloak.USERS_PATH)).isEmpty();
    }

    @Test
    void missingClientSecretIs502WithoutAskingKeycloak() {
        assertProblem(
                () -> accounts(this.keycloak.baseUrl(), "", Duration.ofSeconds(5))
                        .register("selina", "catwoman-9lives"),
                502,
                (problem) -> {});
        assertThat(this.keycloak.requests("POST", StubKeycloak.TOKEN_PATH)).isEmpty();
    }

    @Test
    void keycloakFailingIs503WithRetryAfter() {
        this.keycloak.on(
                "POST", StubKeycloak.USERS_PATH, (request) -> Reply.json(500, "{\"errorMessage\":\"unknown_error\"}"));

        assertUnavailable(() -> accounts().register("selina", "catwoman-9lives"));
    }

    @Test
    void proxyErrorPageInsteadOfKeycloakIs503() {
        this.keycloak.on(
                "POST",
                StubKeycloak.TOKEN_PATH,
                (request) ->
                        new Reply(502, Map.of("Content-Type", "text/html"), "<html><body>Bad Gateway</body></html>"));

        assertUnavailable(() -> accounts().register("selina", "catwoman-9lives"));
        assertUnavailable(() -> accounts().login(StubKeycloak.USER, StubKeycloak.PASSWORD));
    }

    @Test
    void keycloakDownIs503ForRegistrationAndLogin() {
        String url = this.keycloak.baseUrl();
        this.keycloak.close();
        KeycloakAccounts accounts = accounts(url, StubKeycloak.SECRET, Duration.ofSeconds(5));

        assertUnavailable(() -> accounts.register("selina", "catwoman-9lives"));
        assertUnavailable(() -> accounts.login(StubKeycloak.USER, StubKeycloak.PASSWORD));
    }

    @Test
    void keycloakTooSlowIs503() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        this.keycloak.on("POST", StubKeycloak.TOKEN_PATH, (request) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Reply.json(500, "{}");
        });
        try {
            assertUnavailable(() -> accounts(this.keycloak.baseUrl(), StubKeycloak.SECRET, Duration.ofMillis(300))
                    .login(StubKeycloak.USER, StubKeycloak.PASSWORD));
        } finally {
            release.countDown();
        }
    }

    // --- login ---------------------------------------------------------------------------------------

    @Test
    void loginIsThePasswordGrantOfThePublicClient() {
        LoginTokens tokens = accounts().login(StubKeycloak.USER, StubKeycloak.PASSWORD);

        assertThat(tokens).isEqualTo(new LoginTokens("user-access-token", "Bearer", 300, "user-refresh-token"));
        StubKeycloak.Request request =
                this.keycloak.requests("POST", StubKeycloak.TOKEN_PATH).get(0);
        assertThat(request.form())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "crime-cli",
                        "username",
                        StubKeycloak.USER,
                        "password",
                        StubKeycloak.PASSWORD));
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void passwordWithFormSpecialCharactersArrivesIntact() {
        String password = "a&b=c+d %e/ü猫";
        this.keycloak.on(
                "POST",
                StubKeycloak.TOKEN_PATH,
                (request) -> password.equals(request.form().get("password"))
                        ? Reply.json(200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":60}")
                        : Reply.json(401, "{\"error\":\"invalid_grant\"}"));

        assertThat(accounts().login("selina", password)).isEqualTo(new LoginTokens("t", "Bearer", 60, null));
    }

    @Test
    void wrongPasswordIs401InvalidGrant() {
        assertProblem(() -> accounts().login(StubKeycloak.USER, "wrong"), 401, (problem) -> {
            assertThat(problem.getBody().getDetail()).isEqualTo("Invalid username or password.");
            assertThat(problem.getBody().getProperties()).containsEntry("error", "invalid_grant");
            assertThat(problem.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
        });
    }

    @Test
    void disabledOrLockedOutUserIs401ExactlyLikeAWrongPassword() {
        for (String description :
                new String[] {"Account disabled", "Account temporarily disabled", "Account is not fully set up"}) {
            this.keycloak.on(
                    "POST",
                    StubKeycloak.TOKEN_PATH,
                    (request) -> Reply.json(
                            400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}"));

            assertProblem(() -> accounts().login(StubKeycloak.USER, StubKeycloak.PASSWORD), 401, (problem) -> {
                assertThat(problem.getBody().getDetail()).isEqualTo("Invalid username or password.");
                assertThat(problem.getBody().toString()).doesNotContain(description);
            });
        }
    }

    @Test
    void loginClientWithoutThePasswordGrantIs502() {
        this.keycloak.on("POST", StubKeycloak.TOKEN_PATH, (request) -> Reply.json(400, """
                {"error":"unauthorized_client","error_description":"Client not allowed for direct access grants"}"""));

        assertProblem(() -> accounts().login(StubKeycloak.USER, StubKeycloak.PASSWORD), 502, (problem) -> {});
    }

    @Test
    void unknownRealmIs502() {
        this.keycloak.on(
                "POST", StubKeycloak.TOKEN_PATH, (request) -> Reply.json(404, "{\"error\":\"Realm does not exist\"}"));

        assertProblem(() -> accounts().login(StubKeycloak.USER, StubKeycloak.PASSWORD), 502, (problem) -> {});
    }

    private static void assertUnavailable(ThrowingCallable call) {
        assertProblem(call, 503, (problem) -> {
            assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(problem.getBody().getDetail()).contains("Keycloak").contains("unavailable");
        });
    }

    private static void assertProblem(ThrowingCallable call, int status, Consumer<ErrorResponseException> more) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ErrorResponseException.class, (problem) -> {
            assertThat(problem.getStatusCode().value()).isEqualTo(status);
            assertThat(problem.getBody().getStatus()).isEqualTo(status);
            more.accept(problem);
        });
    }
}
