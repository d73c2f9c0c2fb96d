package org.gotham.crimeapi.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gotham.crimeapi.ApiSliceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The benchmark baseline: {@code gotham.security.enabled=false} opens every route. */
@ApiSliceTest
@TestPropertySource(properties = "gotham.security.enabled=false")
class SecurityDisabledTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void everyRouteIsOpenWithoutAToken() throws Exception {
        this.mvc.perform(get("/crimes")).andExpect(status().isOk());
        this.mvc.perform(delete("/crimes/1")).andExpect(status().isNotFound());
    }

    @Test
    void meWithoutATokenIs401() throws Exception {
        this.mvc.perform(get("/users/me")).andExpect(status().isUnauthorized());
    }
}
