package org.gotham.keycloak.legacy.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The committed passlib vectors (src/test/resources/passlib/, made by make_vectors.py with the real passlib). */
public final class PasslibVectors {

    private static final JsonNode ROOT = read();

    private PasslibVectors() {}

    public static List<JsonNode> all() {
        List<JsonNode> vectors = new ArrayList<>();
        ROOT.get("vectors").forEach(vectors::add);
        return vectors;
    }

    public static JsonNode byNote(String note) {
        return all().stream()
                .filter(v -> v.get("note").asText().equals(note))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + note));
    }

    public static String hash(String note) {
        return byNote(note).get("hash").asText();
    }

    private static JsonNode read() {
        try (InputStream in = PasslibVectors.class.getResourceAsStream("/passlib/passlib-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read passlib-vectors.json", e);
        }
    }
}
