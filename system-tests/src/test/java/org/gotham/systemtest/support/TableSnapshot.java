package org.gotham.systemtest.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gotham.testsupport.LegacyDatabase;

/** Every row of one legacy table at one moment, by id: compare two to prove nothing changed in between. */
public record TableSnapshot(String table, List<Map<String, Object>> rows) {

    /** @param table a table name from the legacy schema ({@code users}, {@code crimes}), never user input */
    public static TableSnapshot of(LegacyDatabase database, String table) {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return new TableSnapshot(table, List.copyOf(rows));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + " from " + database.jdbcUrl(), e);
        }
    }

    /** The rows whose {@code id} is at most {@code maxId}: those that existed when a test began. */
    public TableSnapshot upTo(long maxId) {
        return new TableSnapshot(
                table,
                rows.stream()
                        .filter(row -> ((Number) row.get("id")).longValue() <= maxId)
                        .toList());
    }

    /** Only these columns of every row: to compare what must stay while other columns may change. */
    public TableSnapshot columns(String... names) {
        return new TableSnapshot(
                table,
                rows.stream()
                        .map(row -> {
                            Map<String, Object> kept = new LinkedHashMap<>();
                            for (String name : names) {
                                kept.put(name, row.get(name));
                            }
                            return kept;
                        })
                        .toList());
    }

    public long maxId() {
        return rows.stream()
                .mapToLong(row -> ((Number) row.get("id")).longValue())
                .max()
                .orElse(0);
    }
}
