package org.gotham.systemtest.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.gotham.testsupport.LegacyDatabase;

/**
 * A PostgreSQL login role of the test's own with a password and the rights on the legacy {@code users} table the
 * provider needs: other JDBC credentials for the federation component. Dropped on close.
 */
final class LegacyRole implements AutoCloseable {

    private static final int POSTGRES_PORT = 5432;

    private final LegacyDatabase database;
    private final String name;
    private final String password;

    private LegacyRole(LegacyDatabase database, String name, String password) {
        this.database = database;
        this.name = name;
        this.password = password;
    }

    static LegacyRole create(LegacyDatabase database) {
        String name = "st_cluster_role_" + ProcessHandle.current().pid();
        LegacyRole role = new LegacyRole(database, name, "cluster-role-password-1");
        role.dropIfExists();
        database.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + role.password + "';"
                + "GRANT SELECT, INSERT, UPDATE, DELETE ON users TO " + name + ";"
                + "GRANT USAGE, SELECT ON SEQUENCE users_id_seq TO " + name);
        return role;
    }

    String name() {
        return name;
    }

    String password() {
        return password;
    }

    /** The database users of {@code node}'s open connections to this legacy database. */
    Set<String> usersOfConnectionsFrom(ClusterNode node) {
        Set<Integer> ports = node.localPortsTo(POSTGRES_PORT);
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("SELECT usename FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND client_port = ANY (?)")) {
            Array array = c.createArrayOf("integer", ports.toArray());
            s.setArray(1, array);
            Set<String> users = new HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    users.add(r.getString(1));
                }
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void dropIfExists() {
        if (database.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = ?", name) > 0) {
            database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "';"
                    + "DROP OWNED BY " + name + ";"
                    + "DROP ROLE " + name);
        }
    }

    @Override
    public void close() {
        dropIfExists();
    }
}
