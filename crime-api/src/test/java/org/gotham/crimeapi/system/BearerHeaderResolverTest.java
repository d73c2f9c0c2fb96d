package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The fast path resolves exactly what Spring's resolver resolves, and fails where it fails. */
class BearerHeaderResolverTest {

    private final BearerHeaderResolver fast = new BearerHeaderResolver();

    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void aWellFormedTokenIsTheHeaderAfterTheScheme() {
        assertThat(this.fast.resolve(request("Bearer abc.DEF-_~+/9=="))).isEqualTo("abc.DEF-_~+/9==");
        assertThat(this.fast.resolve(request("bEaReR abc"))).isEqualTo("abc");
    }

    @Test
    void agreesWithSpringOnHandPickedHeaders() {
        for (String header : List.of(
                "Bearer",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer =",
                "Bearer a=b",
                "Bearer a==",
                "Bearer a b",
                "Bearer a\tb",
                "Bearer\tabc",
                "Basic abc",
                "Bearerabc",
                "bearer abc",
                "Bearer ä",
                "Bearer a\n",
                "Bearer a\r\nX: y",
                "Bearer a%20b",
                "Bearer a,b",
                "Token abc",
                "")) {
            assertSameOutcome(header);
        }
        assertSameOutcome(null);
    }

    @Test
    void agreesWithSpringOnGeneratedHeaders() {
        Random random = new Random(20261127);
        String alphabet = "aZ09-._~+/= \t\n\"',;:%äé\u0000\u00a0\u2028Bb";
        List<String> prefixes = List.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Basic ", "");
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(prefixes.get(random.nextInt(prefixes.size())));
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertSameOutcome(header.toString());
        }
    }

    private void assertSameOutcome(String header) {
        assertThat(outcome(this.fast, header)).as("header [%s]", header).isEqualTo(outcome(this.spring, header));
    }

    private static List<String> outcome(
            org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver, String header) {
        List<String> outcome = new ArrayList<>();
        try {
            outcome.add("token:" + resolver.resolve(request(header)));
        } catch (RuntimeException ex) {
            outcome.add(ex.getClass().getName() + ": " + ex.getMessage());
        }
        return outcome;
    }

    private static MockHttpServletRequest request(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/crimes");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        return request;
    }
}
