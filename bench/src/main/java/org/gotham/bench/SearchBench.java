package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * Admin search over a big legacy users table in PostgreSQL: p50 and p95 of the admin REST API for a page of 20 (the
 * first and the next page) for {@code *}, a prefix, a {@code *substring*} and an exact {@code "name"}, the counts,
 * and a sign-in (whose lookup runs the same exact-name SQL), without and then with the optional index script, with
 * Keycloak's heap after a full GC before and after.
 */
final class SearchBench {

    static final String REALM = "gotham-search";
    static final String DATABASE = "bench_search";
    static final String INDEX_SCRIPT = "keycloak-user-provider/src/main/sql/optional-indexes-postgresql.sql";
    static final double P95_TARGET_MS = 100;
    static final double HEAP_GROWTH_LIMIT_MIB = 32;

    /** One kind of request, made with a fresh random value per sample. */
    private record Kind(String name, String label, boolean targeted, IntFunction<String> path) {}

    private final Context context;
    private final Settings settings;
    private final Report.Section section = new Report.Section("search", "Admin search over the legacy users table");
    private LegacyDatabase legacy;
    private final Random random = new Random(42);
    private int users;

    private SearchBench(Context context) {
        this.context = context;
        this.settings = context.settings;
    }

    static Report.Section run(Context context) throws Exception {
        return new SearchBench(context).run();
    }

    private Report.Section run() throws Exception {
        users = settings.integer("search.users", 10_000, 1_000_000);
        int samples = settings.integer("search.samples", 20, 150);
        int warmup = settings.integer("search.warmup", 5, 20);
        Path indexScript = settings.repo.resolve(INDEX_SCRIPT);

        legacy = LegacyDatabase.make(Vendor.POSTGRESQL, DATABASE, settings.work, Collation.BINARY);
        long t0 = System.nanoTime();
        String hash = OpenBSDBCrypt.generate("2b", "bulk-password".getBytes(StandardCharsets.UTF_8), new byte[16], 4);
        legacy.execute("INSERT INTO users (username, hashed_password) SELECT 'user' || lpad(g::text, 7, '0'), '" + hash
                + "' FROM generate_series(1, " + users + ") g; VACUUM ANALYZE users");
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        Bench.say(String.format("%d legacy users in %s in %.1f s", users, DATABASE, fillSeconds));

        MeasuredKeycloak keycloak = context.keycloak();
        KeycloakAdmin admin = context.admin();
        var realm = KeycloakAdmin.realmFromExport(context.realmExport(), REALM, legacy.realmVariables());
        // the users' hashes are cost 4: a component at cost 4 checks them and rewrites nothing on sign-in
        KeycloakAdmin.setComponentConfig(realm, "bcryptCost", "4");
        admin.createRealm(realm);
        Json.Obj heapBefore = keycloak.heapAfterGc();
        Bench.say("Keycloak heap before: " + heapBefore);

        List<Kind> kinds = kinds(keycloak);
        Json.Obj without = measure(kinds, admin, keycloak, samples, warmup);
        Json.Obj plansWithout = plans();
        Json.Obj heapMiddle = keycloak.heapAfterGc();

        Json.Obj with = null;
        Json.Obj plansWith = null;
        double indexSeconds = Double.NaN;
        if (Files.isRegularFile(indexScript)) {
            long i0 = System.nanoTime();
            legacy.execute(Files.readString(indexScript));
            legacy.execute("ANALYZE users");
            indexSeconds = (System.nanoTime() - i0) / 1e9;
            Bench.say(String.format("optional indexes built in %.1f s", indexSeconds));
            with = measure(kinds, admin, keycloak, samples, warmup);
            plansWith = plans();
        }
        Json.Obj heapAfter = keycloak.heapAfterGc();
        Bench.say("Keycloak heap after: " + heapAfter);
        String tableSize = legacy.queryString("SELECT pg_size_pretty(pg_total_relation_size('users'))");

        section.data()
                .with("users", users)
                .with("samplesPerKind", samples)
                .with("warmupSamplesPerKind", warmup)
                .with("fillSeconds", ClosedLoop.round(fillSeconds, 1))
                .with("tableSize", tableSize)
                .with("indexScript", INDEX_SCRIPT)
                .with("indexBuildSeconds", ClosedLoop.round(indexSeconds, 1))
                .with("withoutOptionalIndexes", without)
                .with("withOptionalIndexes", with)
                .with("plansWithout", plansWithout)
                .with("plansWith", plansWith)
                .with(
                        "heap",
                        Json.obj()
                                .with("before", heapBefore)
                                .with("afterSearchesWithoutIndexes", heapMiddle)
                                .with("after", heapAfter));
        describe(kinds, without, with, heapBefore, heapAfter, plansWithout, plansWith);
        return section;
    }

