package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.Test;

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

    @Test
    void aTimeWithAZoneIsThatInstantAndADateIsItsMidnightUtc() {
        database.execute("ALTER TABLE users ADD created_tz TIMESTAMP WITH TIME ZONE");
        database.execute("ALTER TABLE users ADD created_day DATE");
        database.execute(
                "UPDATE users SET created_tz = '2024-05-01 14:30:00+02', created_day = '2024-05-01' " + "WHERE id = 1");
        try (LegacyStore store = store("active", "created_tz")) {
            assertThat(store.repository().findById(1).orElseThrow().details().createdTimestamp())
                    .isEqualTo(MAY_FIRST);
        }
        try (LegacyStore store = store("active", "created_day")) {
            assertThat(store.repository().findById(1).orElseThrow().details().createdTimestamp())
                    .isEqualTo(MAY_FIRST - (12 * 60 + 30) * 60_000L);
        }
    }
}
