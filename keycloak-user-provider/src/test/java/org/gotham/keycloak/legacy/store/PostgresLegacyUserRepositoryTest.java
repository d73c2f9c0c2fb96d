package org.gotham.keycloak.legacy.store;

import java.util.List;
import java.util.Map;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.Test;

/** Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth); skips without it, fails under CI=true. */
class PostgresLegacyUserRepositoryTest extends LegacyUserRepositoryContract {

    @Override
    LegacyDatabase createDatabase() throws Exception {
        return LegacyDatabase.postgres("kup_repo_test");
    }

    @Override
    String unreachableUrl() {
        return "jdbc:postgresql://127.0.0.1:1/kup_repo_test";
    }

    @Test
    void schemaQualifiedTableNamesWork() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.USERS_TABLE, List.of("public.users"));
        validate(config);
    }
}
