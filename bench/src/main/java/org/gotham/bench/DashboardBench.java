package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * A picture of the Grafana dashboard from a real run: a legacy PostgreSQL database, Keycloak with the provider
 * (metrics and user event metrics on), crime-api, and Debian's Prometheus scraping both every 2 s, driven through
 * {@link DashboardScenario} for a few minutes; then each panel's queries, as the dashboard has them but with shorter
 * rate windows, asked of that Prometheus and drawn by {@link DashboardPicture} into {@code reports/dashboard.png},
 * with {@code dashboard.md|json} saying how it was made. Not a benchmark: nothing is measured against a target but
 * that every panel shows something and that the outage shows.
 */
final class DashboardBench {

    static final String REALM = "gotham-dashboard";
    static final String DATABASE = "bench_dash_legacy";
    static final String DASHBOARD = "docker/grafana/dashboards/gotham-migration.json";
    static final String COMPONENT_ID = "legacy-users";
    /** The component's bcrypt cost (the realm file's is 12): what password changes, registrations and rehashes write. */
    static final int COMPONENT_COST = 8;
    /** One legacy user in eight has a hash from before the old app raised its cost: rehashed on its first sign-in. */
    static final int OLD_COST = 5;

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Context context;
    private final Settings settings;
    private final Report.Section section =
            new Report.Section("dashboard", "The Grafana dashboard, drawn from a bench run");

    private DashboardBench(Context context) {
        this.context = context;
        this.settings = context.settings;
    }

    static Report.Section run(Context context) throws Exception {
        return new DashboardBench(context).run();
    }

