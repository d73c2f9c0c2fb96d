package org.gotham.systemtest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gotham.testsupport.LegacyDatabase;

/**
 * A user of the old app with the password they know and the hash passlib wrote for it. The data is
 * committed under {@code legacy/}: {@code legacy-users.json} is the input and
 * {@code legacy-users.tsv} the output of {@code make-legacy-users.sh} (the old app's own code).
 */
public record LegacyUser(String username, String password, String hash) implements LegacyDatabase.UserRow {

    public static List<LegacyUser> all() {
        Map<String, String> passwords = new LinkedHashMap<>();
        try (InputStream json = resource("legacy/legacy-users.json")) {
            for (JsonNode entry : new ObjectMapper().readTree(json)) {
                passwords.put(entry.get(0).asText(), entry.get(1).asText());
            }
            List<LegacyUser> users = new ArrayList<>();
            String tsv = new String(resource("legacy/legacy-users.tsv").readAllBytes(), StandardCharsets.UTF_8);
            for (String line : tsv.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", 2);
                users.add(new LegacyUser(cells[0], passwords.get(cells[0]), cells[1]));
            }
            return List.copyOf(users);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LegacyUser named(String username) {
        return all().stream()
                .filter(u -> u.username().equals(username))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no legacy test user " + username));
    }

    static InputStream resource(String name) {
        InputStream in = LegacyUser.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return in;
    }

    @Override
    public String toString() {
        return username;
    }
}
