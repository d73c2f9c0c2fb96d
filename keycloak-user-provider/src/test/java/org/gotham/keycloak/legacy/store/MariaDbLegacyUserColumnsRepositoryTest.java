package org.gotham.keycloak.legacy.store;

import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;

/** Needs MariaDB at 127.0.0.1:3306 (root, no password); skips without it, fails under CI=true. */
class MariaDbLegacyUserColumnsRepositoryTest extends LegacyUserColumnsRepositoryContract {

    @Override
    LegacyDatabase createDatabase() {
        return LegacyDatabase.mariadb("kup_columns_test");
    }

    /** TINYINT(1), as MariaDB has it. */
    @Override
    String booleanType() {
        return "BOOLEAN";
    }

    @Override
    String timestampType() {
        return "DATETIME(6)";
    }
}
