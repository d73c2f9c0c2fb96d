package org.gotham.crimeapi.system;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Settings for a SQLite legacy database, applied before the pool starts: a pool of
 * {@code gotham.sqlite.pool-size} (one by default, so this app never competes with itself for the
 * single write lock), {@code busy_timeout} to wait for another process such as the old app,
 * transactions that begin IMMEDIATE (they take the write lock up front, so a read-modify-write cannot
 * fail half way with SQLITE_BUSY), and the database file's folder created if missing.
 */
class SqliteDataSourceTuning implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(SqliteDataSourceTuning.class);

    private static final String PREFIX = "jdbc:sqlite:";

    private final ObjectProvider<GothamProperties> gotham;

    SqliteDataSourceTuning(ObjectProvider<GothamProperties> gotham) {
        this.gotham = gotham;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari
                && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            GothamProperties.Sqlite sqlite = this.gotham.getObject().sqlite();
            hikari.setMaximumPoolSize(sqlite.poolSize());
            hikari.setMinimumIdle(Math.min(1, sqlite.poolSize()));
            hikari.addDataSourceProperty(
                    "busy_timeout", String.valueOf(sqlite.busyTimeout().toMillis()));
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            createFolder(hikari.getJdbcUrl().substring(PREFIX.length()));
        }
        return bean;
    }

    private static void createFolder(String location) {
        String file = location.contains("?") ? location.substring(0, location.indexOf('?')) : location;
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
                log.info("Created {} for the SQLite database", parent);
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot create the folder of the SQLite database " + file, ex);
            }
        }
    }
}
