package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.Test;

/** Needs MariaDB at 127.0.0.1:3306 (root, no password); skips without it, fails under CI=true. */
class MariaDbLegacyUserRepositoryTest extends LegacyUserRepositoryContract {

    @Override
    LegacyDatabase createDatabase() throws Exception {
        return LegacyDatabase.mariadb("kup_repo_test");
    }

    @Override
    String unreachableUrl() {
        return "jdbc:mariadb://127.0.0.1:1/kup_repo_test";
    }

    @Test
    void accentInsensitiveCollationDoesNotLetAnotherNameSignIn() throws Exception {
        // utf8mb4's default collation says 'batmán' = 'batman'; the lookup must not.
        assertThat(repository.findByUsernameIgnoreCase("batmán", 10)).isEmpty();
    }

    @Test
    void mysqlUrlsWorkThroughTheBundledMariaDbDriver() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_URL, List.of(database.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:")));
        validate(config);
        try (LegacyStore mysql = LegacyStore.open("mysql", LegacyStoreConfig.from(config))) {
            assertThat(mysql.repository().findByUsernameIgnoreCase("ROBIN", 1)).hasSize(1);
        }
    }

    @Test
    void wrongCredentialsAreAnAdminMessageWithoutThePassword() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.JDBC_USER, List.of("kup_nobody"));
        config.put(LegacyStoreConfig.JDBC_PASSWORD, List.of("s3cr3t-pw"));
        assertThatThrownBy(() -> validate(config))
                .satisfies(e -> assertThat(adminMessage(e))
                        .startsWith("Cannot connect to the legacy database at " + database.jdbcUrl() + ": ")
                        .doesNotContain("s3cr3t-pw"));
    }
}