    private List<Kind> kinds(MeasuredKeycloak keycloak) {
        String base = "/" + REALM + "/users";
        String page = "&max=20&briefRepresentation=true";
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("all", "`*`, first page", true, i -> base + "?search=*&first=0" + page));
        kinds.add(new Kind("allNext", "`*`, next page (first=20)", true, i -> base + "?search=*&first=20" + page));
        kinds.add(new Kind(
                "prefix",
                "prefix `userNNNNN` (100 matches), first page",
                true,
                i -> base + "?search=" + prefix() + "&first=0" + page));
        kinds.add(new Kind(
                "prefixNext",
                "prefix, next page (first=20)",
                true,
                i -> base + "?search=" + prefix() + "&first=20" + page));
        kinds.add(new Kind(
                "exact",
                "exact `\"user0NNNNNN\"`",
                true,
                i -> base + "?search=" + encode("\"" + existing() + "\"") + "&first=0" + page));
        kinds.add(new Kind(
                "substring",
                "`*NNNNN*` substring, first page (no target)",
                false,
                i -> base + "?search=" + encode("*" + digits(5) + "*") + "&first=0" + page));
        kinds.add(new Kind("count", "count, `/users/count?search=`", true, i -> base + "/count?search="));
        kinds.add(new Kind("countPrefix", "count of a prefix", true, i -> base + "/count?search=" + prefix()));
        kinds.add(new Kind(
                "deepPage",
                "`*`, page at first=" + users / 2 + " (no target)",
                false,
                i -> base + "?search=*&first=" + users / 2 + page));
        kinds.add(new Kind(
                "signIn",
                "sign-in of a legacy user (password grant, cost-4 hash; no target: shows the " + "lookup's cost)",
                false,
                i -> null));
        return kinds;
    }

    private Json.Obj measure(
            List<Kind> kinds, KeycloakAdmin admin, MeasuredKeycloak keycloak, int samples, int warmup) {
        Json.Obj results = Json.obj();
        for (Kind kind : kinds) {
            List<Long> nanos = new ArrayList<>();
            int errors = 0;
            String lastSize = "";
            for (int i = 0; i < warmup + samples; i++) {
                admin.token(); // renewed outside the timed call
                String path = kind.path().apply(i);
                long start = System.nanoTime();
                Http.Answer answer = path == null
                        ? context.http.postForm(
                                keycloak.tokenUrl(REALM),
                                Map.of(
                                        "grant_type",
                                        "password",
                                        "client_id",
                                        "crime-cli",
                                        "username",
                                        existing(),
                                        "password",
                                        "bulk-password"))
                        : admin.get(path);
                long elapsed = System.nanoTime() - start;
                if (!answer.ok()) {
                    errors++;
                    if (errors == 1) {
                        Bench.say("  " + kind.name() + " failed: " + answer.status() + " "
                                + Json.abbreviate(answer.body()));
                    }
                } else if (path != null) {
                    JsonNode body = Json.parse(answer.body());
                    lastSize = body.isArray() ? Integer.toString(body.size()) : body.asText();
                }
                if (i >= warmup) {
                    nanos.add(elapsed);
                }
            }
            Collections.sort(nanos);
            Json.Obj r = Json.obj()
                    .with("p50", ClosedLoop.percentileMs(nanos, 0.5))
                    .with("p95", ClosedLoop.percentileMs(nanos, 0.95))
                    .with("max", ClosedLoop.percentileMs(nanos, 1.0))
                    .with("errors", errors)
                    .with(
                            "lastResult",
                            kind.name().startsWith("count")
                                    ? "count " + lastSize
                                    : kind.name().equals("signIn") ? "" : lastSize + " users");
            results.with(kind.name(), r);
            Bench.say(String.format(
                    "  %-12s p50 %s ms, p95 %s ms, errors %d", kind.name(), r.get("p50"), r.get("p95"), errors));
        }
        return results;
    }

    /** What PostgreSQL does with the provider's statements (LegacyUserRepository's SQL), EXPLAIN ANALYZE. */
    private Json.Obj plans() {
        String where = "WHERE username IS NOT NULL AND lower(username) ";
        Map<String, String[]> statements = new java.util.LinkedHashMap<>();
        statements.put("prefix page", new String[] {
            "SELECT id, username FROM users " + where + "LIKE lower(?) ESCAPE '!' ORDER BY id LIMIT 20 OFFSET 0",
            "user01234%"
        });
        statements.put("exact / sign-in lookup", new String[] {
            "SELECT id, username, hashed_password FROM users "
                    + "WHERE lower(username) = lower(?) ORDER BY id LIMIT 10",
            "user0123456"
        });
        statements.put("substring page", new String[] {
            "SELECT id, username FROM users " + where + "LIKE lower(?) ESCAPE '!' ORDER BY id LIMIT 20 OFFSET 0",
            "%12345%"
        });
        statements.put(
                "count of a prefix",
                new String[] {"SELECT count(*) FROM users " + where + "LIKE lower(?) ESCAPE '!'", "user01234%"});
        statements.put("count of all", new String[] {"SELECT count(*) FROM users WHERE username IS NOT NULL", null});
        Json.Obj plans = Json.obj();
        try (Connection c = legacy.connect()) {
            for (Map.Entry<String, String[]> e : statements.entrySet()) {
                try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + e.getValue()[0])) {
                    if (e.getValue()[1] != null) {
                        s.setString(1, e.getValue()[1]);
                    }
                    List<String> nodes = new ArrayList<>();
                    String time = "";
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            String line = r.getString(1).trim().replaceFirst("^->\\s*", "");
                            if (line.startsWith("Execution Time")) {
                                time = line.replace("Execution Time: ", "");
                            } else if (!line.contains(":") && !line.startsWith("Planning")) {
                                nodes.add(line.replaceAll("\\s*\\(actual.*", ""));
                            }
                        }
                    }
                    plans.with(
                            e.getKey(),
                            Json.obj().with("plan", String.join(" ← ", nodes)).with("executionTime", time));
                }
            }
        } catch (java.sql.SQLException e) {
            plans.with("error", e.getMessage());
        }
        return plans;
    }

    /** The name of an existing user without its last two digits: up to 100 matches. */
    private String prefix() {
        String name = existing();
        return name.substring(0, name.length() - 2);
    }

    private String existing() {
        return "user" + String.format("%07d", 1 + random.nextInt(users));
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- the report ----

    private void describe(
            List<Kind> kinds,
            Json.Obj without,
            Json.Obj with,
            Json.Obj heapBefore,
            Json.Obj heapAfter,
            Json.Obj plansWithout,
            Json.Obj plansWith) {
        section.line("Admin REST API of realm `" + REALM + "` (`GET /admin/realms/" + REALM
                + "/users?search=...&first=..&max=20"
                + "&briefRepresentation=true`, as the admin console asks) over " + String.format("%,d", users)
                + " legacy users in PostgreSQL (`" + DATABASE + "`, "
                + section.data().get("tableSize") + ", filled with "
                + "`generate_series` in " + section.data().get("fillSeconds") + " s; names `user0000001`.. as "
                + "`legacy_app.py bulk-users` makes them). One request at a time, a new random value per request, "
                + section.data().get("warmupSamplesPerKind") + " warm-up then "
                + section.data().get("samplesPerKind")
                + " measured requests per row. \"With optional indexes\": after `" + INDEX_SCRIPT + "` (built in "
                + section.data().get("indexBuildSeconds") + " s).\n");
        section.line("| request | p50 ms | p95 ms | with optional indexes: p50 ms | p95 ms | result |");
        section.line("|---|---|---|---|---|---|");
        for (Kind kind : kinds) {
            Json.Obj a = (Json.Obj) without.get(kind.name());
            Json.Obj b = with == null ? null : (Json.Obj) with.get(kind.name());
            section.line("| " + kind.label() + " | " + a.get("p50") + " | " + a.get("p95") + " | "
                    + (b == null ? "" : b.get("p50")) + " | " + (b == null ? "" : b.get("p95")) + " | "
                    + a.get("lastResult")
                    + (((Number) a.get("errors")).intValue() > 0 ? ", " + a.get("errors") + " errors" : "") + " |");
        }
        section.line("");
        section.line(
                "What PostgreSQL does with the provider's SQL (EXPLAIN ANALYZE; without → with the optional indexes):\n");
        for (Map.Entry<String, Object> e : plansWithout.entrySet()) {
            Json.Obj a = (Json.Obj) e.getValue();
            Json.Obj b = plansWith == null ? null : (Json.Obj) plansWith.get(e.getKey());
            section.line("- " + e.getKey() + ": `" + a.get("plan") + "` " + a.get("executionTime")
                    + (b == null ? "" : " → `" + b.get("plan") + "` " + b.get("executionTime")));
        }
        section.line("");
        double before = heapBefore.get("usedAfterFullGcMiB") instanceof Double d ? d : Double.NaN;
        double after = heapAfter.get("usedAfterFullGcMiB") instanceof Double d ? d : Double.NaN;
        section.line("Keycloak heap after a full GC (jcmd GC.heap_info): " + before + " MiB before the searches, "
                + after + " MiB after all of them (" + Report.fmt(after - before) + " MiB); RSS "
                + heapBefore.get("rssMiB")
                + " → " + heapAfter.get("rssMiB") + " MiB; the users table is "
                + section.data().get("tableSize") + ".\n");

        for (String phase : with == null ? List.of("without") : List.of("without", "with")) {
            Json.Obj results = phase.equals("without") ? without : with;
            double worst = 0;
            String worstKind = "";
            for (Kind kind : kinds) {
                if (!kind.targeted()) {
                    continue;
                }
                double p95 = (Double) ((Json.Obj) results.get(kind.name())).get("p95");
                if (p95 > worst) {
                    worst = p95;
                    worstKind = kind.label();
                }
            }
            section.target(
                    "p95 < " + (int) P95_TARGET_MS + " ms for every page and count but the substring and the deep "
                            + "page, " + phase + " the optional indexes",
                    "worst p95 " + Report.fmt(worst) + " ms (" + worstKind + ")",
                    worst < P95_TARGET_MS,
                    worst < P95_TARGET_MS
                            ? ""
                            : "see the plans: sequential scans of " + String.format("%,d", users)
                                    + " rows where no index serves lower(username)");
        }
        Json.Obj sub = (Json.Obj) (with == null ? without : with).get("substring");
        section.target(
                "substring search (reported, no target)",
                "p95 " + sub.get("p95") + " ms",
                null,
                "`*x*` cannot use a B-tree index: a scan of the table");
        section.target(
                "heap does not grow with the table (growth after all searches < " + (int) HEAP_GROWTH_LIMIT_MIB
                        + " MiB)",
                Report.fmt(before) + " → " + Report.fmt(after) + " MiB after full GC",
                after - before < HEAP_GROWTH_LIMIT_MIB,
                "");
    }
}
