package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyConnectionsTest {

    @Test
    void failureMessageIsTheDriversNotThePoolWrapper() {
        SQLException driver = new SQLException(
                "Connection to 127.0.0.1:1 refused. Check that the hostname and port " + "are correct",
                "08001",
                new ConnectException("Connection refused"));
        SQLTransientConnectionException pool = new SQLTransientConnectionException(
                "legacy-user-db-x - Connection is not available, request timed out after 2001ms", "08001", driver);
        assertThat(LegacyConnections.rootMessage(pool)).startsWith("Connection to 127.0.0.1:1 refused.");
        assertThat(LegacyConnections.rootMessage(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
        assertThat(LegacyConnections.rootMessage(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void failureDescriptionHidesCredentialsEvenIfTheDriverEchoesThem() {
        LegacyStoreConfig config = LegacyStoreConfig.from(Map.of(
                LegacyStoreConfig.JDBC_URL, List.of("jdbc:postgresql://admin:in-url@db/legacy?password=in-param"),
                LegacyStoreConfig.JDBC_PASSWORD, List.of("Sup3r-secret")));
        String description =
                LegacyConnections.describeFailure(config, new SQLException("FATAL: password Sup3r-secret rejected"));
        assertThat(description)
                .isEqualTo("Cannot connect to the legacy database at jdbc:postgresql://***@db/legacy?password=***: "
                        + "FATAL: password *** rejected");
    }

    @Test
    void mysqlUrlsGoToTheMariaDbDriver() throws SQLException {
        assertThat(LegacyConnections.driverUrl("jdbc:mysql://db:3306/legacy"))
                .isEqualTo("jdbc:mariadb://db:3306/legacy");
        assertThat(LegacyConnections.driverUrl("jdbc:postgresql://db/legacy")).isEqualTo("jdbc:postgresql://db/legacy");
        assertThat(LegacyConnections.driver("jdbc:mysql://db/x")).isInstanceOf(org.mariadb.jdbc.Driver.class);
        assertThat(LegacyConnections.driver("jdbc:postgresql://db/x")).isInstanceOf(org.postgresql.Driver.class);
        assertThat(LegacyConnections.driver("jdbc:sqlite:x.db")).isInstanceOf(org.sqlite.JDBC.class);
    }

    @Test
    void everyDriverGetsConnectAndReadTimeoutsAndSqliteIsNeverCreated() {
        assertThat(LegacyConnections.driverProperties("jdbc:postgresql://db/x", 2))
                .containsEntry("connectTimeout", "2")
                .containsEntry("loginTimeout", "2")
                .containsEntry("socketTimeout", "15");
        assertThat(LegacyConnections.driverProperties("jdbc:mariadb://db/x", 2))
                .containsEntry("connectTimeout", "2000")
                .containsEntry("socketTimeout", "15000");
        assertThat(LegacyConnections.driverProperties("jdbc:sqlite:/x.db", 2))
                .containsEntry("open_mode", "2")
                .containsEntry("busy_timeout", "5000");
    }
}
