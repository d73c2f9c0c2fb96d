package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * Sign-in throughput: password grants (client {@code crime-cli}) at 1, 2, 4 and 8 concurrent clients, for legacy
 * users at bcrypt cost 12 and 10 through the provider, for Keycloak-local users, and for lazily migrated users
 * before and after migration where the provider has that feature; each against the ceiling of its own hash
 * library measured on all cores in the same run, before and after the sign-ins.
 */
final class SignInBench {

    static final String REALM = "gotham";
    static final String DATABASE = "bench_signin";
    static final String MIGRATE_REALM = "gotham-migrate";
    static final String LOCAL_REALM = "gotham-local";
    static final String MIGRATE_DATABASE = "bench_migrate";
    static final double TARGET = 0.85;

    private final Context context;
    private final Settings settings;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final List<Integer> levels;
    private final double warmup;
    private final double window;
    private final double ceilingSeconds;
    private final Report.Section section = new Report.Section("signin", "Sign-in throughput (password grant)");
    private LegacyDatabase legacy;

    private SignInBench(Context context) {
        this.context = context;
        this.settings = context.settings;
        this.levels = settings.integers("signin.clients", "1,2,4,8", "1,2,4,8");
        this.warmup = settings.integer("signin.warmup", 2, 5);
        this.window = settings.integer("signin.window", 5, 20);
        this.ceilingSeconds = settings.integer("signin.ceiling", 3, 8);
    }

    static Report.Section run(Context context) throws Exception {
        return new SignInBench(context).run();
    }

