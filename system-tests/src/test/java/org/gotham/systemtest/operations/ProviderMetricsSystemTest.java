package org.gotham.systemtest.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.CrimeApiExtension;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.MetricsScrape;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The provider's metrics on Keycloak's metrics endpoint (management port, {@code /metrics}) move with what happens:
 * sign-ins by outcome, bcrypt check and wait times, rows written back, rehashes, lazy migrations, the import's
 * progress, users left to migrate, the store's state and its connection pool, beside Keycloak's own user events; and
 * every query of the Grafana dashboard in the repository names a metric that Keycloak or crime-api exports. The realm
 * is the realm file as shipped, on a legacy database of its own.
 */
@ExtendWith({KeycloakExtension.class, CrimeApiExtension.class})
class ProviderMetricsSystemTest {

    private static final String REALM = "ops-metrics";
    private static final Path DASHBOARD = Path.of(System.getProperty("project.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("docker/grafana/dashboards/gotham-migration.json");
    /** Metric names in a PromQL expression: ours, Keycloak's, Hikari's and crime-api's. */
    private static final Pattern METRIC =
            Pattern.compile("\\b((?:gotham_legacy|keycloak|hikaricp|http_server_requests)_[a-z_]+)\\b");

    private final GothamKeycloak keycloak;
    private final CrimeApiServer crimeApi;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ProviderMetricsSystemTest(GothamKeycloak keycloak, CrimeApiServer crimeApi) {
        this.keycloak = keycloak;
        this.crimeApi = crimeApi;
    }

    @Test
    void everyProviderMetricMovesAndEveryDashboardQueryNamesAnExportedMetric() throws IOException {
        KeycloakRuntime.assumeProcess("reads Keycloak's management port, which only the process runtime publishes");
        List<LegacyUser> users = new ArrayList<>(LegacyUser.all());
        users.add(new LegacyUser("broken.hash", "whatever-1", "not-a-bcrypt-hash"));
        LegacyDatabase database =
                LegacyDatabase.create(Vendor.SQLITE, "ops_metrics", Environment.pathProperty("work.dir"), users);
        LegacyRealm realm = keycloak.createRealm(REALM, database, shipped -> {});
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource resource = admin.realm(REALM);
            String component = GothamKeycloak.federationId(resource);
            MetricsScrape before = MetricsScrape.of(keycloak.server());

            LegacyUser batman = LegacyUser.named("batman");
            LegacyUser robin = LegacyUser.named("robin"); // $2a$10$: rehashed at cost 12 by a sign-in (WRITABLE)
            assertThat(realm.tokens()
                            .password("crime-cli", batman.username(), batman.password())
                            .ok())
                    .isTrue();
            assertThat(realm.tokens()
                            .password("crime-cli", robin.username(), robin.password())
                            .ok())
                    .isTrue();
            assertThat(realm.tokens()
                            .password("crime-cli", "gordon", "not-his-password")
                            .ok())
                    .isFalse();
            assertThat(realm.tokens()
                            .password("crime-cli", "nobody.here", "not-a-password")
                            .ok())
                    .isFalse();
            assertThat(realm.tokens()
                            .password("crime-cli", "broken.hash", "whatever-1")
                            .ok())
                    .isFalse();

            createUser(resource, "metrics.recruit", "recruit-password-1");
            resetPassword(resource, "alfred", "alfred-new-password-1");
            resource.users().get(userId(resource, "harvey.dent")).remove();

            // lazy migration needs READ_ONLY; then the import (Sync all users) runs on this table
            ComponentRepresentation federation =
                    resource.components().component(component).toRepresentation();
            federation.getConfig().putSingle("editMode", "READ_ONLY");
            federation.getConfig().putSingle("lazyMigration", "true");
            resource.components().component(component).update(federation);
            LegacyUser selina = LegacyUser.named("selina");
            assertThat(realm.tokens()
                            .password("crime-cli", selina.username(), selina.password())
                            .ok())
                    .isTrue();
            resource.userStorage().syncUsers(component, "triggerFullSync");

            MetricsScrape after = MetricsScrape.of(keycloak.server());
            Map<String, String> ours = Map.of("component", component);
            System.out.println("the provider's series after the actions:\n" + after.lines("gotham_legacy_"));
            assertThat(after.moved(before, "gotham_legacy_sign_ins_total", with(ours, "outcome", "match")))
                    .isGreaterThanOrEqualTo(3);
            assertThat(after.moved(before, "gotham_legacy_sign_ins_total", with(ours, "outcome", "mismatch")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_sign_ins_total", with(ours, "outcome", "unknown_name")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_sign_ins_total", with(ours, "outcome", "unusable_hash")))
                    .isEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_rows_written_total", with(ours, "change", "created")))
                    .isEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_rows_written_total", with(ours, "change", "password")))
                    .isGreaterThanOrEqualTo(2);
            assertThat(after.moved(before, "gotham_legacy_rows_written_total", with(ours, "change", "deleted")))
                    .isEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_rehashes_total", ours))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_lazy_migrations_total", ours))
                    .isEqualTo(1);
            assertThat(after.moved(before, "gotham_legacy_password_check_seconds_count", Map.of()))
                    .isGreaterThanOrEqualTo(5);
            assertThat(after.moved(before, "gotham_legacy_password_check_wait_seconds_count", Map.of()))
                    .isGreaterThanOrEqualTo(5);
            assertThat(after.value("gotham_legacy_store_up", ours)).isEqualTo(1);
            assertThat(after.value("gotham_legacy_import_rows_expected", ours)).isGreaterThan(0);
            assertThat(after.value("gotham_legacy_import_rows_processed", ours))
                    .isEqualTo(after.value("gotham_legacy_import_rows_expected", ours));
            assertThat(after.names()).contains("hikaricp_connections_active", "hikaricp_connections_pending");
            assertThat(after.value("hikaricp_connections", Map.of("pool", "legacy-user-db-" + component)))
                    .as("the legacy pool's connections")
                    .isGreaterThanOrEqualTo(0);
            assertThat(after.moved(before, "keycloak_user_events_total", Map.of("realm", REALM, "event", "login")))
                    .as("Keycloak's own user-event metrics")
                    .isGreaterThanOrEqualTo(1);
            // counted in the background, never on the scrape: NaN until the first count ends
            Await.until(
                    "users left to migrate counted",
                    Duration.ofSeconds(60),
                    () -> !Double.isNaN(MetricsScrape.of(keycloak.server()).value("gotham_legacy_users_left", ours)));

            // every metric the dashboard asks for is exported (crime-api's after one request of its own)
            assertThat(get(URI.create(crimeApi.baseUrl() + "/web-config")).statusCode())
                    .isEqualTo(200);
            Set<String> exported =
                    new LinkedHashSet<>(MetricsScrape.of(keycloak.server()).names());
            exported.addAll(new MetricsScrape(get(URI.create(crimeApi.baseUrl() + "/actuator/prometheus"))
                            .body())
                    .names());
            assertThat(dashboardMetrics())
                    .isNotEmpty()
                    .allSatisfy(metric -> assertThat(exported)
                            .as("the dashboard's %s is exported", metric)
                            .contains(metric));
        } finally {
            keycloak.removeRealm(REALM);
        }
    }

    /** The metric names the dashboard's queries use. */
    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    names.add(metric.group(1));
                }
            }
        }
        return names;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(name, value);
        return all;
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String userId(RealmResource realm, String username) {
        return realm.users().searchByUsername(username, true).get(0).getId();
    }

    private static void createUser(RealmResource realm, String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        try (var created = realm.users().create(user)) {
            assertThat(created.getStatus()).as("creating %s", username).isEqualTo(201);
        }
        resetPassword(realm, username, password);
    }

    private static void resetPassword(RealmResource realm, String username, String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        realm.users().get(userId(realm, username)).resetPassword(credential);
    }
}
