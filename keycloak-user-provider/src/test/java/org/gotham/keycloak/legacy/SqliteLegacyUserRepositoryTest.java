package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
}
