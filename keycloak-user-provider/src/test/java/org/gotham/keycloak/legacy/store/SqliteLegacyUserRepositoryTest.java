package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLegacyUserRepositoryTest extends LegacyUserRepositoryContract {

    @TempDir
    static Path directory;

    @Override
    LegacyDatabase createDatabase() throws Exception {
        return LegacyDatabase.sqlite(directory);
    }

    @Override
    String unreachableUrl() {
        return "jdbc:sqlite:" + directory.resolve("missing-dir/gotham_crime_data.db");
    }

    @Test
    void mistypedPathIsAnErrorAndCreatesNoEmptyDatabase() {
        Path typo = directory.resolve("gotham_crime_data.bd");
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:" + typo));
        assertThatThrownBy(() -> validate(config))
                .satisfies(e -> assertThat(adminMessage(e))
                        .startsWith("Cannot connect to the legacy database at jdbc:sqlite:" + typo + ": "));
        assertThat(Files.exists(typo)).isFalse();
    }

    @Test
    void relativePathsWork() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(directory.resolve("gotham_crime_data.db"));
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:" + relative));
        validate(config);
        try (LegacyStore relativeStore = LegacyStore.open("relative", LegacyStoreConfig.from(config))) {
            assertThat(relativeStore.repository().findByUsernameIgnoreCase("robin", 1))
                    .hasSize(1);
        }
    }

    @Test
    void aBusyPoolIsNotAnOutage() throws Exception {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.MAX_POOL_SIZE, List.of("1"));
        LegacyStoreConfig oneConnection = LegacyStoreConfig.from(config);
        LegacyCircuitBreaker breaker = new LegacyCircuitBreaker(() -> 0L, LegacyCircuitBreaker.OPEN_NANOS);
        try (HikariDataSource pool = LegacyConnections.pool("busy", oneConnection)) {
            LegacyUserRepository busy = new LegacyUserRepository(pool, oneConnection, breaker);
            try (Connection held = pool.getConnection()) {
                assertThatThrownBy(() -> busy.count(LegacyUserQuery.all()))
                        .as("every connection in use")
                        .isInstanceOf(LegacyStoreUnavailableException.class);
            }
            assertThat(breaker.refusal())
                    .as("the breaker after a wait for a busy pool")
                    .isNull();
            assertThat(busy.findByUsernameIgnoreCase("robin", 1)).hasSize(1);
        }
    }
}
