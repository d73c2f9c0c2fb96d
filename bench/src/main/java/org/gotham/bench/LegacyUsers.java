package org.gotham.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.gotham.testsupport.LegacyDatabase;

/**
 * Legacy users made fast: a few real passlib-style {@code $2b$} hashes per cost (BouncyCastle, the library the
 * provider checks them with), shared round-robin by many distinct users, so that making 10,000 users costs 8
 * hashes and every sign-in still pays a full bcrypt check.
 */
final class LegacyUsers {

    /** A password and its bcrypt hash. */
    record Credential(String password, String hash) {}

    static final int CREDENTIALS_PER_COST = 8;

    private LegacyUsers() {}

    static List<Credential> credentials(int cost) {
        SecureRandom random = new SecureRandom();
        return IntStream.range(0, CREDENTIALS_PER_COST)
                .parallel()
                .mapToObj(i -> {
                    String password = "bench-password-" + cost + "-" + i;
                    byte[] salt = new byte[16];
                    random.nextBytes(salt);
                    return new Credential(
                            password,
                            OpenBSDBCrypt.generate("2b", password.getBytes(StandardCharsets.UTF_8), salt, cost));
                })
                .toList();
    }

    /**
     * Inserts users {@code prefix000001..prefixN} into the legacy users table; user number g has credential
     * {@code g % 8}. Returns the usernames in order.
     */
    static List<String> insert(LegacyDatabase database, String prefix, int count, List<Credential> credentials) {
        insertNumbered(database, prefix, 6, count, credentials);
        List<String> names = new ArrayList<>(count);
        for (int g = 1; g <= count; g++) {
            names.add(prefix + String.format("%06d", g));
        }
        return names;
    }

    /**
     * Inserts users {@code prefix} + {@code g} zero-padded to {@code digits} digits, for {@code g} in 1..count, in one
     * statement on the server ({@code generate_series}); user number g has credential {@code g % credentials.size()}.
     */
    static void insertNumbered(
            LegacyDatabase database, String prefix, int digits, int count, List<Credential> credentials) {
        if (String.valueOf(count).length() > digits) {
            throw new IllegalArgumentException(count + " users do not fit in " + digits + " digits");
        }
        String sql = "INSERT INTO users (username, hashed_password) SELECT ? || lpad(g::text, " + digits + ", '0'), "
                + "(?::text[])[1 + g % " + credentials.size() + "] FROM generate_series(1, ?) g";
        try (Connection c = database.connect();
                PreparedStatement insert = c.prepareStatement(sql)) {
            Array hashes = c.createArrayOf(
                    "text", credentials.stream().map(Credential::hash).toArray());
            insert.setString(1, prefix);
            insert.setArray(2, hashes);
            insert.setInt(3, count);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert legacy users into " + database, e);
        }
    }

    /** The password of user number {@code g} (1-based) as {@link #insert} assigned it. */
    static String password(List<Credential> credentials, int g) {
        return credentials.get(g % credentials.size()).password();
    }
}
