package org.gotham.crimeapi.crime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gotham.crimeapi.ApiSliceTest;
import org.gotham.crimeapi.system.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Every route, for no token, a token without roles, and each role: the status Spring answers. */
@ApiSliceTest
class CrimeRoutesAuthorizationTest {

    private static final String NONE = "no token";

    private static final String NO_ROLE = "token without roles";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CrimeRepository crimes;

    @BeforeEach
    void stubRepository() {
        SliceFixtures.stub(this.crimes);
    }

    record Route(HttpMethod method, String path, String body) {
        @Override
        public String toString() {
            return this.method + " " + this.path;
        }
    }

    private static final Route LIST = new Route(HttpMethod.GET, "/crimes", null);

    private static final Route SEARCH = new Route(HttpMethod.GET, "/crimes/search?crime_type=robbery", null);

    private static final Route GET_ONE = new Route(HttpMethod.GET, "/crimes/1", null);

    private static final Route CREATE = new Route(HttpMethod.POST, "/crimes", "{\"type\":\"Robbery\"}");

    private static final Route UPDATE = new Route(HttpMethod.PUT, "/crimes/1", "{\"description\":\"changed\"}");

    private static final Route DELETE = new Route(HttpMethod.DELETE, "/crimes/1", null);

    private static final Route ME = new Route(HttpMethod.GET, "/users/me", null);

    private static final Route WEB_CONFIG = new Route(HttpMethod.GET, "/web-config", null);

    /** Expected status per caller: none, no role, reader, editor, admin. */
    static Stream<Arguments> routesAndRoles() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, LIST, 401, 403, 200, 200, 200);
        add(cases, SEARCH, 401, 403, 200, 200, 200);
        add(cases, GET_ONE, 401, 403, 200, 200, 200);
        add(cases, CREATE, 401, 403, 403, 201, 201);
        add(cases, UPDATE, 401, 403, 403, 200, 200);
        add(cases, DELETE, 401, 403, 403, 403, 204);
        add(cases, ME, 401, 200, 200, 200, 200);
        add(cases, WEB_CONFIG, 200, 200, 200, 200, 200);
        return cases.stream();
    }

    private static void add(
            List<Arguments> cases, Route route, int none, int noRole, int reader, int editor, int admin) {
        cases.add(Arguments.of(route, NONE, none));
        cases.add(Arguments.of(route, NO_ROLE, noRole));
        cases.add(Arguments.of(route, "reader", reader));
        cases.add(Arguments.of(route, "editor", editor));
        cases.add(Arguments.of(route, "admin", admin));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("routesAndRoles")
    void eachRouteAnswersEachCallerAsItsRolesAllow(Route route, String caller, int expected) throws Exception {
        MockHttpServletRequestBuilder request = request(route.method(), route.path());
        if (route.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(route.body());
        }
        if (caller.equals(NO_ROLE)) {
            request.with(TestJwts.withRoles());
        } else if (!caller.equals(NONE)) {
            request.with(TestJwts.withRoles(caller));
        }

        MvcResult result = this.mvc.perform(request).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(expected);
        String challenge = result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE);
        if (expected == 401) {
            assertThat(challenge).startsWith("Bearer");
            assertThat(challenge).doesNotContain("error=");
        }
        if (expected == 403) {
            assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\"");
        }
        if (expected >= 400) {
            assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(result.getResponse().getContentAsString()).contains("\"status\":" + expected);
        }
    }
}