    private Report.Section run() throws Exception {
        int users = settings.integer("dashboard.users", 2000, 5000);
        int crimes = settings.integer("dashboard.crimes", 1000, 1000);
        Duration length = Duration.ofSeconds(settings.integer("dashboard.seconds", 100, 270));
        Duration outage = Duration.ofSeconds(settings.integer("dashboard.outage", 12, 20));
        Duration scrape = Duration.ofSeconds(settings.integer("dashboard.scrape-interval", 2, 2));
        String window = settings.text("dashboard.window", "30s");
        String binary = settings.text("dashboard.prometheus", Prometheus.DEFAULT_BINARY);
        boolean keep = Boolean.parseBoolean(settings.text("dashboard.keep-database", "false"));
        Path dir = settings.work.resolve("dashboard");
        Files.createDirectories(dir);
        context.stopKeycloak(); // this one runs with user event metrics, and the machine is its own
        Json.Obj data = section.data();

        // the legacy database: users (1 in 8 at the old cost) and crimes; the provider reaches it through the proxy
        LegacyDatabase legacy = LegacyDatabase.make(Vendor.POSTGRESQL, DATABASE, settings.work, Collation.BINARY);
        List<LegacyUsers.Credential> credentials = new ArrayList<>();
        credentials.add(LegacyUsers.credentials(OLD_COST).get(0));
        credentials.addAll(LegacyUsers.credentials(COMPONENT_COST).subList(1, LegacyUsers.CREDENTIALS_PER_COST));
        LegacyUsers.insertNumbered(legacy, "citizen", 6, users, credentials);
        legacy.execute(resource("crimes.sql").replace("${COUNT}", Integer.toString(crimes)));
        Bench.say(String.format("%,d legacy users and %,d crimes in %s", users, crimes, DATABASE));

        try (DatabaseProxy proxy = new DatabaseProxy("127.0.0.1", 5432);
                MeasuredKeycloak keycloak =
                        MeasuredKeycloak.start(settings, context.providerJar(), "--event-metrics-user-enabled=true")) {
            KeycloakAdmin admin = new KeycloakAdmin(keycloak);
            Map<String, String> viaProxy = new HashMap<>(legacy.realmVariables());
            viaProxy.put("LEGACY_DB_URL", legacy.jdbcUrl().replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port()));
            ObjectNode realm = KeycloakAdmin.realmFromExport(context.realmExport(), REALM, viaProxy);
            KeycloakAdmin.setComponentConfig(realm, "bcryptCost", Integer.toString(COMPONENT_COST));
            // the realm file's component id, as its import keeps it: the metrics' component label (realmFromExport
            // drops ids so that several realms fit in one Keycloak; this Keycloak has only this realm)
            realm.path("components")
                    .path("org.keycloak.storage.UserStorageProvider")
                    .forEach(component -> ((ObjectNode) component).put("id", COMPONENT_ID));
            admin.createRealm(realm);
            String componentId = admin.getJson(
                            "/" + REALM + "/components?type=org.keycloak.storage.UserStorageProvider")
                    .get(0)
                    .path("id")
                    .asText();

            Map<String, String> env = new HashMap<>(legacy.realmVariables());
            env.putAll(Map.of(
                    "KEYCLOAK_ISSUER_URI", keycloak.issuer(REALM),
                    "KEYCLOAK_PUBLIC_URL", keycloak.baseUrl(),
                    "CRIME_API_CLIENT_SECRET", "crime-api-dev-secret",
                    "GOTHAM_DEMO", "true",
                    "GOTHAM_RATE_LIMIT_LOGIN_CAPACITY", "100000",
                    "GOTHAM_RATE_LIMIT_REGISTER_CAPACITY", "100000"));
            try (MeasuredCrimeApi crimeApi = MeasuredCrimeApi.start(settings, context.crimeApiJar(), "dashboard", env);
                    Prometheus prometheus = Prometheus.start(
                            binary,
                            dir.resolve("prometheus"),
                            scrape,
                            List.of(
                                    new Prometheus.Job(
                                            "keycloak",
                                            "/metrics",
                                            keycloak.managementUri("/").getAuthority()),
                                    new Prometheus.Job(
                                            "crime-api",
                                            "/actuator/prometheus",
                                            crimeApi.url("/")
                                                    .replaceFirst("^http://", "")
                                                    .replaceFirst("/$", ""))))) {
                prometheus.awaitTargetsUp(Duration.ofSeconds(60));
                Processes.sleep(2 * scrape.toMillis());

                DashboardScenario scenario = new DashboardScenario(
                        new DashboardScenario.Target(
                                keycloak,
                                admin,
                                REALM,
                                componentId,
                                crimeApi.url(""),
                                proxy,
                                users,
                                g -> String.format("citizen%06d", g),
                                g -> LegacyUsers.password(credentials, g),
                                crimes),
                        length,
                        outage,
                        Duration.ofMinutes(30));
                Bench.say("Scenario of " + length.toSeconds() + " s (Prometheus scraping every " + scrape.toSeconds()
                        + " s)");
                scenario.run();
                Processes.sleep(2 * scrape.toMillis() + 1000); // the last moments scraped

                Instant from = scenario.start().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
                Instant to = Instant.now();
                JsonNode dashboard = DashboardQueries.read(settings.repo.resolve(DASHBOARD));
                List<DashboardQueries.Panel> panels = DashboardQueries.panels(dashboard);
                DashboardQueries.Result result = DashboardQueries.query(prometheus, panels, from, to, scrape, window);

                Json.Obj saved = DashboardQueries.toJson(result);
                saved.with("title", dashboard.path("title").asText() + " (Grafana dashboard, drawn from a bench run)")
                        .with("caption", caption(panels, scenario, window, scrape, users))
                        .with("marks", marks(scenario));
                Path panelsJson = dir.resolve("panels.json");
                Files.writeString(panelsJson, Json.write(saved) + "\n");
                Path png = settings.reports.resolve(DashboardPicture.FILE);
                DashboardPicture.write(png, Json.parse(Json.write(saved)));
                Bench.say("Wrote " + png + " (" + Files.size(png) / 1024 + " KB; answers in " + panelsJson + ")");

                data.with("users", users)
                        .with("crimes", crimes)
                        .with("scenarioSeconds", length.toSeconds())
                        .with("outageSeconds", outage.toSeconds())
                        .with("scrapeIntervalSeconds", scrape.toSeconds())
                        .with("window", window)
                        .with("windowsReplaced", windowsReplaced(panels))
                        .with("prometheus", Prometheus.version(binary))
                        .with("range", Json.obj().with("from", from.toString()).with("to", to.toString()))
                        .with("marks", marks(scenario))
                        .with("requests", scenario.counts())
                        .with(
                                "import",
                                scenario.importResult() == null
                                        ? null
                                        : scenario.importResult().json(20))
                        .with("picture", DashboardPicture.FILE)
                        .with("pictureBytes", Files.size(png));
                DashboardReport.describe(section, data, result, scenario);
            }
        } finally {
            if (!keep) {
                try {
                    DatabaseServers.drop(Vendor.POSTGRESQL, DATABASE);
                } catch (IllegalStateException e) {
                    System.err.println("could not drop " + DATABASE + ": " + e.getMessage());
                }
            }
        }
        return section;
    }

    private List<String> caption(
            List<DashboardQueries.Panel> panels,
            DashboardScenario scenario,
            String window,
            Duration scrape,
            int users) {
        String windows = String.join(", ", windowsReplaced(panels));
        List<String> caption = new ArrayList<>();
        caption.add(String.format(
                Locale.ROOT,
                "Drawn from a bench run (bench/run.sh dashboard, %s UTC), not a Grafana screenshot: each panel's queries"
                        + " as %s has them, asked of a real Prometheus (Debian's, scraping Keycloak's /metrics and"
                        + " crime-api's /actuator/prometheus every %d s), drawn with XChart in the dashboard's layout."
                        + " %,d legacy users in PostgreSQL; Keycloak %s with the provider; crime-api.",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(scenario.start()),
                DASHBOARD,
                scrape.toSeconds(),
                users,
                org.gotham.testsupport.Versions.keycloak()));
        caption.add("Rate windows shortened for a run of a few minutes: [" + windows + "] replaced by [" + window
                + "] in every query, so each rate here is over the last " + window + " where the dashboard's is over"
                + " the last " + windows + ". Nothing else in the queries differs.");
        StringBuilder moments = new StringBuilder("Dashed lines, times UTC:");
        for (Json.Obj mark : marks(scenario)) {
            if (Boolean.TRUE.equals(mark.get("line"))) {
                moments.append(' ')
                        .append(CLOCK.format(Instant.parse((String) mark.get("at"))))
                        .append(' ')
                        .append(mark.get("what"))
                        .append(';');
            }
        }
        caption.add(moments.substring(0, moments.length() - 1) + ".");
        return caption;
    }

    /** The scenario's moments; the first and the last are the edges of the plots, not lines. */
    static List<Json.Obj> marks(DashboardScenario scenario) {
        List<DashboardScenario.Mark> marks = scenario.marks();
        List<Json.Obj> json = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            json.add(Json.obj()
                    .with(
                            "at",
                            marks.get(i).at().truncatedTo(ChronoUnit.SECONDS).toString())
                    .with(
                            "secondsIn",
                            Duration.between(scenario.start(), marks.get(i).at())
                                    .toSeconds())
                    .with("what", marks.get(i).what())
                    .with("line", i > 0 && i < marks.size() - 1));
        }
        return json;
    }

    static List<String> windowsReplaced(List<DashboardQueries.Panel> panels) {
        Set<String> windows = new LinkedHashSet<>();
        for (DashboardQueries.Panel panel : panels) {
            for (DashboardQueries.Target target : panel.targets()) {
                windows.addAll(DashboardQueries.windows(target.expr()));
            }
        }
        return List.copyOf(windows);
    }

    private static String resource(String name) {
        try (InputStream in = DashboardBench.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
