package org.gotham.crimeapi.crime;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

/** Every SQL statement on the legacy {@code crimes} table (public only so that slice tests can mock it). */
@Repository
public class CrimeRepository {

    private static final String COLUMNS =
            "id, type, description, location, suspect_name, date_time, latitude," + " longitude";

    private final JdbcClient jdbc;

    private final LegacyDialect dialect;

    CrimeRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dialect = LegacyDialect.fromJdbcUrl(jdbcUrl(dataSource));
    }

    List<Crime> findAll(int skip, int limit) {
        return this.jdbc
                .sql("SELECT " + COLUMNS + " FROM crimes ORDER BY id LIMIT :limit OFFSET :skip")
                .param("limit", limit)
                .param("skip", skip)
                .query(this::map)
                .list();
    }

    List<Crime> search(CrimeSearch search, int skip, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM crimes WHERE 1 = 1");
        var params = new LinkedHashMap<String, @Nullable Object>();
        if (search.type() != null) {
            sql.append(" AND lower(type) = lower(:type)");
            params.put("type", search.type());
        }
        if (search.date() != null) {
            appendDay(sql, params, search.date());
        }
        if (search.location() != null) {
            sql.append(" AND lower(location) LIKE lower(:location) ESCAPE '!'");
            params.put("location", "%" + escapeLike(search.location()) + "%");
        }
        sql.append(" ORDER BY id LIMIT :limit OFFSET :skip");
        params.put("limit", limit);
        params.put("skip", skip);
        return this.jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    Optional<Crime> findById(long id) {
        return this.jdbc
                .sql("SELECT " + COLUMNS + " FROM crimes WHERE id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Reads the row and, inside a transaction, keeps others from changing it until the commit. */
    Optional<Crime> findByIdForUpdate(long id) {
        return this.jdbc
                .sql("SELECT " + COLUMNS + " FROM crimes WHERE id = :id" + this.dialect.lockClause())
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Inserts the crime's values (its id is ignored) and returns the new id. */
    long insert(Crime crime) {
        KeyHolder keys = new GeneratedKeyHolder();
        this.jdbc
                .sql("INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)"
                        + " VALUES (:type, :description, :location, :suspectName, :dateTime, :latitude, :longitude)")
                .params(values(crime))
                .update(keys, "id");
        Number id = keys.getKey();
        if (id == null) {
            throw new IllegalStateException("The database returned no id for the new crime");
        }
        return id.longValue();
    }

    void update(Crime crime) {
        this.jdbc
                .sql("UPDATE crimes SET type = :type, description = :description, location = :location,"
                        + " suspect_name = :suspectName, date_time = :dateTime, latitude = :latitude,"
                        + " longitude = :longitude WHERE id = :id")
                .params(values(crime))
                .param("id", crime.id())
                .update();
    }

    boolean delete(long id) {
        return this.jdbc
                        .sql("DELETE FROM crimes WHERE id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    private Map<String, @Nullable Object> values(Crime crime) {
        var values = new HashMap<String, @Nullable Object>();
        values.put("type", crime.type());
        values.put("description", crime.description());
        values.put("location", crime.location());
        values.put("suspectName", crime.suspectName());
        values.put("dateTime", this.dialect.bindDateTime(crime.dateTime()));
        values.put("latitude", crime.latitude());
        values.put("longitude", crime.longitude());
        return values;
    }

    private void appendDay(StringBuilder sql, Map<String, @Nullable Object> params, LocalDate day) {
        if (this.dialect == LegacyDialect.SQLITE) {
            // the text always starts with YYYY-MM-DD
            sql.append(" AND substr(date_time, 1, 10) = :day");
            params.put("day", LegacyTimestamps.dayPrefix(day));
            return;
        }
        sql.append(" AND date_time >= :dayStart");
        params.put("dayStart", day.atStartOfDay());
        if (day.getYear() < LegacyTimestamps.MAX_YEAR || day.getDayOfYear() < day.lengthOfYear()) {
            sql.append(" AND date_time < :dayEnd");
            params.put("dayEnd", day.plusDays(1).atStartOfDay());
        }
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private Crime map(ResultSet rs, int row) throws SQLException {
        return new Crime(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getString("description"),
                rs.getString("location"),
                rs.getString("suspect_name"),
                this.dialect.readDateTime(rs, "date_time"),
                nullableDouble(rs, "latitude"),
                nullableDouble(rs, "longitude"));
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String jdbcUrl(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
                if (url != null) {
                    return url;
                }
            }
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
        } catch (SQLException | MetaDataAccessException ex) {
            throw new IllegalStateException("Cannot tell which database the legacy data is in", ex);
        }
    }
}