    private Report.Section run() throws Exception {
        List<Integer> costs = settings.integers("signin.costs", "12,10", "12,10");
        section.data()
                .with("clientLevels", levels)
                .with("warmupSeconds", warmup)
                .with("windowSeconds", window)
                .with("ceilingWindowSeconds", ceilingSeconds)
                .with("ceilingThreads", cores)
                .with("bcryptCeilingMethod", "JMH (jmh-core), throughput, 1 fork");
        section.line("Password grants (client `crime-cli`) to realm `" + REALM + "` for cost 12 and `" + REALM
                + "-cost10` for cost 10: each the realm export with its legacy component's `bcryptCost` set to the "
                + "users' cost, so a sign-in checks the hash and rewrites nothing. Closed-loop clients in the benchmark's JVM, "
                + warmup + " s warm-up then a " + window
                + " s window per level. Legacy users are in PostgreSQL (`" + DATABASE + "`), every sign-in a "
                + "different user (8 bcrypt hashes shared round-robin by all users, so each sign-in pays a full "
                + "check). The ceiling is the same hash library on " + cores + " threads (one per core) doing only "
                + "that check, measured before and after the sign-ins (bcrypt with JMH, in a JVM of its own: one "
                + "warm-up iteration, then " + ceilingSeconds
                + " s of measurement); the higher figure is used. Keycloak-local "
                + "users live in realm `" + LOCAL_REALM + "` (the export with the legacy component READ_ONLY, so that "
                + "Keycloak keeps users created through the admin API itself) and sign in round-robin; lazily "
                + "migrated users in realm `" + MIGRATE_REALM + "` (`lazyMigration` on, READ_ONLY, cost 12): the "
                + "first pass signs in users for the first time (each is migrated), the second signs in only the "
                + "users the first pass migrated.\n");

        // Hashes and ceilings first, so that user counts can follow the machine's speed.
        Map<Integer, List<LegacyUsers.Credential>> credentials = new java.util.TreeMap<>();
        Json.Obj ceilings = Json.obj();
        for (int cost : costs) {
            List<LegacyUsers.Credential> c = LegacyUsers.credentials(cost);
            credentials.put(cost, c);
            BcryptCeiling.Figure before = bcryptCeiling(c.get(0));
            ceilings.with(
                    "cost" + cost,
                    Json.obj()
                            .with("before", ClosedLoop.round(before.perSecond(), 2))
                            .with("cpuMsPerCheckBefore", ClosedLoop.round(before.cpuMillisPerCheck(), 1)));
            Bench.say(String.format("bcrypt cost %d ceiling (before, JMH): %.2f checks/s", cost, before.perSecond()));
        }

        legacy = LegacyDatabase.make(Vendor.POSTGRESQL, DATABASE, settings.work, Collation.BINARY);
        Map<String, List<String>> users = new java.util.HashMap<>();
        for (int cost : costs) {
            double ceiling = ((Json.Obj) ceilings.get("cost" + cost)).get("before") instanceof Double d ? d : 10;
            for (int clients : levels) {
                int count = (int) Math.ceil(ceiling * (warmup + window + 5) * 1.5) + clients * 4 + 20;
                users.put(
                        cost + "/" + clients,
                        LegacyUsers.insert(legacy, "c" + cost + "l" + clients + "u", count, credentials.get(cost)));
            }
        }
        boolean rehashes = costs.contains(10)
                && costs.contains(12)
                && KeycloakAdmin.componentConfig(exportedRealm(REALM), "bcryptCost") != null;
        if (rehashes) {
            int count = (int) Math.ceil(ceilingOf(ceilings, 12) * (warmup + window + 5) * 1.5) + 40;
            users.put("rehash", LegacyUsers.insert(legacy, "c10rehashu", count, credentials.get(10)));
        }
        legacy.execute("ANALYZE users");

        MeasuredKeycloak keycloak = context.keycloak();
        KeycloakAdmin admin = context.admin();
        // One realm per cost, on the same table, whose component makes hashes at that cost: a sign-in checks the
        // hash and nothing else. (At a lower cost than the component's, passlib's deprecated="auto" rehashes at the
        // first sign-in: measured on its own below.)
        for (int cost : costs) {
            ObjectNode realm = exportedRealm(realmFor(cost));
            KeycloakAdmin.setComponentConfig(realm, "bcryptCost", Integer.toString(cost));
            admin.createRealm(realm);
        }

        Json.Obj legacy = Json.obj();
        for (int cost : costs) {
            List<LegacyUsers.Credential> c = credentials.get(cost);
            String realm = realmFor(cost);
            Json.Obj byLevel = Json.obj();
            for (int clients : levels) {
                List<String> names = users.get(cost + "/" + clients);
                AtomicInteger next = new AtomicInteger();
                Bench.say("legacy cost " + cost + ", " + clients + " clients");
                Json.Obj result = ClosedLoop.run(
                        clients,
                        warmup,
                        window,
                        client -> {
                            int i = next.getAndIncrement();
                            int g = i % names.size();
                            return signIn(keycloak, realm, names.get(g), LegacyUsers.password(c, g + 1));
                        },
                        keycloak::cpuSeconds,
                        keycloak::cpuSecondsByThreadKind);
                result.with("usersUsed", next.get())
                        .with("usersAvailable", names.size())
                        .with("everySignInADifferentUser", next.get() <= names.size());
                byLevel.with(Integer.toString(clients), result);
                Bench.say("  " + result.get("perSecond") + " sign-ins/s, errors " + result.get("errors"));
            }
            legacy.with("cost" + cost, byLevel);
        }
        if (rehashes) {
            legacy.with("cost10InCost12Realm", rehashRun(keycloak, users.get("rehash"), credentials.get(10)));
        }

        Json.Obj local = localUsers(keycloak, admin);
        Json.Obj migration = lazyMigration(keycloak, admin, credentials);

        for (int cost : costs) {
            List<LegacyUsers.Credential> c = credentials.get(cost);
            BcryptCeiling.Figure after = bcryptCeiling(c.get(0));
            Json.Obj entry = (Json.Obj) ceilings.get("cost" + cost);
            entry.with("after", ClosedLoop.round(after.perSecond(), 2))
                    .with("cpuMsPerCheckAfter", ClosedLoop.round(after.cpuMillisPerCheck(), 1));
            entry.with("used", Math.max((Double) entry.get("before"), after.perSecond()));
            Bench.say(String.format("bcrypt cost %d ceiling (after, JMH): %.2f checks/s", cost, after.perSecond()));
        }
        section.data()
                .with("bcryptCeilings", ceilings)
                .with("legacy", legacy)
                .with("local", local)
                .with("lazyMigration", migration);
        describe(costs, ceilings, legacy, local, migration);
        return section;
    }

    /** The bcrypt ceiling of one credential's hash on one thread per core, with JMH. */
    private BcryptCeiling.Figure bcryptCeiling(LegacyUsers.Credential credential) {
        return BcryptCeiling.measure(cores, ceilingSeconds, settings.smoke, credential.hash(), credential.password());
    }

    private static String realmFor(int cost) {
        return cost == 12 ? REALM : REALM + "-cost" + cost;
    }

    private ObjectNode exportedRealm(String name) {
        return KeycloakAdmin.realmFromExport(context.realmExport(), name, legacy.realmVariables());
    }

