package org.gotham.keycloak.legacy.store;

import java.nio.file.Path;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.io.TempDir;

class SqliteLegacyUserColumnsRepositoryTest extends LegacyUserColumnsRepositoryContract {

    @TempDir
    static Path directory;

    @Override
    LegacyDatabase createDatabase() {
        return LegacyDatabase.sqlite(directory);
    }

    @Override
    String booleanType() {
        return "BOOLEAN";
    }

    /** What SQLAlchemy declares; SQLite stores its values as text. */
    @Override
    String timestampType() {
        return "DATETIME";
    }
}
