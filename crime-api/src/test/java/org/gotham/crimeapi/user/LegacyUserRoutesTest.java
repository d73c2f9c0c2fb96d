package org.gotham.crimeapi.user;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gotham.crimeapi.ApiSliceTest;
import org.gotham.crimeapi.system.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP rules of the old {@code /users/register} and {@code /users/login}: public, the old JSON
 * shapes, our own checks before Keycloak is asked, and Keycloak's outcomes as problems. Keycloak
 * itself is mocked here ({@link KeycloakAccountsTest} covers the adapter).
 */
@ApiSliceTest
class LegacyUserRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private MockMvc mvc;

    @Autowired
    private KeycloakAccounts keycloak;

    private ResultActions postJson(String uri, String json) throws Exception {
        return this.mvc.perform(
                post(uri).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static String credentials(String username, String password) {
        return JSON.writeValueAsString(Map.of("username", username, "password", password));
    }

    // --- register ------------------------------------------------------------------------------------

    @Test
    void registerWithoutATokenIs201WithIdUsernameAndLocation() throws Exception {
        given(this.keycloak.register("Selina", "catwoman-9lives"))
                .willReturn(new RegisteredUser("f:legacy-users:42", "selina"));

        postJson("/users/register", credentials("Selina", "catwoman-9lives"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/users/f:legacy-users:42"))
                .andExpect(content().json("""
                    {"id":"f:legacy-users:42","username":"selina"}""", JsonCompareMode.STRICT));
    }

    @Test
    void passwordOfExactly72BytesIsAccepted() throws Exception {
        String password = "é".repeat(36);
        given(this.keycloak.register("selina", password)).willReturn(new RegisteredUser("id", "selina"));

        postJson("/users/register", credentials("selina", password)).andExpect(status().isCreated());
    }

    static Stream<Arguments> invalidRegistrations() {
        return Stream.of(
                Arguments.of("empty username", credentials("", "catwoman-9lives"), "username"),
                Arguments.of("whitespace-only username", credentials(" \t ", "catwoman-9lives"), "username"),
                Arguments.of("username with a newline", credentials("sel\nina", "catwoman-9lives"), "username"),
                Arguments.of("username with NUL", credentials("sel\u0000ina", "catwoman-9lives"), "username"),
                Arguments.of("username with DEL", credentials("sel\u007fina", "catwoman-9lives"), "username"),
                Arguments.of("username with a C1 control", credentials("sel\u0085ina", "catwoman-9lives"), "username"),
                Arguments.of("username of 10 KB", credentials("s".repeat(10 * 1024), "catwoman-9lives"), "username"),
                Arguments.of("username of 256 characters", credentials("s".repeat(256), "catwoman-9lives"), "username"),
                Arguments.of("username with a leading space", credentials(" selina", "catwoman-9lives"), "username"),
                Arguments.of(
                        "username with a trailing no-break space",
                        credentials("selina\u00a0", "catwoman-9lives"),
                        "username"),
                Arguments.of("no username", "{\"password\":\"catwoman-9lives\"}", "username"),
                Arguments.of("null username", "{\"username\":null,\"password\":\"catwoman-9lives\"}", "username"),
                Arguments.of("number as username", "{\"username\":42,\"password\":\"catwoman-9lives\"}", "username"),
                Arguments.of("empty password", credentials("selina", ""), "password"),
                Arguments.of("no password", "{\"username\":\"selina\"}", "password"),
                Arguments.of("password of 73 ASCII bytes", credentials("selina", "p".repeat(73)), "password"),
                Arguments.of(
                        "password of 74 bytes in 37 characters", credentials("selina", "é".repeat(37)), "password"),
                Arguments.of("password of 76 bytes in 19 emoji", credentials("selina", "🐈".repeat(19)), "password"),
                Arguments.of("password with NUL", credentials("selina", "cat\u0000woman"), "password"),
                Arguments.of(
                        "unknown field", "{\"username\":\"selina\",\"password\":\"x\",\"is_admin\":true}", "is_admin"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {2}")
    @MethodSource("invalidRegistrations")
    void invalidRegistrationIs400NamingTheFieldAndKeycloakIsNotAsked(String what, String json, String field)
            throws Exception {
        postJson("/users/register", json)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)))
                .andExpect(content().string(not(containsString("catwoman"))));
        then(this.keycloak).shouldHaveNoInteractions();
    }

    @Test
    void passwordOver72BytesSaysWhy() throws Exception {
        postJson("/users/register", credentials("selina", "p".repeat(73)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message", containsString("72 bytes")));
    }

    @Test
    void notJsonIs400OrUnsupportedMediaType() throws Exception {
        postJson("/users/register", "username=selina&password=x").andExpect(status().isBadRequest());
        this.mvc
                .perform(post("/users/register")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("username=selina&password=x"))
                .andExpect(status().isUnsupportedMediaType());
        then(this.keycloak).shouldHaveNoInteractions();
    }

    @Test
    void takenUsernameIs409Problem() throws Exception {
        given(this.keycloak.register(anyString(), anyString())).willThrow(AccountProblems.usernameTaken());

        postJson("/users/register", credentials("batman", "another-password"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("username already exists"));
    }

    @Test
    void passwordPolicyRefusalIs400WithKeycloaksMessage() throws Exception {
        given(this.keycloak.register(anyString(), anyString()))
                .willThrow(AccountProblems.registrationRefused(
                        "Invalid password: minimum length 12.",
                        List.of(new FieldProblem("password", "Invalid password: minimum length 12."))));

        postJson("/users/register", credentials("selina", "short"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid password: minimum length 12."))
                .andExpect(jsonPath("$.errors[0].field").value("password"));
    }

    @Test
    void keycloakDownIs503WithRetryAfter() throws Exception {
        given(this.keycloak.register(anyString(), anyString()))
                .willThrow(AccountProblems.keycloakUnavailable(new IOException("Connection refused")));
        given(this.keycloak.login(anyString(), anyString()))
                .willThrow(AccountProblems.keycloakUnavailable(new IOException("Connection refused")));

        for (String uri : new String[] {"/users/register", "/users/login"}) {
            postJson(uri, credentials("selina", "catwoman-9lives"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(content().string(not(containsString("Connection refused"))));
        }
    }

    @Test
    void keycloakRefusingThisServiceIs502() throws Exception {
        given(this.keycloak.register(anyString(), anyString())).willThrow(AccountProblems.keycloakRefusedUs());

        postJson("/users/register", credentials("selina", "catwoman-9lives"))
                .andExpect(status().isBadGateway())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    // --- login ---------------------------------------------------------------------------------------

    @Test
    void loginWithoutATokenIs200WithKeycloaksTokens() throws Exception {
        given(this.keycloak.login("batman", "IamVengeance1"))
                .willReturn(new LoginTokens("access", "Bearer", 300, "refresh"));

        postJson("/users/login", credentials("batman", "IamVengeance1"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(content().json("""
                    {"access_token":"access","token_type":"Bearer","expires_in":300,"refresh_token":"refresh"}""", JsonCompareMode.STRICT));
    }

    @Test
    void loginWithoutARefreshTokenOmitsIt() throws Exception {
        given(this.keycloak.login("batman", "IamVengeance1"))
                .willReturn(new LoginTokens("access", "Bearer", 300, null));

        postJson("/users/login", credentials("batman", "IamVengeance1"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                    {"access_token":"access","token_type":"Bearer","expires_in":300}""", JsonCompareMode.STRICT));
    }

    @Test
    void legacyPasswordLongerThan72BytesStillReachesKeycloak() throws Exception {
        String password = "q".repeat(90);
        given(this.keycloak.login("lucius", password)).willReturn(new LoginTokens("access", "Bearer", 300, null));

        postJson("/users/login", credentials("lucius", password)).andExpect(status().isOk());
    }

    @Test
    void badCredentialsAre401ProblemWithInvalidGrantNotA200False() throws Exception {
        given(this.keycloak.login(anyString(), anyString())).willThrow(AccountProblems.invalidCredentials());

        postJson("/users/login", credentials("batman", "wrong"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Invalid username or password."))
                .andExpect(jsonPath("$.error").value("invalid_grant"));
    }

    static Stream<Arguments> malformedLogins() {
        return Stream.of(
                Arguments.of("{\"password\":\"x\"}", "username"),
                Arguments.of("{\"username\":\"batman\"}", "password"),
                Arguments.of(credentials("", "x"), "username"),
                Arguments.of(credentials("batman", ""), "password"),
                Arguments.of(credentials("b".repeat(10 * 1024), "x"), "username"),
                Arguments.of("{\"username\":\"batman\",\"password\":1234}", "password"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("malformedLogins")
    void malformedLoginIs400AndKeycloakIsNotAsked(String json, String field) throws Exception {
        postJson("/users/login", json)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
        then(this.keycloak).shouldHaveNoInteractions();
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        this.mvc.perform(get("/users/login")).andExpect(status().isMethodNotAllowed());
        this.mvc.perform(get("/users/register")).andExpect(status().isMethodNotAllowed());
    }
}
