package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gotham.testsupport.Versions;

/** The import benchmark's Markdown, targets and progress plot, from the figures {@link ImportBench} gathered. */
final class ImportReport {

    private ImportReport() {}

    /** The progress plot {@code <section>-progress.png} beside the report. */
    static void plot(
            Report.Section section, Settings settings, ConsoleImport.Result first, ConsoleImport.Result rerun) {
        String file = section.name() + "-progress.png";
        List<ProgressChart.Line> lines = new ArrayList<>();
        lines.add(new ProgressChart.Line("Sync all users (" + first.mode() + ")", first.points()));
        if (rerun != null) {
            lines.add(new ProgressChart.Line("the same again, nothing to add", rerun.points()));
        }
        try {
            ProgressChart.write(settings.reports.resolve(file), "Import progress: " + section.name(), lines);
            section.data().with("progressPlot", file);
        } catch (RuntimeException | Error e) {
            Bench.say("No progress plot: " + e);
            section.data().with("progressPlot", null);
        }
    }

    static void describe(Report.Section section, Settings settings, Json.Obj figures) {
        JsonNode d = Json.parse(Json.write(figures));
        JsonNode ours = d.path("ours");
        JsonNode first = ours.path("import");
        JsonNode rerun = ours.path("rerun");
        JsonNode kc = d.path("kcImport");
        long users = d.path("users").asLong();
        double oursRate = first.path("usersPerSecond").asDouble(Double.NaN);
        double kcRate = kc.path("usersPerSecond").asDouble(Double.NaN);
        double ratio = oursRate / kcRate;
        double heapBefore =
                ours.path("heap").path("before").path("usedAfterFullGcMiB").asDouble(Double.NaN);
        double heapAfter =
                ours.path("heap").path("afterImport").path("usedAfterFullGcMiB").asDouble(Double.NaN);
        double heapRatio = heapAfter / heapBefore;
        section.data()
                .with(
                        "summary",
                        Json.obj()
                                .with("users", users)
                                .with(
                                        "oursUsersPerSecond",
                                        first.path("usersPerSecond").asDouble(Double.NaN))
                                .with("oursSeconds", first.path("seconds").asDouble(Double.NaN))
                                .with("oursMode", first.path("mode").asText())
                                .with("rerunSeconds", rerun.path("seconds").asDouble(Double.NaN))
                                .with("heapBeforeMiB", heapBefore)
                                .with("heapAfterMiB", heapAfter)
                                .with("heapRatio", ConsoleImport.number(heapRatio))
                                .with("kcImportUsersPerSecond", kcRate)
                                .with("ratioOursToKcImport", ConsoleImport.number(ratio))
                                .with(
                                        "signInOurs",
                                        ours.path("signIn").path("succeeded").asInt() + "/"
                                                + ours.path("signIn")
                                                        .path("tried")
                                                        .asInt())
                                .with(
                                        "signInKcImport",
                                        kc.path("signIn").isMissingNode()
                                                ? null
                                                : kc.path("signIn")
                                                                .path("succeeded")
                                                                .asInt() + "/"
                                                        + kc.path("signIn")
                                                                .path("tried")
                                                                .asInt()));

        JsonNode legacy = d.path("legacyTable");
        JsonNode jar = d.path("providerJar");
        section.line(String.format(
                "%,d legacy users in PostgreSQL (`%s`, %s, filled in %s s with `generate_series`: %,d rows sharing %d "
                        + "cost-%d `$2b$` hashes, then %d sample rows with mixed-case names, their own passwords and "
                        + "hashes at costs 4..12 (`$2a$`, `$2b$`, `$2y$`)). Provider jar `%s` (sha256 %s…).\n",
                users,
                legacy.path("database").asText(),
                legacy.path("size").asText(),
                legacy.path("fillSeconds").asText(),
                users - legacy.path("sample").asInt(),
                LegacyUsers.CREDENTIALS_PER_COST,
                ImportBench.BULK_COST,
                legacy.path("sample").asInt(),
                jar.path("path").asText(),
                jar.path("sha256").asText()));
        section.line("**Ours**: Keycloak " + Versions.keycloak() + " `start-dev --db=postgres` (its database `"
                + ours.path("keycloakDatabase").asText() + "`, `-Xmx1g`), realm `" + ImportBench.REALM
                + "` from `realm-export/gotham-realm.json` with the component's `editMode` READ_ONLY (benchmark-only "
                + "change), then `POST /admin/realms/" + ImportBench.REALM + "/user-storage/{id}/sync?action="
                + "triggerFullSync` as the console's \"Sync all users\". Mode `"
                + first.path("mode").asText()
                + "`: "
                + (first.path("mode").asText().equals("background")
                        ? "the sync answered " + first.path("syncHttpStatus").asInt() + " after "
                                + first.path("syncAnsweredSeconds").asText() + " s and the import ran in the "
                                + "background, polled once a second at `GET .../legacy-migration/{id}/import`; time "
                                + "from sending the sync to the import's `finishedAt`."
                        : "the import status resource answered 404 (the provider before the import ran in the background), so the sync "
                                + "request is the whole import; time from sending it to its answer, progress = the "
                                + "realm's users in Keycloak's database, counted once a second.")
                + (first.path("syncHttpStatus").asInt() / 100 == 2
                        ? ""
                        : " The sync request answered **"
                                + first.path("syncHttpStatus").asInt() + "** `"
                                + first.path("syncAnswer").asText().replace('`', '\'') + "` after "
                                + first.path("syncAnsweredSeconds").asText() + " s (what the admin sees); the "
                                + "import's users were counted in Keycloak's database until they stopped growing.")
                + "\n");
        section.line("**Baseline**: `kc.sh import --optimized --dir` (after `kc.sh build --db=postgres`; its own "
                + "fresh database `" + kc.path("keycloakDatabase").asText() + "`, `-Xmx1g`, the same jar in "
                + "`providers/`) of the same rows as Keycloak users in the format `kc.sh export --users "
                + "different_files` writes, " + kc.path("usersPerFile").asInt() + " users per file ("
                + (kc.path("usersPerFile").asInt() == 50 ? "Keycloak's default" : "Keycloak's default is 50") + "), "
                + kc.path("files").asInt() + " files, " + kc.path("megabytes").asText() + " MB, "
                + "written in " + kc.path("writeSeconds").asText() + " s by streaming the table. Each user: the "
                + "lower-cased name, enabled, attribute `legacy_id`, the passlib hash as one `bcrypt` password "
                + "credential as the provider stores it, the realm's default role and `crime-api` `editor`; the "
                + "realm file is the benchmark realm without the user federation component. Its time excludes the "
                + "boot: Keycloak's log from \"Full model import requested\" to \"Import finished successfully\", "
                + "less the same for an import of the realm file alone in the same run ("
                + kc.path("realmOnly").path("importSecondsByLog").asText("not run") + " s). Cross-check: the "
                + "difference of the two commands' wall times gives "
                + kc.path("usersPerSecondByWallDifference").asText() + " users/s.\n");

        section.line("| | ours: Sync all users | `kc.sh import` |");
        section.line("|---|---|---|");
        section.line("| users added | " + fmtLong(first.path("added")) + " (updated " + fmtLong(first.path("updated"))
                + ", failed " + fmtLong(first.path("failed")) + ") | " + fmtLong(kc.path("keycloakUsers")) + " |");
        section.line("| seconds | " + first.path("seconds").asText("n/a")
                + (first.path("serverSeconds").isNumber()
                        ? " (the import's own startedAt → finishedAt: "
                                + first.path("serverSeconds").asText() + ")"
                        : "")
                + " | " + kc.path("usersSeconds").asText("n/a") + " (whole command "
                + kc.path("full").path("wallSeconds").asText("n/a") + ") |");
        section.line("| **users/s** | **" + Report.fmt(oursRate) + "** | **" + Report.fmt(kcRate) + "** |");
        section.line("| run with nothing to add | "
                + (rerun.isObject()
                        ? rerun.path("seconds").asText("n/a") + " s (added " + fmtLong(rerun.path("added"))
                                + ", updated " + fmtLong(rerun.path("updated")) + ", failed "
                                + fmtLong(rerun.path("failed")) + ")"
                        : "not run (the first import did not finish)")
                + " | |");
        section.line("| Keycloak heap after full GC, before → after | " + heapBefore + " → " + heapAfter + " MiB ("
                + Report.fmt(heapRatio) + "×; after the second run "
                + ours.path("heap")
                        .path("afterRerun")
                        .path("usedAfterFullGcMiB")
                        .asText("n/a") + " MiB) | |");
        section.line("| sample sign-ins with the old password (`crime-cli`) | "
                + ours.path("signIn").path("succeeded").asText("-") + "/"
                + ours.path("signIn").path("tried").asText("-") + " | "
                + kc.path("signIn").path("succeeded").asText("-") + "/"
                + kc.path("signIn").path("tried").asText("-") + " |");
        section.line("| realm's users in Keycloak's database (admin `users/count`, which adds the legacy store's "
                + "own count) | "
                + fmtLong(ours.path("keycloakUsers")) + " (" + fmtLong(ours.path("adminUsersCount")) + ") | "
                + fmtLong(kc.path("keycloakUsers")) + " |");
        section.line("| load average before → after the import | " + ours.path("loadAverageBeforeImport") + " → "
                + ours.path("loadAverageAfterImport") + " | " + kc.path("loadAverageBeforeImport") + " → "
                + kc.path("loadAverageAfterImport") + " |");
        section.line("");
        if (!section.data().getOrDefault("progressPlot", "").toString().isEmpty()
                && section.data().get("progressPlot") != null) {
            section.line("![import progress: rows processed against seconds]("
                    + section.data().get("progressPlot") + ")\n");
        }
        for (JsonNode f : ours.path("signIn").path("failures")) {
            section.line("- sign-in failed (ours): legacy id "
                    + f.path("legacyId").asText() + ", " + f.path("hash").asText() + ": "
                    + f.path("status").asText() + " " + f.path("error").asText());
        }
        if (kc.path("full").path("firstError").isTextual()) {
            section.line("- `kc.sh import`, first ERROR in its log: "
                    + kc.path("full").path("firstError").asText().replace('`', '\''));
        }
        for (JsonNode f : kc.path("signIn").path("failures")) {
            section.line("- sign-in failed (kc.sh import): legacy id "
                    + f.path("legacyId").asText() + ", " + f.path("hash").asText() + ": "
                    + f.path("status").asText() + " " + f.path("error").asText());
        }

        section.target(
                "ours ≥ " + ImportBench.RATIO_TARGET + " of `kc.sh import`'s users/s, same users, same run",
                Report.fmt(ratio) + " (" + Report.fmt(oursRate) + " / " + Report.fmt(kcRate) + " users/s)",
                Double.isNaN(ratio) ? null : ratio >= ImportBench.RATIO_TARGET,
                "");
        section.target(
                "ours ≥ " + (int) ImportBench.RATE_TARGET + " users/s through the console",
                Report.fmt(oursRate) + " users/s over " + String.format("%,d", users) + " users",
                Double.isNaN(oursRate) ? null : oursRate >= ImportBench.RATE_TARGET,
                settings.smoke ? "smoke size: the target is for 1,000,000" : "");
        section.target(
                "heap after full GC at the end within 10 % of the start",
                Report.fmt(heapBefore) + " → " + Report.fmt(heapAfter) + " MiB (" + Report.fmt(heapRatio) + "×)",
                Double.isNaN(heapRatio) ? null : heapRatio <= ImportBench.HEAP_RATIO_LIMIT,
                "");
        double rerunSeconds = rerun.path("seconds").asDouble(Double.NaN);
        section.target(
                "a run with nothing to add takes seconds (< " + (int) ImportBench.NOOP_LIMIT_SECONDS + " s)",
                Report.fmt(rerunSeconds) + " s",
                Double.isNaN(rerunSeconds) ? null : rerunSeconds < ImportBench.NOOP_LIMIT_SECONDS,
                "");
        int tried = ours.path("signIn").path("tried").asInt();
        int succeeded = ours.path("signIn").path("succeeded").asInt();
        section.target(
                "every sample user signs in with the old password after the import",
                succeeded + " of " + tried,
                tried > 0 && succeeded == tried,
                "");
        long oursUsers = ours.path("keycloakUsers").asLong(-1);
        long kcUsers = kc.path("keycloakUsers").asLong(-1);
        section.target(
                "every legacy row is a Keycloak user, once (both paths)",
                String.format("ours %,d, kc.sh import %,d of %,d", oursUsers, kcUsers, users),
                oursUsers == users && kcUsers == users,
                "");
    }

    private static String fmtLong(JsonNode value) {
        return value.isNumber() ? String.format("%,d", value.asLong()) : value.asText("n/a");
    }
}
