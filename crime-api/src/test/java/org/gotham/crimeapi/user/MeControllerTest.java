package org.gotham.crimeapi.user;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gotham.crimeapi.ApiSliceTest;
import org.gotham.crimeapi.system.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest
class MeControllerTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void meIsTheUsernameSubjectClientAndEffectiveRolesFromTheToken() throws Exception {
        this.mvc
                .perform(get("/users/me").with(TestJwts.withRoles("admin")))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                    {"username":"batman","subject":"7d5c0f3e-0000-4000-8000-000000000001","client":"crime-cli",
                     "roles":["admin","editor","reader"]}""", JsonCompareMode.STRICT));
    }

    @Test
    void tokenWithoutRolesStillKnowsWhoItIs() throws Exception {
        this.mvc
                .perform(get("/users/me").with(TestJwts.withRoles()))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"username\":\"batman\",\"roles\":[]}"));
    }
}