    private static double ceilingOf(Json.Obj ceilings, int cost) {
        return ((Json.Obj) ceilings.get("cost" + cost)).get("before") instanceof Double d ? d : 5;
    }

    /**
     * Cost-10 users signing in for the first time to the realm as exported (bcrypt cost 12): each sign-in checks
     * the cost-10 hash and writes a cost-12 one (passlib's deprecated="auto"), a one-time cost per user.
     */
    private Json.Obj rehashRun(MeasuredKeycloak keycloak, List<String> names, List<LegacyUsers.Credential> c) {
        int clients = levels.stream()
                .filter(l -> l <= 2 * cores)
                .max(Integer::compare)
                .orElse(levels.get(0));
        AtomicInteger next = new AtomicInteger();
        Bench.say("legacy cost 10 in the cost-12 realm (first sign-in rehashes), " + clients + " clients");
        Json.Obj result = ClosedLoop.run(
                clients,
                warmup,
                window,
                client -> {
                    int g = next.getAndIncrement() % names.size();
                    return signIn(keycloak, REALM, names.get(g), LegacyUsers.password(c, g + 1));
                },
                keycloak::cpuSeconds);
        String rehashed = legacy.queryString("SELECT count(*) FROM users WHERE username LIKE "
                + "'c10rehashu%' AND hashed_password LIKE '$2b$12$%'");
        Bench.say("  " + result.get("perSecond") + " sign-ins/s, " + rehashed + " hashes rewritten at cost 12");
        return result.with("usersUsed", next.get()).with("hashesRewrittenAtCost12", Long.parseLong(rehashed));
    }

    /** One password grant: null when a token came back, else the status and OAuth error. */
    private String signIn(MeasuredKeycloak keycloak, String realm, String username, String password) {
        Http.Answer answer = context.http.postForm(
                keycloak.tokenUrl(realm),
                Map.of("grant_type", "password", "client_id", "crime-cli", "username", username, "password", password));
        if (answer.status() == 200 && answer.body().contains("\"access_token\"")) {
            return null;
        }
        String error = answer.status() == 0
                ? answer.body()
                : Json.parse(answer.body()).path("error").asText("?");
        return answer.status() + " " + error;
    }

