package org.gotham.crimeapi.crime;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gotham.crimeapi.ApiSliceTest;
import org.gotham.crimeapi.system.TestJwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The "Bad input" of the issue: 400 (or 413 for an oversized body) with a problem body naming the
 * field, nothing written, never a 500.
 */
@ApiSliceTest
class CrimeBadInputTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CrimeRepository crimes;

    @BeforeEach
    void stubRepository() {
        SliceFixtures.stub(this.crimes);
    }

    @AfterEach
    void nothingWasWritten() {
        verify(this.crimes, never()).insert(any());
        verify(this.crimes, never()).update(any());
        verify(this.crimes, never()).delete(anyLong());
    }

    private ResultActions getAsReader(String uri) throws Exception {
        return this.mvc.perform(get(uri).with(TestJwts.withRoles("reader")));
    }

    private ResultActions postAsEditor(String json) throws Exception {
        return this.mvc.perform(post("/crimes")
                .with(TestJwts.withRoles("editor"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private ResultActions putAsEditor(String uri, String json) throws Exception {
        return this.mvc.perform(put(uri).with(TestJwts.withRoles("editor"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private static void badField(ResultActions result, String field) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
    }

    @ParameterizedTest(name = "GET {0} -> 400 naming {1}")
    @CsvSource({
        "/crimes/abc, id",
        "/crimes/1.5, id",
        "/crimes/99999999999999999999, id",
        "/crimes?skip=-1, skip",
        "/crimes?skip=abc, skip",
        "/crimes?limit=1001, limit",
        "/crimes?limit=-1, limit",
        "/crimes?limit=ten, limit",
        "/crimes/search?skip=-5, skip",
        "/crimes/search?limit=5000, limit",
        "/crimes/search?date=2024-02-30, date",
        "/crimes/search?date=12/02/2024, date",
        "/crimes/search?date=yesterday, date",
        "/crimes/search?date=0000-01-01, date"
    })
    void badQueryOrPathIs400NamingTheParameter(String uri, String field) throws Exception {
        badField(getAsReader(uri), field);
    }

    @Test
    void searchTermLongerThanTheColumnIs400() throws Exception {
        badField(getAsReader("/crimes/search?crime_type=" + "x".repeat(256)), "crime_type");
        badField(getAsReader("/crimes/search?location=" + "x".repeat(256)), "location");
    }

    @Test
    void searchTermWithANulCharacterIs400() throws Exception {
        badField(
                this.mvc.perform(get("/crimes/search")
                        .param("crime_type", "Rob\u0000bery")
                        .with(TestJwts.withRoles("reader"))),
                "crime_type");
        badField(
                this.mvc.perform(
                        get("/crimes/search").param("location", "\u0000witness").with(TestJwts.withRoles("reader"))),
                "location");
    }

    @Test
    void limitOfExactly1000IsAllowed() throws Exception {
        getAsReader("/crimes?limit=1000").andExpect(status().isOk());
    }

    @ParameterizedTest(name = "POST {0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"Robbery\",\"latitude\":90.0001}|latitude",
                "{\"type\":\"Robbery\",\"latitude\":-91}|latitude",
                "{\"type\":\"Robbery\",\"longitude\":180.5}|longitude",
                "{\"type\":\"Robbery\",\"longitude\":-181}|longitude",
                "{\"type\":\"Robbery\",\"latitude\":\"north\"}|latitude",
                "{\"type\":\"Robbery\",\"latitude\":\"45.0\"}|latitude",
                "{\"type\":\"Robbery\",\"latitude\":true}|latitude",
                "{\"type\":123}|type",
                "{\"type\":[\"Robbery\"]}|type",
                "{\"type\":{\"name\":\"Robbery\"}}|type",
                "{\"type\":\"Robbery\",\"weapon\":\"crowbar\"}|weapon",
                "{\"id\":7,\"type\":\"Robbery\"}|id",
                "{\"type\":\"Robbery\",\"date_time\":\"yesterday\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":\"2024-02-30T10:00:00\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":\"2024-02-12T03:00:00Z\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":\"2024-02-12T03:00:00+01:00\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":\"2024-02-12T03:00:00.1234567\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":\"+10000-01-01T00:00:00\"}|date_time",
                "{\"type\":\"Robbery\",\"date_time\":1707706800}|date_time",
                "{\"description\":\"no type\"}|type",
                "{\"type\":null}|type",
                "{\"type\":\"   \"}|type",
                "{}|type"
            })
    void badCrimeBodyIs400NamingTheField(String json, String field) throws Exception {
        badField(postAsEditor(json), field);
    }

    @Test
    void textWithANulCharacterIs400() throws Exception {
        for (String field : new String[] {"type", "description", "location", "suspect_name"}) {
            badField(postAsEditor("{\"type\":\"Robbery\",\"" + field + "\":\"a\\u0000b\"}"), field);
        }
    }

    @Test
    void textLongerThanTheLegacyColumnIs400() throws Exception {
        for (String field : new String[] {"type", "description", "location", "suspect_name"}) {
            badField(postAsEditor("{\"type\":\"Robbery\",\"" + field + "\":\"" + "x".repeat(256) + "\"}"), field);
        }
    }

    @Test
    void updateThatClearsTheTypeIs400() throws Exception {
        badField(putAsEditor("/crimes/1", "{\"type\":null}"), "type");
        badField(putAsEditor("/crimes/1", "{\"type\":\"\"}"), "type");
    }

    @Test
    void updateNamingNoFieldIs400() throws Exception {
        putAsEditor("/crimes/1", "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The body names no crime field to change."));
    }

    @Test
    void updateOfANonNumericIdIs400() throws Exception {
        badField(putAsEditor("/crimes/abc", "{\"description\":\"x\"}"), "id");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        postAsEditor("")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The request body is missing or empty."));
        putAsEditor("/crimes/1", "").andExpect(status().isBadRequest());
    }

    @Test
    void jsonNullBodyIs400() throws Exception {
        postAsEditor("null").andExpect(status().isBadRequest());
    }

    @Test
    void bodyThatIsNotAnObjectIs400() throws Exception {
        postAsEditor("[]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body must be a JSON object."));
        postAsEditor("\"Robbery\"").andExpect(status().isBadRequest());
    }

    @Test
    void malformedJsonIs400SayingWhere() throws Exception {
        postAsEditor("{\"type\": \"Robbery\"")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("The request body is not valid JSON")));
        postAsEditor("{\"type\": \"Robbery\"} trailing").andExpect(status().isBadRequest());
    }

    @Test
    void oneMegabyteBodyIs413WithAProblemBody() throws Exception {
        String huge = "{\"type\":\"Robbery\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";

        postAsEditor(huge)
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The request body is larger than 65536 bytes."));
    }

    @Test
    void bodyThatIsNotJsonIs415() throws Exception {
        this.mvc
                .perform(post("/crimes")
                        .with(TestJwts.withRoles("editor"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("type=Robbery"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
