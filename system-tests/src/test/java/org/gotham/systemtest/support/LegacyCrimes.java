package org.gotham.systemtest.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.gotham.testsupport.LegacyDatabase;

/**
 * The {@code crimes} table of a legacy database, reached directly: tests put in the rows they need
 * and take out every row they or the apps wrote, whoever wrote them.
 */
public final class LegacyCrimes {

    private final LegacyDatabase database;

    public LegacyCrimes(LegacyDatabase database) {
        this.database = database;
    }

    /**
     * Adds a crime as the old app stored it on SQLite ({@code date_time} as text with six fractional
     * digits), e.g. {@code insert("Robbery", "Gotham Downtown", "2024-03-01 22:15:00.000000")}.
     *
     * @return its id
     */
    public long insert(String type, String location, String dateTime) {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO crimes (type, location, date_time) VALUES (?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, type);
            s.setString(2, location);
            s.setString(3, dateTime);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert a crime into " + database.jdbcUrl(), e);
        }
    }

    /** Removes crimes by id; ids that are not there are ignored. */
    public void delete(long... ids) {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM crimes WHERE id = ?")) {
            for (long id : ids) {
                s.setLong(1, id);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete crimes from " + database.jdbcUrl(), e);
        }
    }

    /** Removes every crime with an id above {@code id}: what a test's writes added after it looked. */
    public void deleteAbove(long id) {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM crimes WHERE id > ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete crimes from " + database.jdbcUrl(), e);
        }
    }

    /** The highest id in the table, 0 when it is empty. */
    public long maxId() {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM crimes")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read crimes from " + database.jdbcUrl(), e);
        }
    }

    public long count() {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM crimes")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read crimes from " + database.jdbcUrl(), e);
        }
    }
}
