package org.gotham.systemtest.cluster;

import java.util.List;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * A legacy database of its own for an import: {@code rows} users named {@code <name>.<id>}, dropped on close. The users
 * an import made of it stay in the realm (which is the cluster's own), so each table has its names and ids of its own.
 *
 * <p>The ids start at {@code firstId}, clear of the realm's own legacy table and of other tables: the import knows a
 * Keycloak user's row by its {@code legacy_id} within the realm, so a component whose ids overlap another's would
 * find that one's users as its own ("unchanged").
 */
final class ImportTable implements AutoCloseable {

    private final LegacyDatabase database;
    private final String prefix;

    private ImportTable(LegacyDatabase database, String prefix) {
        this.database = database;
        this.prefix = prefix;
    }

    static ImportTable create(String name, int firstId, int rows) {
        String prefix = "cluster." + name + ".";
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.POSTGRESQL,
                "st_cluster_" + ProcessHandle.current().pid() + "_" + name,
                Environment.pathProperty("work.dir"),
                List.of());
        // one passlib hash (cost 4) for every row: what is tested is the import, not the hashing
        database.execute("INSERT INTO users (id, username, hashed_password) SELECT i, '" + prefix + "' || i, '"
                + LegacyUser.named("witness01").hash() + "' FROM generate_series(" + firstId + ", "
                + (firstId + rows - 1) + ") AS i");
        return new ImportTable(database, prefix);
    }

    LegacyDatabase database() {
        return database;
    }

    /** What every username of this table starts with. */
    String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        database.drop();
    }
}