    private Json.Obj localUsers(MeasuredKeycloak keycloak, KeycloakAdmin admin) {
        int count = settings.integer("signin.local-users", 16, 64);
        Bench.say("Creating " + count + " Keycloak-local users (Keycloak hashes each password)");
        // In the realm as exported the legacy component is WRITABLE and would take new users into the legacy
        // table; with it READ_ONLY, Keycloak keeps them itself, with its own default hash.
        ObjectNode realm = exportedRealm(LOCAL_REALM);
        if (KeycloakAdmin.componentConfig(realm, "editMode") != null) {
            KeycloakAdmin.setComponentConfig(realm, "editMode", "READ_ONLY");
        }
        admin.createRealm(realm);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = String.format("bench-local-%04d", i);
            admin.createLocalUser(LOCAL_REALM, name, "bench-local-password-" + (i % 8));
            names.add(name);
        }
        JsonNode data = admin.passwordCredentialData(LOCAL_REALM, admin.userId(LOCAL_REALM, names.get(0)));
        Json.Obj hash = hashOf(data);
        if ("unknown".equals(hash.get("algorithm"))) {
            throw new IllegalStateException("the 'local' users have no Keycloak password credential (are they in the "
                    + "legacy table?): " + data);
        }
        double before = Ceiling.keycloakHash(cores, ceilingSeconds, hash);
        double cpuBefore = Ceiling.lastCpuMillisPerCheck();
        Json.Obj byLevel = Json.obj();
        for (int clients : levels) {
            AtomicInteger next = new AtomicInteger();
            Bench.say("Keycloak-local, " + clients + " clients");
            Json.Obj result = ClosedLoop.run(
                    clients,
                    warmup,
                    window,
                    client -> {
                        int i = next.getAndIncrement() % names.size();
                        return signIn(keycloak, LOCAL_REALM, names.get(i), "bench-local-password-" + ((i + 1) % 8));
                    },
                    keycloak::cpuSeconds);
            byLevel.with(Integer.toString(clients), result);
            Bench.say("  " + result.get("perSecond") + " sign-ins/s, errors " + result.get("errors"));
        }
        double after = Ceiling.keycloakHash(cores, ceilingSeconds, hash);
        double cpuAfter = Ceiling.lastCpuMillisPerCheck();
        return Json.obj()
                .with("users", count)
                .with("hash", hash)
                .with(
                        "ceiling",
                        Json.obj()
                                .with("before", ClosedLoop.round(before, 2))
                                .with("after", ClosedLoop.round(after, 2))
                                .with("used", ClosedLoop.round(Math.max(before, after), 2))
                                .with("cpuMsPerCheck", ClosedLoop.round(Math.min(cpuBefore, cpuAfter), 1)))
                .with("levels", byLevel);
    }

    /** Keycloak's credential data ({@code algorithm}, {@code hashIterations}, argon2's parameters), flattened. */
    static Json.Obj hashOf(JsonNode data) {
        JsonNode p = data.path("additionalParameters");
        Json.Obj hash = Json.obj()
                .with("algorithm", data.path("algorithm").asText("unknown"))
                .with("iterations", data.path("hashIterations").asInt());
        if (p.isObject()) {
            hash.with("type", first(p, "type", "id"))
                    .with("version", first(p, "version", "1.3"))
                    .with("memoryKiB", Integer.parseInt(first(p, "memory", "7168")))
                    .with("parallelism", Integer.parseInt(first(p, "parallelism", "1")))
                    .with("hashLength", Integer.parseInt(first(p, "hashLength", "32")));
        }
        return hash;
    }

    private static String first(JsonNode parameters, String name, String fallback) {
        JsonNode value = parameters.path(name);
        return value.isArray() && !value.isEmpty()
                ? value.get(0).asText()
                : value.isTextual() ? value.asText() : fallback;
    }

    // ---- lazy migration, where the provider has it ----

    /** The provider's lazy-migration config key, from LegacyStoreConfig's source and the jar under test. */
    static Json.Obj detectLazyMigration(Context context) {
        Path source = context.settings.repo.resolve(
                "keycloak-user-provider/src/main/java/org/gotham/keycloak/legacy/store/LegacyStoreConfig.java");
        Pattern constant =
                Pattern.compile("static\\s+final\\s+String\\s+(\\w*(?:LAZY|MIGRAT)\\w*)\\s*=\\s*\"([^\"]+)\"");
        String key = null;
        String name = null;
        try {
            Matcher m = constant.matcher(Files.readString(source));
            while (m.find()) {
                if (name == null || m.group(1).contains("MIGRAT")) {
                    name = m.group(1);
                    key = m.group(2);
                }
            }
        } catch (IOException e) {
            return Json.obj().with("available", false).with("reason", "cannot read " + source);
        }
        if (key == null) {
            return Json.obj()
                    .with("available", false)
                    .with("reason", "not measured: feature missing (LegacyStoreConfig has no lazy-migration key)");
        }
        boolean inJar;
        try (ZipFile jar = new ZipFile(context.providerJar().toFile())) {
            var entry = jar.getEntry("org/gotham/keycloak/legacy/store/LegacyStoreConfig.class");
            if (entry == null) { // a jar built before the provider's classes had packages of their own
                entry = jar.getEntry("org/gotham/keycloak/legacy/LegacyStoreConfig.class");
            }
            inJar = entry != null
                    && new String(
                                    jar.getInputStream(entry).readAllBytes(),
                                    java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(key);
        } catch (IOException e) {
            inJar = false;
        }
        if (!inJar) {
            return Json.obj()
                    .with("available", false)
                    .with("key", key)
                    .with(
                            "reason",
                            "not measured: LegacyStoreConfig." + name + " (\"" + key
                                    + "\") is in the source but not in the provider jar under test: rebuild it");
        }
        return Json.obj().with("available", true).with("key", key).with("constant", name);
    }

    private Json.Obj lazyMigration(
            MeasuredKeycloak keycloak, KeycloakAdmin admin, Map<Integer, List<LegacyUsers.Credential>> credentials) {
        Json.Obj detected = detectLazyMigration(context);
        if (!Boolean.TRUE.equals(detected.get("available"))) {
            Bench.say("Lazy migration: " + detected.get("reason"));
            return detected;
        }
        int cost = credentials.containsKey(12)
                ? 12
                : credentials.keySet().iterator().next();
        List<LegacyUsers.Credential> c = credentials.get(cost);
        LegacyDatabase migrate =
                LegacyDatabase.make(Vendor.POSTGRESQL, MIGRATE_DATABASE, settings.work, Collation.BINARY);
        ObjectNode realm =
                KeycloakAdmin.realmFromExport(context.realmExport(), MIGRATE_REALM, migrate.realmVariables());
        KeycloakAdmin.setComponentConfig(realm, "bcryptCost", Integer.toString(cost));
        for (JsonNode component : realm.path("components").path("org.keycloak.storage.UserStorageProvider")) {
            ObjectNode config = (ObjectNode) component.path("config");
            config.set(
                    (String) detected.get("key"), Json.MAPPER.createArrayNode().add("true"));
            if (config.has("editMode")) {
                // the provider accepts lazy migration only over a read-only legacy table
                config.set("editMode", Json.MAPPER.createArrayNode().add("READ_ONLY"));
            }
        }
        admin.createRealm(realm);
        Json.Obj before = Json.obj();
        Json.Obj after = Json.obj();
        double rate = 10;
        for (int clients : levels) {
            int count = (int) Math.ceil(rate * (warmup + window + 5) * 1.5) + clients * 4 + 20;
            List<String> names = LegacyUsers.insert(migrate, "m" + clients + "u", count, c);
            int[] migrated = {names.size()};
            for (Json.Obj target : List.of(before, after)) {
                AtomicInteger next = new AtomicInteger();
                int pool = target == before ? names.size() : migrated[0];
                Bench.say("lazily migrated user, " + (target == before ? "first sign-in (migrates)" : "after migration")
                        + ", " + clients + " clients");
                // the second pass signs in only the users the first pass migrated, over and over
                Json.Obj result = ClosedLoop.run(
                        clients,
                        warmup,
                        window,
                        client -> {
                            int g = next.getAndIncrement() % pool;
                            return signIn(keycloak, MIGRATE_REALM, names.get(g), LegacyUsers.password(c, g + 1));
                        },
                        keycloak::cpuSeconds);
                result.with("usersUsed", Math.min(next.get(), pool));
                if (target == before) {
                    migrated[0] = Math.max(1, Math.min(next.get(), names.size()));
                }
                target.with(Integer.toString(clients), result);
                Bench.say("  " + result.get("perSecond") + " sign-ins/s, errors " + result.get("errors"));
            }
        }
        return detected.with("cost", cost).with("beforeMigration", before).with("afterMigration", after);
    }

    // ---- the report ----

    private void describe(List<Integer> costs, Json.Obj ceilings, Json.Obj legacy, Json.Obj local, Json.Obj migration) {
        section.line(
                "| users | clients | sign-ins/s | ÷ ceiling | p50 ms | p95 ms | errors | Keycloak CPU ms / sign-in "
                        + "| load generator cores | other processes' cores |");
        section.line("|---|---|---|---|---|---|---|---|---|---|");
        for (int cost : costs) {
            Json.Obj ceiling = (Json.Obj) ceilings.get("cost" + cost);
            double used = (Double) ceiling.get("used");
            Json.Obj byLevel = (Json.Obj) legacy.get("cost" + cost);
            rows(section, "legacy, bcrypt cost " + cost, byLevel, used);
            section.line("| **ceiling: bcrypt cost " + cost + "** (BouncyCastle `OpenBSDBCrypt.checkPassword`, " + cores
                    + " threads, JMH) | | **" + Report.fmt(used) + "** | 1 | | | | " + Report.fmt(cpuPerCheck(ceiling))
                    + " (CPU ms per check) | before " + ceiling.get("before") + "/s, after " + ceiling.get("after")
                    + "/s | |");
        }
        if (legacy.get("cost10InCost12Realm") instanceof Json.Obj r) {
            rows(
                    section,
                    "legacy cost 10, realm as exported (`bcryptCost` 12): first sign-in rehashes",
                    Json.obj().with(r.get("clients").toString(), r),
                    (Double) ((Json.Obj) ceilings.get("cost10")).get("used"));
        }
        Json.Obj localCeiling = (Json.Obj) local.get("ceiling");
        Json.Obj hash = (Json.Obj) local.get("hash");
        double localUsed = (Double) localCeiling.get("used");
        rows(section, "Keycloak-local (" + hash.get("algorithm") + ")", (Json.Obj) local.get("levels"), localUsed);
        section.line("| **ceiling: Keycloak's hash** (" + describeHash(hash) + ", BouncyCastle, " + cores + " threads) "
                + "| | **" + Report.fmt(localUsed) + "** | 1 | | | | "
                + Report.fmt((Double) localCeiling.get("cpuMsPerCheck"))
                + " (CPU ms per hash) | before " + localCeiling.get("before") + "/s, after "
                + localCeiling.get("after") + "/s | |");
        if (Boolean.TRUE.equals(migration.get("available"))) {
            rows(
                    section,
                    "lazily migrated, first sign-in (migrates)",
                    (Json.Obj) migration.get("beforeMigration"),
                    Double.NaN);
            rows(section, "lazily migrated, after migration", (Json.Obj) migration.get("afterMigration"), Double.NaN);
        } else {
            section.line(
                    "| lazily migrated user, before and after | | " + migration.get("reason") + " | | | | | | | |");
        }
        section.line("");

        for (int cost : costs) {
            Json.Obj ceiling = (Json.Obj) ceilings.get("cost" + cost);
            double used = (Double) ceiling.get("used");
            Json.Obj byLevel = (Json.Obj) legacy.get("cost" + cost);
            Json.Obj best = best(byLevel);
            double bestRate = (Double) best.get("perSecond");
            double ratio = bestRate / used;
            long errors = totalErrors(byLevel);
            double kcCpuMs = best.get("serverCpuSecondsPerRequest") instanceof Double d ? d * 1000 : Double.NaN;
            double hashCpuMs = cpuPerCheck(ceiling);
            section.line("- Cost " + cost + ": best " + Report.fmt(bestRate) + " sign-ins/s at " + best.get("clients")
                    + " clients = **" + Report.fmt(ratio) + "** of the ceiling (" + Report.fmt(used) + "/s). Keycloak "
                    + "used " + Report.fmt(kcCpuMs) + " CPU ms per sign-in, of which the bcrypt check is "
                    + Report.fmt(hashCpuMs) + " ms: everything else in a sign-in costs "
                    + Report.fmt(kcCpuMs - hashCpuMs)
                    + " ms; the load generator kept " + best.get("loadGeneratorCpuCores") + " cores busy.");
            String split = "";
            if (best.get("serverCpuMsPerRequestByThreadKind") instanceof Json.Obj kinds) {
                split = " (request and other threads " + Report.fmt((Double) kinds.get("work")) + " ms, JIT compiler "
                        + Report.fmt((Double) kinds.get("jit")) + " ms, GC and VM threads "
                        + Report.fmt((Double) kinds.get("gc")) + " ms)";
                section.line("- Cost " + cost + ", where Keycloak's CPU went per sign-in at " + best.get("clients")
                        + " clients" + split + ".");
            }
            String why = ratio >= TARGET
                    ? ""
                    : "Keycloak CPU per sign-in " + Report.fmt(kcCpuMs) + " ms" + split
                            + " vs " + Report.fmt(hashCpuMs) + " ms for bcrypt alone; load generator "
                            + best.get("loadGeneratorCpuCores") + " cores of " + cores;
            section.target(
                    "sign-ins ≥ " + TARGET + " × bcrypt ceiling at best concurrency, cost " + cost,
                    Report.fmt(ratio) + " (" + Report.fmt(bestRate) + "/s at " + best.get("clients") + " clients vs "
                            + Report.fmt(used) + "/s)",
                    ratio >= TARGET,
                    why);
            section.target(
                    "no sign-in errors at any concurrency, cost " + cost,
                    errors + " errors",
                    errors == 0,
                    errors == 0 ? "" : "see errorKinds in signin.json");
            section.data().with("ratioCost" + cost, ClosedLoop.round(ratio, 3));
        }
        if (legacy.get("cost10InCost12Realm") instanceof Json.Obj r) {
            double c10 = (Double) ((Json.Obj) ceilings.get("cost10")).get("used");
            double c12 = (Double) ((Json.Obj) ceilings.get("cost12")).get("used");
            double expected = 1 / (1 / c10 + 1 / c12);
            section.line("- Cost-10 users in the realm as exported (`bcryptCost` 12): "
                    + Report.fmt((Double) r.get("perSecond"))
                    + " first sign-ins/s at " + r.get("clients")
                    + " clients; each checks the cost-10 hash and writes a "
                    + "cost-12 one (" + r.get("hashesRewrittenAtCost12") + " rewritten), so its ceiling is one cost-10 "
                    + "check plus one cost-12 hash: " + Report.fmt(expected) + "/s (ratio "
                    + Report.fmt((Double) r.get("perSecond") / expected) + "). A one-time cost: the next sign-in is a "
                    + "cost-12 sign-in.");
        }
        Json.Obj bestLocal = best((Json.Obj) local.get("levels"));
        double localRate = (Double) bestLocal.get("perSecond");
        double localRatio = localRate / localUsed;
        section.data().with("ratioLocal", ClosedLoop.round(localRatio, 3));
        if (costs.contains(12)) {
            double legacy12 = (Double) best((Json.Obj) legacy.get("cost12")).get("perSecond");
            section.line("- Keycloak-local users (" + describeHash(hash) + "): best " + Report.fmt(localRate)
                    + " sign-ins/s at " + bestLocal.get("clients") + " clients = " + Report.fmt(localRatio)
                    + " of their hash's ceiling, **" + Report.fmt(localRate / legacy12)
                    + "×** the sign-ins/s of a legacy cost-12 user.");
            section.data().with("localOverLegacyCost12", ClosedLoop.round(localRate / legacy12, 2));
        }
        long localErrors = totalErrors((Json.Obj) local.get("levels"));
        section.target(
                "Keycloak-local user sign-ins (no target; reported beside legacy)",
                Report.fmt(localRate) + "/s = " + Report.fmt(localRatio) + " of its hash ceiling, " + localErrors
                        + " errors",
                null,
                "");
        if (Boolean.TRUE.equals(migration.get("available"))) {
            double b =
                    (Double) best((Json.Obj) migration.get("beforeMigration")).get("perSecond");
            double a = (Double) best((Json.Obj) migration.get("afterMigration")).get("perSecond");
            section.line("- Lazily migrated users: " + Report.fmt(b) + " sign-ins/s on the migrating sign-in, "
                    + Report.fmt(a) + " after: **" + Report.fmt(a / b) + "×**.");
            section.target(
                    "lazily migrated user, after vs before migration",
                    Report.fmt(a / b) + "× (" + Report.fmt(b) + " → " + Report.fmt(a) + " sign-ins/s)",
                    null,
                    "no numeric target");
        } else {
            section.target(
                    "lazily migrated user, before and after migration",
                    String.valueOf(migration.get("reason")),
                    null,
                    "the provider has no lazy-migration setting yet");
        }
    }

    /** CPU ms of one check: the lower of the two measurements (the other had more interference). */
    private static double cpuPerCheck(Json.Obj ceiling) {
        return Math.min((Double) ceiling.get("cpuMsPerCheckBefore"), (Double) ceiling.get("cpuMsPerCheckAfter"));
    }

    private void rows(Report.Section section, String label, Json.Obj byLevel, double ceiling) {
        for (Map.Entry<String, Object> e : byLevel.entrySet()) {
            Json.Obj r = (Json.Obj) e.getValue();
            Json.Obj latency = (Json.Obj) r.get("latencyMs");
            double rate = (Double) r.get("perSecond");
            Object cpu = r.get("serverCpuSecondsPerRequest");
            section.line("| " + label + " | " + e.getKey() + " | " + Report.fmt(rate) + " | "
                    + (Double.isNaN(ceiling) ? "" : Report.fmt(rate / ceiling)) + " | " + latency.get("p50") + " | "
                    + latency.get("p95") + " | " + r.get("errors") + " | "
                    + (cpu instanceof Double d ? Report.fmt(d * 1000) : "") + " | " + r.get("loadGeneratorCpuCores")
                    + " | " + r.get("otherCpuCores") + " |");
        }
    }

    static String describeHash(Json.Obj hash) {
        if ("argon2".equals(hash.get("algorithm"))) {
            return "argon2" + hash.get("type") + " v" + hash.get("version") + ", " + hash.get("memoryKiB") + " KiB, "
                    + hash.get("iterations") + " iterations, parallelism " + hash.get("parallelism");
        }
        return hash.get("algorithm") + ", " + hash.get("iterations") + " iterations";
    }

    private static Json.Obj best(Json.Obj byLevel) {
        return byLevel.values().stream()
                .map(v -> (Json.Obj) v)
                .max((a, b) -> Double.compare((Double) a.get("perSecond"), (Double) b.get("perSecond")))
                .orElseThrow();
    }

    private static long totalErrors(Json.Obj byLevel) {
        return byLevel.values().stream()
                .mapToLong(v -> ((Number) ((Json.Obj) v).get("errors")).longValue())
                .sum();
    }
}
