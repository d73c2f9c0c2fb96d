package org.gotham.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * crime-api with tokens against the same jar with {@code GOTHAM_SECURITY_ENABLED=false} on the same database, both
 * running, loaded in turn by wrk in its own process: baseline, common case (a token reused), common, baseline (so
 * that drift cancels), then the worst case (a never-seen token on every request, pre-minted). crime-api reaches
 * Keycloak's JWKS only through a counting proxy, and Keycloak's own metrics count every request it serves, so each
 * window shows how many requests went to Keycloak.
 */
final class ApiBench {

    static final String REALM = "gotham-api";
    static final String DATABASE = "bench_api";
    static final String IMPORTER_SECRET = "importer-dev-secret";
    static final double COMMON_TARGET = 0.9;

    private final Context context;
    private final Settings settings;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final Report.Section section = new Report.Section("api", "crime-api with tokens");
    private MeasuredKeycloak keycloak;
    private CountingProxy proxy;

    private ApiBench(Context context) {
        this.context = context;
        this.settings = context.settings;
    }

    static Report.Section run(Context context) throws Exception {
        return new ApiBench(context).run();
    }

    private Report.Section run() throws Exception {
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is missing: apt-get install -y wrk (bench/run.sh does it as root)");
        }
        int crimes = settings.integer("api.crimes", 1000, 100_000);
        double firstWarmup = settings.integer("api.first-warmup", 3, 60);
        double warmup = settings.integer("api.warmup", 2, 5);
        double window = settings.integer("api.window", 5, 20);
        double probe = settings.integer("api.probe", 3, 5);
        double ceilingSeconds = settings.integer("api.ceiling", 2, 5);
        Wrk wrk = new Wrk(
                settings.work.resolve("wrk"),
                settings.integer("api.wrk-threads", 2, 2),
                settings.integer("api.connections", 16, 16));
        Path tokens = settings.work.resolve("tokens");
        Files.createDirectories(tokens);

        LegacyDatabase legacy = LegacyDatabase.make(Vendor.POSTGRESQL, DATABASE, settings.work, Collation.BINARY);
        legacy.execute(resource("crimes.sql").replace("${COUNT}", Integer.toString(crimes)));

        keycloak = context.keycloak();
        ObjectNode realm = KeycloakAdmin.realmFromExport(context.realmExport(), REALM, legacy.realmVariables());
        // Benchmark only: the pre-minted tokens must outlive the minting (the realm's 300 s); nothing crime-api
        // checks changes.
        KeycloakAdmin.client(realm, "crime-importer").putObject("attributes").put("access.token.lifespan", "3600");
        context.admin().require(context.admin().send("POST", "", realm), "creating realm " + REALM);

