package org.gotham.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.gotham.testsupport.LegacyDatabase;

/**
 * The legacy users as Keycloak users in the directory format {@code kc.sh export --dir <dir> --users different_files}
 * writes and {@code kc.sh import --dir <dir>} reads: {@code <realm>-realm.json} and {@code <realm>-users-<n>.json}
 * with a fixed number of users each. Each user is what the provider's import makes of a legacy row: the lower-cased
 * name, enabled, attribute {@code legacy_id}, the passlib hash as one {@code bcrypt} password credential (as
 * {@code BcryptPasswordHashProvider.credential} stores it), the realm's default role and the component's granted
 * client role. Rows are streamed from the legacy table and written as they come: memory does not grow with the table.
 */
final class KeycloakRealmFiles {

    /** What was written. */
    record Written(long users, long skipped, int files, long bytes, double seconds) {}

    private KeycloakRealmFiles() {}

    /** Writes only the realm file (no users): the same import with nothing but the realm, to time Keycloak's boot. */
    static void writeRealm(Path dir, ObjectNode realm) {
        try {
            recreate(dir);
            Json.MAPPER.writeValue(
                    dir.resolve(realm.path("realm").asText() + "-realm.json").toFile(), realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The realm file and the users files of every legacy row with a username.
     *
     * @param clientRole the client and role every user gets, as {@code client/role}
     */
    static Written write(
            Path dir,
            ObjectNode realm,
            LegacyDatabase legacyDatabase,
            int usersPerFile,
            String clientRole,
            long createdAt) {
        long t0 = System.nanoTime();
        writeRealm(dir, realm);
        String realmName = realm.path("realm").asText();
        String defaultRole = realm.path("defaultRole").path("name").asText("default-roles-" + realmName);
        String client = clientRole.substring(0, clientRole.indexOf('/'));
        String role = clientRole.substring(clientRole.indexOf('/') + 1);
        long users = 0;
        long skipped = 0;
        int files = 0;
        long bytes = 0;
        JsonGenerator out = null;
        try (Connection c = legacyDatabase.connect()) {
            c.setAutoCommit(false); // a cursor: the driver fetches 10,000 rows at a time, not the whole table
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rows = s.executeQuery("SELECT id, username, hashed_password FROM users ORDER BY id")) {
                    while (rows.next()) {
                        String username = rows.getString(2);
                        String hash = rows.getString(3);
                        if (username == null || username.isEmpty() || !isBcrypt(hash)) {
                            skipped++;
                            continue;
                        }
                        if (users % usersPerFile == 0) {
                            bytes += close(out, dir, files - 1, realmName);
                            out = open(dir, realmName, files++);
                        }
                        writeUser(out, rows.getLong(1), username, hash, defaultRole, client, role, createdAt);
                        users++;
                    }
                }
            }
            bytes += close(out, dir, files - 1, realmName);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the legacy users of " + legacyDatabase, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(users, skipped, files, bytes, (System.nanoTime() - t0) / 1e9);
    }

    private static JsonGenerator open(Path dir, String realm, int n) throws IOException {
        JsonGenerator out = Json.MAPPER
                .getFactory()
                .createGenerator(usersFile(dir, realm, n).toFile(), JsonEncoding.UTF8);
        out.writeStartObject();
        out.writeStringField("realm", realm);
        out.writeArrayFieldStart("users");
        return out;
    }

    private static long close(JsonGenerator out, Path dir, int n, String realm) throws IOException {
        if (out == null) {
            return 0;
        }
        out.writeEndArray();
        out.writeEndObject();
        out.close();
        return Files.size(usersFile(dir, realm, n));
    }

    private static Path usersFile(Path dir, String realm, int n) {
        return dir.resolve(realm + "-users-" + n + ".json");
    }

    private static void writeUser(
            JsonGenerator out,
            long id,
            String username,
            String hash,
            String defaultRole,
            String client,
            String role,
            long createdAt)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("id", UUID.randomUUID().toString());
        out.writeStringField("username", username.toLowerCase(Locale.ROOT));
        out.writeBooleanField("enabled", true);
        out.writeBooleanField("emailVerified", false);
        out.writeNumberField("createdTimestamp", createdAt);
        out.writeObjectFieldStart("attributes");
        out.writeArrayFieldStart("legacy_id");
        out.writeString(Long.toString(id));
        out.writeEndArray();
        out.writeEndObject();
        out.writeArrayFieldStart("credentials");
        out.writeStartObject();
        out.writeStringField("id", UUID.randomUUID().toString());
        out.writeStringField("type", "password");
        out.writeNumberField("createdDate", createdAt);
        // what PasswordCredentialModel.createFromValues("bcrypt", null, cost, hash) holds (no salt: it is in the hash)
        out.writeStringField(
                "secretData",
                "{\"value\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(hash))
                        + "\",\"additionalParameters\":{}}");
        out.writeStringField(
                "credentialData",
                "{\"hashIterations\":" + costOf(hash) + ",\"algorithm\":\"bcrypt\",\"additionalParameters\":{}}");
        out.writeEndObject();
        out.writeEndArray();
        out.writeArrayFieldStart("disableableCredentialTypes");
        out.writeEndArray();
        out.writeArrayFieldStart("requiredActions");
        out.writeEndArray();
        out.writeArrayFieldStart("realmRoles");
        out.writeString(defaultRole);
        out.writeEndArray();
        out.writeObjectFieldStart("clientRoles");
        out.writeArrayFieldStart(client);
        out.writeString(role);
        out.writeEndArray();
        out.writeEndObject();
        out.writeNumberField("notBefore", 0);
        out.writeArrayFieldStart("groups");
        out.writeEndArray();
        out.writeEndObject();
    }

    /** {@code $2a$}, {@code $2b$} or {@code $2y$} with a two-digit cost: what the provider imports. */
    static boolean isBcrypt(String hash) {
        return hash != null
                && hash.length() == 60
                && hash.startsWith("$2")
                && "aby".indexOf(hash.charAt(2)) >= 0
                && hash.charAt(3) == '$'
                && Character.isDigit(hash.charAt(4))
                && Character.isDigit(hash.charAt(5))
                && hash.charAt(6) == '$';
    }

    static int costOf(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    private static void recreate(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
