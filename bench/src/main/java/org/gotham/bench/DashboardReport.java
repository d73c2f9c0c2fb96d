package org.gotham.bench;

import java.util.List;
import java.util.Map;

/** The Markdown of the dashboard picture's section: what the picture is, how it was made, what the run did. */
final class DashboardReport {

    private DashboardReport() {}

    @SuppressWarnings("unchecked")
    static void describe(
            Report.Section section, Json.Obj data, DashboardQueries.Result result, DashboardScenario scenario) {
        String window = (String) data.get("window");
        List<String> replaced = (List<String>) data.get("windowsReplaced");
        section.line("![The Grafana dashboard, drawn from this run](" + DashboardPicture.FILE + ")")
                .line("")
                .line("**What this is.** The panels of `" + DashboardBench.DASHBOARD + "` (Compose profile "
                        + "`monitoring`), drawn from a real run, not a Grafana screenshot (this machine has no Docker "
                        + "and no Grafana): Keycloak with the provider (`--metrics-enabled=true "
                        + "--event-metrics-user-enabled=true`) and crime-api were scraped every "
                        + data.get("scrapeIntervalSeconds") + " s by a real Prometheus " + data.get("prometheus")
                        + " (Debian's package; jobs `keycloak` and `crime-api` as in `docker/prometheus/prometheus.yml`"
                        + "); afterwards each panel's queries, as the dashboard has them, were asked of it "
                        + "(`/api/v1/query_range`, step " + result.step().toSeconds() + " s) and drawn with XChart "
                        + "in the dashboard's layout, with its titles, legend formats and units.")
                .line("")
                .line("**One change to the queries:** every range `[" + String.join("], [", replaced)
                        + "]` became `[" + window + "]`. The dashboard's rates average over 5 minutes, longer than"
                        + " most phases of this run; over " + window + " they follow them. Nothing else differs.")
                .line("")
                .line(String.format(
                        "**The run.** %,d legacy users in PostgreSQL (`%s`; 7 in 8 with a bcrypt hash at cost %d, 1 in 8"
                                + " at cost %d, rehashed at its first sign-in), %,d crimes. The realm is the realm file's"
                                + " with one benchmark-only change: the component's `bcryptCost` %d instead of 12. The"
                                + " provider reaches the legacy database through a TCP proxy of the benchmark's, which"
                                + " cuts it off for %d s (the machine's PostgreSQL serves others); crime-api reaches it"
                                + " directly. %d s of traffic: two clients signing in (password grants of `crime-cli`): 70 %% right"
                                + " passwords of random legacy users (a quarter of them through crime-api's old `POST"
                                + " /users/login`), 18 %% wrong passwords, 12 %% unknown names; a refresh a second;"
                                + " crime-api `GET /crimes/{id}` and `GET /crimes` with those tokens (a few without a"
                                + " token, a few ids that do not exist). The admin's steps are below, the requests"
                                + " after them. The machine was shared with other builds (the load average above), so"
                                + " the latencies and rates say what the panels show, not how fast the software is:"
                                + " the benchmarks measure that.",
                        (Integer) data.get("users"),
                        DashboardBench.DATABASE,
                        DashboardBench.COMPONENT_COST,
                        DashboardBench.OLD_COST,
                        (Integer) data.get("crimes"),
                        DashboardBench.COMPONENT_COST,
                        (Long) data.get("outageSeconds"),
                        (Long) data.get("scenarioSeconds")))
                .line("")
                .line("| seconds in | UTC | what |")
                .line("|---|---|---|");
        for (Json.Obj mark : (List<Json.Obj>) data.get("marks")) {
            section.line("| " + mark.get("secondsIn") + " | " + ((String) mark.get("at")).substring(11, 19) + " | "
                    + mark.get("what") + " |");
        }
        section.line("")
                .line("Requests sent, by answer:")
                .line("")
                .line("| request: status | count |")
                .line("|---|---|");
        for (Map.Entry<String, Long> count : scenario.counts().entrySet()) {
            section.line("| " + count.getKey() + " | " + count.getValue() + " |");
        }
        section.line("")
                .line("The queries as asked:")
                .line("")
                .line("| panel | query |")
                .line("|---|---|");
        for (DashboardQueries.Answer answer : result.answers()) {
            for (String query : answer.queries()) {
                section.line("| " + answer.panel().title() + " | `" + query.replace("|", "\\|") + "` |");
            }
        }
        section.line("")
                .line(
                        "Drawn again from the saved answers (`bench/work/dashboard/panels.json`) without a run: `java -cp "
                                + "'bench/target/bench.jar:bench/target/lib/*' org.gotham.bench.DashboardPicture "
                                + "bench/work/dashboard/panels.json bench/reports/dashboard.png`.");

        long withData = result.answers().stream()
                .filter(a -> a.series().stream()
                        .anyMatch(s -> java.util.Arrays.stream(s.values()).anyMatch(Double::isFinite)))
                .count();
        section.target(
                "every panel shows data",
                withData + " of " + result.answers().size() + " panels",
                withData == result.answers().size(),
                null);
        double[] storeUp = storeUp(result);
        boolean dropped = storeUp != null && java.util.Arrays.stream(storeUp).anyMatch(v -> v == 0);
        double last = Double.NaN;
        if (storeUp != null) {
            for (double v : storeUp) {
                last = Double.isFinite(v) ? v : last;
            }
        }
        section.target(
                "legacy store up drops to 0 during the outage and is 1 again at the end",
                storeUp == null ? "no store-up series" : (dropped ? "dropped to 0" : "never 0") + ", last " + last,
                dropped && last == 1.0,
                null);
    }

    private static double[] storeUp(DashboardQueries.Result result) {
        for (DashboardQueries.Answer answer : result.answers()) {
            if (answer.queries().stream().anyMatch(q -> q.contains("gotham_legacy_store_up"))
                    && !answer.series().isEmpty()) {
                return answer.series().get(0).values();
            }
        }
        return null;
    }
}
