package org.gotham.keycloak.legacy.store;

import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;

/** Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth); skips without it, fails under CI=true. */
class PostgresLegacyUserColumnsRepositoryTest extends LegacyUserColumnsRepositoryContract {

    @Override
    LegacyDatabase createDatabase() {
        return LegacyDatabase.postgres("kup_columns_test");
    }

    @Override
    String booleanType() {
        return "BOOLEAN";
    }

    @Override
    String timestampType() {
        return "TIMESTAMP WITHOUT TIME ZONE";
    }
}
