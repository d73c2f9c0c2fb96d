package org.gotham.systemtest.cluster;

import java.util.List;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * A legacy database of its own with {@code rows} users named {@value #PREFIX}NNNNNN, for an import. Dropped on close.
 *
 * <p>Its ids start at {@value #FIRST_ID}, clear of the realm's own legacy table: the import knows a Keycloak user's
 * row by its {@code legacy_id} within the realm, so a second component whose ids overlap the first's would find the
 * first's migrated users as its own.
 */
final class ImportTable implements AutoCloseable {

    static final String PREFIX = "cluster.import.";
    static final int FIRST_ID = 100_001;

    private final LegacyDatabase database;

    private ImportTable(LegacyDatabase database) {
        this.database = database;
    }

    static ImportTable create(int rows) {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.POSTGRESQL,
                "st_cluster_" + ProcessHandle.current().pid() + "_import",
                Environment.pathProperty("work.dir"),
                List.of());
        // one passlib hash (cost 4) for every row: what is tested is the import, not the hashing
        database.execute("INSERT INTO users (id, username, hashed_password) SELECT i, '" + PREFIX
                + "' || i, '" + LegacyUser.named("witness01").hash() + "' FROM generate_series(" + FIRST_ID + ", "
                + (FIRST_ID + rows - 1) + ") AS i");
        return new ImportTable(database);
    }

    LegacyDatabase database() {
        return database;
    }

    @Override
    public void close() {
        database.drop();
    }
}
