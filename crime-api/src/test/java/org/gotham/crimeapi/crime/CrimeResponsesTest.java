package org.gotham.crimeapi.crime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import org.gotham.crimeapi.ApiSliceTest;
import org.gotham.crimeapi.system.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** What the crime routes answer: bodies, ETags, Location, 404, 412, 405, and partial updates. */
@ApiSliceTest
class CrimeResponsesTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CrimeRepository crimes;

    @BeforeEach
    void stubRepository() {
        SliceFixtures.stub(this.crimes);
    }

    @Test
    void crimeIsServedWithTheOldFieldNamesAndAnEtag() throws Exception {
        this.mvc
                .perform(get("/crimes/1").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, CrimeEtag.of(SliceFixtures.ROBBERY)))
                .andExpect(content().json("""
                    {"id":1,"type":"Robbery","description":"First National Bank vault emptied",
                     "location":"Gotham Downtown","suspect_name":"Selina Kyle","date_time":"2024-03-01T22:15:00",
                     "latitude":40.7128,"longitude":-74.006}""", JsonCompareMode.STRICT));
    }

    @Test
    void nullColumnsAreServedAsNull() throws Exception {
        given(this.crimes.findById(3L))
                .willReturn(Optional.of(new Crime(3, "Fraud", null, null, null, null, null, null)));

        this.mvc
                .perform(get("/crimes/3").with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.suspect_name").isEmpty())
                .andExpect(content().string(containsString("\"date_time\":null")));
    }

    @Test
    void matchingIfNoneMatchIs304() throws Exception {
        this.mvc
                .perform(get("/crimes/1")
                        .with(TestJwts.withRoles("reader"))
                        .header(HttpHeaders.IF_NONE_MATCH, CrimeEtag.of(SliceFixtures.ROBBERY)))
                .andExpect(status().isNotModified());
    }

    @Test
    void missingCrimeIs404ProblemForEveryRoute() throws Exception {
        this.mvc
                .perform(get("/crimes/77").with(TestJwts.withRoles("reader")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No crime has id 77."))
                .andExpect(jsonPath("$.instance").value("/crimes/77"));
        this.mvc
                .perform(put("/crimes/77")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\":\"x\"}"))
                .andExpect(status().isNotFound());
        this.mvc.perform(delete("/crimes/77").with(TestJwts.withRoles("admin"))).andExpect(status().isNotFound());
    }

    @Test
    void createdCrimeIs201WithLocationEtagAndBody() throws Exception {
        this.mvc
                .perform(post("/crimes")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"Robbery\",\"date_time\":\"2024-02-12T03:00:00.123456\",\"latitude\":-90,"
                                + "\"longitude\":180}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost/crimes/42"))
                .andExpect(header().string(HttpHeaders.ETAG, CrimeEtag.of(SliceFixtures.CREATED)))
                .andExpect(jsonPath("$.id").value(42));

        ArgumentCaptor<Crime> inserted = ArgumentCaptor.forClass(Crime.class);
        then(this.crimes).should().insert(inserted.capture());
        assertThat(inserted.getValue())
                .isEqualTo(new Crime(
                        0,
                        "Robbery",
                        null,
                        null,
                        null,
                        LocalDateTime.of(2024, 2, 12, 3, 0, 0, 123_456_000),
                        -90.0,
                        180.0));
    }

    @Test
    void updateChangesOnlyTheFieldsGivenAndNullClearsOne() throws Exception {
        this.mvc
                .perform(put("/crimes/1")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\":\"Vault emptied twice\",\"suspect_name\":null}"))
                .andExpect(status().isOk())
                .andExpect(header().exists(HttpHeaders.ETAG));

        ArgumentCaptor<Crime> updated = ArgumentCaptor.forClass(Crime.class);
        then(this.crimes).should().update(updated.capture());
        Crime robbery = SliceFixtures.ROBBERY;
        assertThat(updated.getValue())
                .isEqualTo(new Crime(
                        1,
                        robbery.type(),
                        "Vault emptied twice",
                        robbery.location(),
                        null,
                        robbery.dateTime(),
                        robbery.latitude(),
                        robbery.longitude()));
    }

    @Test
    void updateWithTheCurrentEtagOrAWildcardSucceeds() throws Exception {
        for (String ifMatch : new String[] {CrimeEtag.of(SliceFixtures.ROBBERY), "*"}) {
            this.mvc
                    .perform(put("/crimes/1")
                            .with(TestJwts.withRoles("editor"))
                            .header(HttpHeaders.IF_MATCH, ifMatch)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"location\":\"Wayne Tower\"}"))
                    .andExpect(status().isOk());
        }
    }

    @Test
    void updateWithAStaleEtagIs412AndWritesNothing() throws Exception {
        this.mvc
                .perform(put("/crimes/1")
                        .with(TestJwts.withRoles("editor"))
                        .header(HttpHeaders.IF_MATCH, "\"0123456789abcdef0123456789abcdef\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"location\":\"Wayne Tower\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(412))
                .andExpect(header().string(HttpHeaders.ETAG, CrimeEtag.of(SliceFixtures.ROBBERY)));

        then(this.crimes).should(never()).update(any());
    }

    @Test
    void deleteWithAStaleEtagIs412() throws Exception {
        this.mvc
                .perform(
                        delete("/crimes/1").with(TestJwts.withRoles("admin")).header(HttpHeaders.IF_MATCH, "\"stale\""))
                .andExpect(status().isPreconditionFailed());

        then(this.crimes).should(never()).delete(1L);
    }

    @Test
    void searchPassesTheFiltersAndTreatsEmptyOnesAsAbsent() throws Exception {
        this.mvc
                .perform(get("/crimes/search?crime_type=ROBBERY&date=2024-02-12&location=&skip=2&limit=5")
                        .with(TestJwts.withRoles("reader")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(1));

        then(this.crimes).should().search(new CrimeSearch("ROBBERY", LocalDate.of(2024, 2, 12), null), 2, 5);
    }

    @Test
    void listPassesSkipAndLimitWithTheOldDefaults() throws Exception {
        this.mvc.perform(get("/crimes").with(TestJwts.withRoles("reader"))).andExpect(status().isOk());

        then(this.crimes).should().findAll(0, 100);
    }

    @Test
    void unsupportedMethodIs405ProblemWithAllow() throws Exception {
        this.mvc
                .perform(patch("/crimes/1")
                        .with(TestJwts.withRoles("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().exists(HttpHeaders.ALLOW))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unknownRouteIs404ProblemForAnAuthenticatedCaller() throws Exception {
        this.mvc
                .perform(get("/no/such/route").with(TestJwts.withRoles("reader")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
