package org.gotham.keycloak.legacy.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed passlib vectors (src/test/resources/passlib/, made with the real passlib): the legacy app's bcrypt
 * (passlib-vectors.json, by make_vectors.py) and every scheme the provider accepts (passlib-scheme-vectors.json, by
 * make_scheme_vectors.py: passlib's own known answers, hashes it made, malformed hashes, each with passlib's outcome).
 */
public final class PasslibVectors {

    private static final JsonNode ROOT = read("/passlib/passlib-vectors.json");
    private static final JsonNode SCHEMES =
            read("/passlib/passlib-scheme-vectors.json").get("schemes");

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

    /** The passlib names of the schemes in passlib-scheme-vectors.json. */
    public static List<String> schemes() {
        List<String> names = new ArrayList<>();
        SCHEMES.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * One scheme's vectors of one kind: {@code known} and {@code made} ({@code hash} and {@code checks}, each with
     * {@code password} and passlib's {@code outcome}: match, mismatch or error) or {@code malformed} ({@code hash}
     * and {@code outcome}).
     */
    public static List<JsonNode> ofScheme(String scheme, String kind) {
        List<JsonNode> vectors = new ArrayList<>();
        SCHEMES.get(scheme).get(kind).forEach(vectors::add);
        return vectors;
    }

    /** The first hash passlib made of {@code password} in this scheme. */
    public static String madeHash(String scheme, String password) {
        return ofScheme(scheme, "made").stream()
                .filter(v -> v.get("checks").get(0).get("outcome").asText().equals("match")
                        && v.get("checks").get(0).get("password").asText().equals(password))
                .map(v -> v.get("hash").asText())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + scheme + " hash of that password"));
    }

    private static JsonNode read(String resource) {
        try (InputStream in = PasslibVectors.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