        proxy = new CountingProxy("http://127.0.0.1:" + keycloak.httpPort());
        Map<String, String> env = new HashMap<>(legacy.realmVariables());
        env.putAll(Map.of(
                "KEYCLOAK_ISSUER_URI",
                keycloak.issuer(REALM),
                "KEYCLOAK_JWK_SET_URI",
                proxy.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/certs",
                "KEYCLOAK_PUBLIC_URL",
                keycloak.baseUrl()));
        Map<String, String> openEnv = new HashMap<>(env);
        openEnv.put("GOTHAM_SECURITY_ENABLED", "false");
        try (CountingProxy ignored = proxy;
                MeasuredCrimeApi secured = MeasuredCrimeApi.start(settings, context.crimeApiJar(), "secured", env);
                MeasuredCrimeApi open =
                        MeasuredCrimeApi.start(settings, context.crimeApiJar(), "unauthenticated", openEnv)) {
            TokenMinter minter = new TokenMinter(
                    context.http,
                    keycloak.tokenUrl(REALM),
                    "crime-importer",
                    IMPORTER_SECRET,
                    settings.integer("api.mint-concurrency", 4, 4));
            Path common = minter.mint(wrk.threads(), tokens.resolve("common.txt"));
            long servedBefore = keycloak.servedRequests(context.http);
            List<String> sample = Files.readAllLines(minter.mint(1000, tokens.resolve("crypto-sample.txt")));
            // proves that Keycloak's request counter sees requests: 1000 token requests must show as >= 1000
            Json.Obj counterCheck = Json.obj()
                    .with("tokenRequestsSent", 1000)
                    .with("countedByKeycloakMetrics", keycloak.servedRequests(context.http) - servedBefore);
            Json.Obj mintRate = Json.obj().with("sample", ClosedLoop.round(minter.lastRate(), 1));
            String byId = "/crimes/" + (crimes / 2);
            String list = "/crimes?skip=0&limit=100";
            Json.Obj checks = sanityChecks(secured, open, sample.get(0), byId, list);

            RSAPublicKey key = publicKey(sample.get(0));
            Json.Obj crypto = Json.obj();
            crypto.with("verifyBefore", ClosedLoop.round(Ceiling.rs256Verify(cores, ceilingSeconds, sample, key), 0))
                    .with("verifyCpuMicrosBefore", ClosedLoop.round(Ceiling.lastCpuMillisPerCheck() * 1000, 1))
                    .with(
                            "parseAndVerifyBefore",
                            ClosedLoop.round(Ceiling.rs256ParseAndVerify(cores, ceilingSeconds, sample, key), 0));

            Json.Obj endpoints = Json.obj();
            for (String path : List.of(byId, list)) {
                Bench.say("GET " + path + ": warm-up");
                wrk.staticRun(open.url(path), null, firstWarmup, open::cpuSeconds);
                wrk.staticRun(secured.url(path), common, firstWarmup, secured::cpuSeconds);
                Json.Obj windows = Json.obj();
                windows.with(
                        "baseline1", window(wrk, "baseline", open.url(path), null, warmup, window, open::cpuSeconds));
                windows.with(
                        "common1",
                        window(wrk, "common", secured.url(path), common, warmup, window, secured::cpuSeconds));
                boolean profile = path.equals(byId) && Boolean.parseBoolean(settings.text("api.jfr", "false"));
                windows.with(
                        "common2",
                        window(
                                wrk,
                                "common",
                                secured.url(path),
                                common,
                                warmup,
                                window,
                                secured::cpuSeconds,
                                profile ? secured : null));
                windows.with(
                        "baseline2",
                        window(
                                wrk,
                                "baseline",
                                open.url(path),
                                null,
                                warmup,
                                window,
                                open::cpuSeconds,
                                profile ? open : null));
                double baseline = mean(windows, "baseline1", "baseline2");
                double commonRate = mean(windows, "common1", "common2");

                // Worst case: a short probe (also the warm-up of the verification path) sizes the real window's
                // token file; both files hold tokens never sent before.
                int probeCount = (int) Math.ceil(commonRate * probe * 1.2) + 100;
                Bench.say("GET " + path + ": minting " + probeCount + " tokens for the worst-case probe");
                Path probeFile = minter.mint(probeCount, tokens.resolve("probe.txt"));
                Json.Obj probeRun =
                        counted(() -> wrk.freshRun(secured.url(path), probeFile, probe, secured::cpuSeconds));
                double probeRate = (Double) probeRun.get("perSecond");
                // enough for the faster of the probe and the common case: a reused token is never cheaper to serve
                int mainCount = (int) Math.ceil(Math.max(probeRate * 1.3, commonRate) * window * 1.05) + 200;
                Bench.say("GET " + path + ": minting " + mainCount + " tokens for the worst case");
                Path worstFile = minter.mint(mainCount, tokens.resolve("worst.txt"));
                mintRate.with(path, ClosedLoop.round(minter.lastRate(), 1));
                Bench.say("GET " + path + ": worst case (fresh token per request)");
                Json.Obj worst = counted(() -> wrk.freshRun(secured.url(path), worstFile, window, secured::cpuSeconds));
                worst.with("tokensInFile", mainCount);
                Bench.say("  " + worst.get("perSecond") + " req/s, errors " + worst.get("errors") + ", wrapped "
                        + worst.get("tokenFileWrapped"));
                windows.with("worstProbe", probeRun).with("worst", worst);
                endpoints.with(
                        path,
                        windows.with("baselinePerSecond", ClosedLoop.round(baseline, 1))
                                .with("commonPerSecond", ClosedLoop.round(commonRate, 1))
                                .with("commonOverBaseline", ClosedLoop.round(commonRate / baseline, 3)));
                Files.deleteIfExists(probeFile);
                Files.deleteIfExists(worstFile);
            }
            crypto.with("verifyAfter", ClosedLoop.round(Ceiling.rs256Verify(cores, ceilingSeconds, sample, key), 0))
                    .with("verifyCpuMicrosAfter", ClosedLoop.round(Ceiling.lastCpuMillisPerCheck() * 1000, 1))
                    .with(
                            "parseAndVerifyAfter",
                            ClosedLoop.round(Ceiling.rs256ParseAndVerify(cores, ceilingSeconds, sample, key), 0));
            crypto.with("verifyUsed", Math.max((Double) crypto.get("verifyBefore"), (Double) crypto.get("verifyAfter")))
                    .with("parseAndVerifyUsed", Math.max((Double) crypto.get("parseAndVerifyBefore"), (Double)
                            crypto.get("parseAndVerifyAfter")));
            section.data()
                    .with("crimes", crimes)
                    .with("firstWarmupSeconds", firstWarmup)
                    .with("warmupSeconds", warmup)
                    .with("windowSeconds", window)
                    .with(
                            "wrk",
                            Json.obj()
                                    .with("threads", wrk.threads())
                                    .with("connections", settings.integer("api.connections", 16, 16)))
                    .with("checks", checks.with("keycloakRequestCounter", counterCheck))
                    .with("rs256Ceiling", crypto)
                    .with("mintedPerSecond", mintRate)
                    .with("tokensMinted", minter.minted())
                    .with("jwksFetchesWholeRun", proxy.requests())
                    .with("endpoints", endpoints);
            describe(crypto, endpoints, checks);
        }
        return section;
    }

    /** A warm-up run, then the measured run, with the requests that reached Keycloak during the latter. */
    private Json.Obj window(
            Wrk wrk, String shape, String url, Path tokens, double warmup, double window, DoubleSupplier cpu) {
        return window(wrk, shape, url, tokens, warmup, window, cpu, null);
    }

    /** With {@code profiled} set, a JFR recording of that process covers the measured run (bench/work/jfr/). */
    private Json.Obj window(
            Wrk wrk,
            String shape,
            String url,
            Path tokens,
            double warmup,
            double window,
            DoubleSupplier cpu,
            MeasuredCrimeApi profiled) {
        wrk.staticRun(url, tokens, warmup, cpu);
        if (profiled != null) {
            try {
                Files.createDirectories(settings.work.resolve("jfr"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            profiled.record(settings.work.resolve("jfr/" + shape + ".jfr"), window);
        }
        Bench.say(shape + " " + url);
        Json.Obj result = counted(() -> wrk.staticRun(url, tokens, window, cpu));
        Bench.say("  " + result.get("perSecond") + " req/s, errors " + result.get("errors"));
        return result;
    }

    private Json.Obj counted(java.util.function.Supplier<Json.Obj> run) {
        long proxied = proxy.requests();
        long served = keycloak.servedRequests(context.http);
        Json.Obj result = run.get();
        long servedAfter = keycloak.servedRequests(context.http);
        return result.with("jwksRequestsDuringWindow", proxy.requests() - proxied)
                .with("keycloakRequestsDuringWindow", served < 0 || servedAfter < 0 ? null : servedAfter - served);
    }

    private static double mean(Json.Obj windows, String a, String b) {
        return ((Double) ((Json.Obj) windows.get(a)).get("perSecond")
                        + (Double) ((Json.Obj) windows.get(b)).get("perSecond"))
                / 2;
    }

    /** The two apps serve the same data; the secured one wants a token; the token passes. */
    private Json.Obj sanityChecks(
            MeasuredCrimeApi secured, MeasuredCrimeApi open, String token, String byId, String list) {
        Http http = context.http;
        Http.Answer withToken = http.get(secured.url(byId), token);
        Http.Answer without = http.get(secured.url(byId), null);
        Http.Answer openAnswer = http.get(open.url(byId), null);
        Http.Answer listSecured = http.get(secured.url(list), token);
        Http.Answer listOpen = http.get(open.url(list), null);
        Json.Obj checks = Json.obj()
                .with("securedWithTokenStatus", withToken.status())
                .with("securedWithoutTokenStatus", without.status())
                .with("unauthenticatedStatus", openAnswer.status())
                .with("sameBodyById", withToken.body().equals(openAnswer.body()))
                .with("sameBodyList", listSecured.body().equals(listOpen.body()))
                .with("listBytes", listOpen.body().length())
                .with("byIdBytes", openAnswer.body().length());
        if (withToken.status() != 200
                || without.status() != 401
                || openAnswer.status() != 200
                || !withToken.body().equals(openAnswer.body())
                || !listSecured.body().equals(listOpen.body())) {
            throw new IllegalStateException("crime-api sanity checks failed: " + checks);
        }
        return checks;
    }

    private RSAPublicKey publicKey(String token) throws Exception {
        String kid = JWSObject.parse(token).getHeader().getKeyID();
        Http.Answer jwks = context.http.get(keycloak.jwksUrl(REALM).replace("localhost", "127.0.0.1"), null);
        return ((RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(kid)).toRSAPublicKey();
    }

    // ---- the report ----

    private void describe(Json.Obj crypto, Json.Obj endpoints, Json.Obj checks) {
        double verify = (Double) crypto.get("verifyUsed");
        double parseVerify = (Double) crypto.get("parseAndVerifyUsed");
        double verifyMicros =
                Math.min((Double) crypto.get("verifyCpuMicrosBefore"), (Double) crypto.get("verifyCpuMicrosAfter"));
        section.line("Two crime-api processes from the same jar on the same PostgreSQL data (`" + DATABASE + "`, "
                + section.data().get("crimes") + " crimes): one with tokens, one with `GOTHAM_SECURITY_ENABLED=false`. "
                + "wrk (" + section.data().get("wrk") + ") in its own process; each window is preceded by a warm-up "
                + "run; baseline and common case alternate (baseline, common, common, baseline) and are averaged. "
                + "Common case: one token per wrk thread reused on every request. Worst case: every request carries "
                + "a token never sent before (client-credentials tokens minted before the window). crime-api fetches "
                + "Keycloak's keys through a counting proxy (`KEYCLOAK_JWK_SET_URI`); Keycloak's "
                + "`http_server_requests_seconds_count` counts everything it served.\n");
        section.line("RS256 ceiling (nimbus-jose-jwt `RSASSAVerifier`, JCA, " + cores + " threads, Keycloak's key): **"
                + Report.fmt(verify) + " verifications/s** (" + Report.fmt(verifyMicros) + " µs of CPU each); with "
                + "parsing each token first (`SignedJWT.parse`): " + Report.fmt(parseVerify) + "/s. Before "
                + crypto.get("verifyBefore") + "/s, after " + crypto.get("verifyAfter") + "/s.\n");
        section.line("| route | shape | req/s | ÷ baseline | ÷ RS256 ceiling | p50 ms | p99 ms | errors "
                + "| crime-api CPU µs / req | machine busy cores | JWKS fetches | Keycloak requests |");
        section.line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Object> e : endpoints.entrySet()) {
            Json.Obj w = (Json.Obj) e.getValue();
            double baseline = (Double) w.get("baselinePerSecond");
            for (String name : List.of("baseline1", "common1", "common2", "baseline2", "worst")) {
                Json.Obj r = (Json.Obj) w.get(name);
                double rate = (Double) r.get("perSecond");
                Json.Obj latency = (Json.Obj) r.get("latencyMs");
                String shape = switch (name) {
                    case "worst" -> "worst: fresh token per request";
                    case "common1", "common2" -> "common: token reused";
                    default -> "no authentication (baseline)";
                };
                section.line("| `GET " + e.getKey() + "` | " + shape + " | " + Report.fmt(rate) + " | "
                        + Report.fmt(rate / baseline) + " | " + (name.equals("worst") ? Report.fmt(rate / verify) : "")
                        + " | " + latency.get("p50") + " | " + latency.get("p99") + " | " + r.get("errors") + " | "
                        + r.get("serverCpuMicrosPerRequest") + " | " + r.get("machineBusyCores") + " | "
                        + r.get("jwksRequestsDuringWindow") + " | " + r.get("keycloakRequestsDuringWindow") + " |");
            }
        }
        section.line("");
        long keycloakRequests = 0;
        long jwksInWindows = 0;
        long errors = 0;
        for (Map.Entry<String, Object> e : endpoints.entrySet()) {
            Json.Obj w = (Json.Obj) e.getValue();
            for (String name : List.of("baseline1", "common1", "common2", "baseline2", "worst")) {
                Json.Obj r = (Json.Obj) w.get(name);
                // Keycloak's own count includes the JWKS fetches the proxy passed on; without it, the proxy's
                long jwks = ((Number) r.get("jwksRequestsDuringWindow")).longValue();
                Object served = r.get("keycloakRequestsDuringWindow");
                keycloakRequests += served instanceof Number n ? Math.max(n.longValue(), jwks) : jwks;
                jwksInWindows += jwks;
                errors += ((Number) r.get("errors")).longValue();
            }
            double ratio = (Double) w.get("commonOverBaseline");
            Json.Obj worst = (Json.Obj) w.get("worst");
            double worstRate = (Double) worst.get("perSecond");
            double cpuBase = avgCpu(w, "baseline1", "baseline2");
            double cpuCommon = avgCpu(w, "common1", "common2");
            double cpuWorst = worst.get("serverCpuMicrosPerRequest") instanceof Double d ? d : Double.NaN;
            section.line("- `GET " + e.getKey() + "`: common case **" + Report.fmt(ratio) + "** of the baseline ("
                    + Report.fmt((Double) w.get("commonPerSecond")) + " vs "
                    + Report.fmt((Double) w.get("baselinePerSecond"))
                    + " req/s); the token check of a reused token costs crime-api " + Report.fmt(cpuCommon - cpuBase)
                    + " µs of CPU per request. Worst case " + Report.fmt(worstRate) + " req/s = **"
                    + Report.fmt(worstRate / verify) + "** of the RS256 ceiling and "
                    + Report.fmt(worstRate / (Double) w.get("baselinePerSecond")) + " of the baseline: a never-seen "
                    + "token costs crime-api " + Report.fmt(cpuWorst - cpuCommon) + " µs of CPU more than a reused one "
                    + "(the RS256 check alone: " + Report.fmt(verifyMicros) + " µs), on top of the "
                    + Report.fmt(cpuBase) + " µs the request costs without authentication"
                    + (((Number) worst.get("tokenFileWrapped")).longValue() > 0
                            ? "; the token file ran out and " + "wrapped, so some requests re-used a token"
                            : "")
                    + ".");
            String why = ratio >= COMMON_TARGET
                    ? ""
                    : "reused-token check costs " + Report.fmt(cpuCommon - cpuBase)
                            + " µs CPU/request over a baseline of " + Report.fmt(cpuBase) + " µs";
            section.target(
                    "common case ≥ " + COMMON_TARGET + " × unauthenticated, `GET " + e.getKey() + "`",
                    Report.fmt(ratio) + " (" + Report.fmt((Double) w.get("commonPerSecond")) + " vs "
                            + Report.fmt((Double) w.get("baselinePerSecond")) + " req/s)",
                    ratio >= COMMON_TARGET,
                    why);
            section.target(
                    "worst case vs RS256 ceiling, `GET " + e.getKey() + "` (reported, no threshold)",
                    Report.fmt(worstRate / verify) + " (" + Report.fmt(worstRate) + " req/s vs " + Report.fmt(verify)
                            + " verifications/s)",
                    null,
                    "fresh token costs " + Report.fmt(cpuWorst - cpuCommon) + " µs CPU vs " + Report.fmt(verifyMicros)
                            + " µs for RS256 alone");
        }
        section.target(
                "zero requests to Keycloak during the measured windows",
                keycloakRequests + " requests served "
                        + "by Keycloak in all windows (" + jwksInWindows + " of them JWKS fetches through the proxy); "
                        + proxy.requests() + " JWKS fetches in the whole run",
                keycloakRequests == 0,
                keycloakRequests == 0
                        ? ""
                        : "crime-api refreshes its key cache ahead of its "
                                + "5-minute expiry: one fetch per 5 min, whatever the traffic");
        section.target(
                "no errors in any window", errors + " errors (non-2xx, timeouts, socket errors)", errors == 0, "");
    }

    private static double avgCpu(Json.Obj w, String a, String b) {
        Object x = ((Json.Obj) w.get(a)).get("serverCpuMicrosPerRequest");
        Object y = ((Json.Obj) w.get(b)).get("serverCpuMicrosPerRequest");
        return x instanceof Double dx && y instanceof Double dy ? (dx + dy) / 2 : Double.NaN;
    }

    private static String resource(String name) {
        try (java.io.InputStream in = ApiBench.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
