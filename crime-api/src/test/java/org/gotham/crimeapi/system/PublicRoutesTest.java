package org.gotham.crimeapi.system;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gotham.crimeapi.ApiSliceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest
class PublicRoutesTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void webConfigTellsThePageWhereToSignInWithoutAToken() throws Exception {
        this.mvc
                .perform(get("/web-config"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                    {"keycloakUrl":"http://localhost:8080","realm":"gotham","clientId":"crime-web","pageUrl":null}""", JsonCompareMode.STRICT));
    }

    @Test
    void unknownRouteWithoutATokenIs401NotA404() throws Exception {
        this.mvc
                .perform(get("/internal/secrets"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
