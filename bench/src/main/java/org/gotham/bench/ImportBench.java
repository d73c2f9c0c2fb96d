package org.gotham.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.gotham.testsupport.DatabaseServers;
import org.gotham.testsupport.DatabaseServers.Collation;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Versions;

/**
 * The bulk import of a big legacy users table ("Sync all users", through the admin REST API as the console asks for
 * it) against Keycloak's own bulk path ({@code kc.sh import} of the same users as Keycloak users) in the same run,
 * both with Keycloak's database in PostgreSQL as in production: users/s, seconds, progress, Keycloak's heap after a
 * full GC before and after, a run with nothing to add, the sign-in of a sample of imported users with their old
 * passwords, and the user counts. See bench/README.md.
 */
final class ImportBench {

    static final String REALM = "gotham-import";
    static final String LEGACY_DATABASE = "bench_import_legacy";
    static final String KEYCLOAK_DATABASE = "bench_import_keycloak";
    static final String KC_IMPORT_DATABASE = "bench_import_kc";
    static final String KC_EMPTY_DATABASE = "bench_import_kc_empty";
    /** Its own unpacked Keycloak: other build options (PostgreSQL) than the shared one of the other benchmarks. */
    static final String HOME = "keycloak-" + Versions.keycloak() + "-import";

    static final double RATIO_TARGET = 0.8;
    static final double RATE_TARGET = 1000;
    static final double HEAP_RATIO_LIMIT = 1.10;
    static final double NOOP_LIMIT_SECONDS = 60;
    static final int BULK_COST = 12;
    static final int SAMPLE_SIZE = 20;

    private static final String USERS_SQL = "SELECT count(*) FROM user_entity u JOIN realm r ON r.id = u.realm_id "
            + "WHERE r.name = ? AND u.service_account_client_link IS NULL";

    /** A legacy row with its own password and hash, signed in after the import. */
    record Sample(long id, String username, String password, int cost, String prefix) {}

    private final Context context;
    private final Settings settings;
    private final Report.Section section;
    private LegacyDatabase legacy;

    private ImportBench(Context context) {
        this.context = context;
        this.settings = context.settings;
        this.section = new Report.Section(
                settings.text("import.report-name", "import"),
                "Bulk import of legacy users vs Keycloak's own `kc.sh import`");
    }

    static Report.Section run(Context context) throws Exception {
        return new ImportBench(context).run();
    }

    private Report.Section run() throws Exception {
        int users = settings.integer("import.users", 10_000, 1_000_000);
        int perFile = settings.integer("import.kc-users-per-file", 1000, 1000);
        Duration timeout = Duration.ofSeconds(settings.integer("import.timeout", 3600, 3600));
        boolean emptyRun = Boolean.parseBoolean(settings.text("import.kc-empty-run", "true"));
        boolean kcSignIn = Boolean.parseBoolean(settings.text("import.kc-sign-in", "true"));
        boolean keep = Boolean.parseBoolean(settings.text("import.keep-databases", "false"));
        String jarSetting = settings.text("import.provider-jar", null);
        Path jar = jarSetting == null
                ? context.providerJar()
                : context.snapshot(Path.of(jarSetting).toAbsolutePath(), "keycloak-user-provider-import.jar");
        context.stopKeycloak(); // the shared dev-mem Keycloak of the other benchmarks: not beside this one
        Json.Obj data = section.data();
        data.with("users", users)
                .with("providerJar", jarDescription(jarSetting, jar))
                .with("timeoutSeconds", timeout.toSeconds());

        // 1. the legacy table
        long t0 = System.nanoTime();
        legacy = LegacyDatabase.make(Vendor.POSTGRESQL, LEGACY_DATABASE, settings.work, Collation.BINARY);
        List<Sample> samples = fillLegacyTable(users);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        String tableSize = legacy.queryString("SELECT pg_size_pretty(pg_total_relation_size('users'))");
        Bench.say(
                String.format("%,d legacy users in %s (%s) in %.1f s", users, LEGACY_DATABASE, tableSize, fillSeconds));
        data.with(
                "legacyTable",
                Json.obj()
                        .with("database", LEGACY_DATABASE)
                        .with("rows", users)
                        .with("size", tableSize)
                        .with("fillSeconds", ClosedLoop.round(fillSeconds, 1))
                        .with("sample", samples.size()));

        // 2. ours, through the console's path
        Json.Obj ours = importThroughConsole(jar, users, samples, timeout);
        data.with("ours", ours);

        // 3. Keycloak's own bulk path, the same users
        Json.Obj kc = importWithKcSh(jar, users, samples, perFile, emptyRun, kcSignIn);
        data.with("kcImport", kc);

        if (!keep) {
            for (String db : List.of(KEYCLOAK_DATABASE, KC_IMPORT_DATABASE, KC_EMPTY_DATABASE, LEGACY_DATABASE)) {
                try {
                    DatabaseServers.drop(Vendor.POSTGRESQL, db);
                } catch (IllegalStateException e) {
                    System.err.println("could not drop " + db + ": " + e.getMessage());
                }
            }
        }
        ImportReport.describe(section, settings, data);
        return section;
    }

    // ---- 1. the legacy table ----

    /**
     * {@code users - SAMPLE_SIZE} rows {@code user0000001}.. sharing {@link LegacyUsers#CREDENTIALS_PER_COST}
     * cost-12 hashes, then the sample: rows with mixed-case names, their own passwords and hashes at costs 4..12.
     */
    private List<Sample> fillLegacyTable(int users) throws SQLException {
        int sampleSize = Math.min(SAMPLE_SIZE, users);
        LegacyUsers.insertNumbered(legacy, "user", 7, users - sampleSize, LegacyUsers.credentials(BULK_COST));
        SecureRandom random = new SecureRandom();
        List<String[]> made = IntStream.range(0, sampleSize)
                .parallel()
                .mapToObj(i -> {
                    int cost = 4 + i % 9;
                    String prefix = i % 10 == 3 ? "2a" : i % 10 == 7 ? "2y" : "2b";
                    byte[] salt = new byte[16];
                    byte[] secret = new byte[6];
                    synchronized (random) {
                        random.nextBytes(salt);
                        random.nextBytes(secret);
                    }
                    String password = "old pässword " + i + ":" + HexFormat.of().formatHex(secret);
                    String hash = OpenBSDBCrypt.generate(prefix, password.getBytes(StandardCharsets.UTF_8), salt, cost);
                    return new String[] {String.format("Sample.User%02d", i), password, hash};
                })
                .toList();
        List<Sample> samples = new ArrayList<>();
        try (Connection c = legacy.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (username, hashed_password) VALUES (?, ?) RETURNING id")) {
            for (String[] row : made) {
                insert.setString(1, row[0]);
                insert.setString(2, row[2]);
                try (ResultSet r = insert.executeQuery()) {
                    r.next();
                    samples.add(new Sample(
                            r.getLong(1), row[0], row[1], KeycloakRealmFiles.costOf(row[2]), row[2].substring(1, 3)));
                }
            }
        }
        legacy.execute("VACUUM ANALYZE users");
        return samples;
    }

    // ---- 2. ours ----

    private Json.Obj importThroughConsole(Path jar, int users, List<Sample> samples, Duration timeout) {
        Json.Obj ours = Json.obj().with("keycloakDatabase", KEYCLOAK_DATABASE);
        DatabaseServers.recreate(Vendor.POSTGRESQL, KEYCLOAK_DATABASE, Collation.BINARY);
        try (MeasuredKeycloak keycloak = MeasuredKeycloak.startOnPostgres(settings, jar, HOME, KEYCLOAK_DATABASE)) {
            KeycloakAdmin admin = new KeycloakAdmin(keycloak);
            ObjectNode realm = KeycloakAdmin.realmFromExport(context.realmExport(), REALM, legacy.realmVariables());
            KeycloakAdmin.setComponentConfig(realm, "editMode", "READ_ONLY");
            admin.createRealm(realm);
            String componentId = admin.getJson(
                            "/" + REALM + "/components?type=org.keycloak.storage.UserStorageProvider")
                    .get(0)
                    .path("id")
                    .asText();
            ours.with("keycloakLog", keycloak.log().toString()).with("componentId", componentId);

            Json.Obj heapBefore = keycloak.heapAfterGc();
            Bench.say("Keycloak heap before the import: " + heapBefore);
            List<Double> loadBefore = Machine.loadAverage();
            Bench.say("Sync all users (" + String.format("%,d", users) + " legacy rows)...");
            ConsoleImport.Result first =
                    ConsoleImport.run(admin, REALM, componentId, timeout, () -> keycloakUsers(KEYCLOAK_DATABASE));
            List<Double> loadAfter = Machine.loadAverage();
            Bench.say(String.format(
                    "  %s: %s, %,d added, %,d updated, %,d failed in %.1f s: %.0f users/s",
                    first.mode(),
                    first.state(),
                    first.added(),
                    first.updated(),
                    first.failed(),
                    first.seconds(),
                    first.usersPerSecond()));
            Json.Obj heapAfter = keycloak.heapAfterGc();
            Bench.say("Keycloak heap after the import: " + heapAfter);

            ConsoleImport.Result rerun = null;
            Json.Obj heapAfterRerun = null;
            if (first.succeeded()) {
                Bench.say("Sync all users again (nothing to add)...");
                rerun = ConsoleImport.run(admin, REALM, componentId, timeout, () -> keycloakUsers(KEYCLOAK_DATABASE));
                Bench.say(String.format(
                        "  %s: %,d added, %,d updated, %,d failed in %.1f s",
                        rerun.state(), rerun.added(), rerun.updated(), rerun.failed(), rerun.seconds()));
                heapAfterRerun = keycloak.heapAfterGc();
            }
            Json.Obj signIns = signIn(keycloak, samples);
            Bench.say("Sample sign-ins: " + signIns.get("succeeded") + " of " + signIns.get("tried"));
            Http.Answer count = admin.get("/" + REALM + "/users/count");
            ours.with("import", first.json(300))
                    .with("loadAverageBeforeImport", loadBefore)
                    .with("loadAverageAfterImport", loadAfter)
                    .with("rerun", rerun == null ? null : rerun.json(100))
                    .with(
                            "heap",
                            Json.obj()
                                    .with("before", heapBefore)
                                    .with("afterImport", heapAfter)
                                    .with("afterRerun", heapAfterRerun))
                    .with("signIn", signIns)
                    .with(
                            "adminUsersCount",
                            count.ok() ? Long.parseLong(count.body().trim()) : null)
                    .with("keycloakUsers", keycloakUsers(KEYCLOAK_DATABASE));
            ImportReport.plot(section, settings, first, rerun);
        }
        return ours;
    }

    // ---- 3. kc.sh import ----

    private Json.Obj importWithKcSh(
            Path jar, int users, List<Sample> samples, int perFile, boolean emptyRun, boolean kcSignIn) {
        ObjectNode realm = KeycloakAdmin.realmFromExport(context.realmExport(), REALM, legacy.realmVariables());
        // Keycloak's own users only: no federation (the realm's password policy and the bcrypt hash provider still
        // come from our jar, installed as for ours)
        ((ObjectNode) realm.path("components")).remove("org.keycloak.storage.UserStorageProvider");
        Path dir = settings.work.resolve("import-kc/users");
        Path emptyDir = settings.work.resolve("import-kc/empty");
        Bench.say("Writing the same users as Keycloak export files (" + perFile + " users per file)...");
        KeycloakRealmFiles.Written written = KeycloakRealmFiles.write(
                dir, realm, legacy, perFile, "crime-api/editor", Instant.now().toEpochMilli());
        Bench.say(String.format(
                "  %,d users in %,d files (%,d MB) in %.1f s",
                written.users(), written.files(), written.bytes() / 1_000_000, written.seconds()));
        KeycloakRealmFiles.writeRealm(emptyDir, realm);

        Path home = MeasuredKeycloak.install(settings, jar, HOME);
        String stamp = Long.toString(System.currentTimeMillis());
        KcImport.build(home, settings.work.resolve("logs/kc-build-" + stamp + ".log"));
        Duration timeout = Duration.ofSeconds(settings.integer("import.timeout", 3600, 3600));
        KcImport.Result empty = null;
        if (emptyRun) {
            DatabaseServers.recreate(Vendor.POSTGRESQL, KC_EMPTY_DATABASE, Collation.BINARY);
            Bench.say("kc.sh import of the realm alone (no users files)...");
            empty = KcImport.run(
                    home,
                    emptyDir,
                    KC_EMPTY_DATABASE,
                    settings.work.resolve("logs/kc-import-empty-" + stamp + ".log"),
                    timeout);
            Bench.say(String.format(
                    "  exit %d in %.1f s (import by the log %.2f s)",
                    empty.exitCode(), empty.wallSeconds(), empty.importSeconds()));
        }
        DatabaseServers.recreate(Vendor.POSTGRESQL, KC_IMPORT_DATABASE, Collation.BINARY);
        Bench.say("kc.sh import of " + String.format("%,d", written.users()) + " users...");
        List<Double> loadBefore = Machine.loadAverage();
        KcImport.Result full = KcImport.run(
                home, dir, KC_IMPORT_DATABASE, settings.work.resolve("logs/kc-import-" + stamp + ".log"), timeout);
        List<Double> loadAfter = Machine.loadAverage();
        long imported = keycloakUsers(KC_IMPORT_DATABASE);
        // the users alone: the import by the log, less the same import of the realm alone
        double usersSeconds = full.importSeconds() - (empty != null && empty.ok() ? empty.importSeconds() : 0);
        double bootExcludedByWall = empty != null ? full.wallSeconds() - empty.wallSeconds() : Double.NaN;
        Bench.say(String.format(
                "  exit %d in %.1f s; import by the log %.1f s, users alone %.1f s: %.0f users/s; %,d users in "
                        + "Keycloak",
                full.exitCode(),
                full.wallSeconds(),
                full.importSeconds(),
                usersSeconds,
                imported / usersSeconds,
                imported));
        Json.Obj kc = Json.obj()
                .with("keycloakDatabase", KC_IMPORT_DATABASE)
                .with("usersPerFile", perFile)
                .with("files", written.files())
                .with("megabytes", ClosedLoop.round(written.bytes() / 1e6, 1))
                .with("writeSeconds", ClosedLoop.round(written.seconds(), 1))
                .with("usersWritten", written.users())
                .with("rowsSkipped", written.skipped())
                .with("full", full.json())
                .with("realmOnly", empty == null ? null : empty.json())
                .with("usersSeconds", ConsoleImport.number(usersSeconds))
                .with("usersPerSecond", ConsoleImport.number(imported / usersSeconds))
                .with("wallDifferenceSeconds", ConsoleImport.number(bootExcludedByWall))
                .with("usersPerSecondByWallDifference", ConsoleImport.number(imported / bootExcludedByWall))
                .with("loadAverageBeforeImport", loadBefore)
                .with("loadAverageAfterImport", loadAfter)
                .with("keycloakUsers", imported);
        if (kcSignIn && full.exitCode() == 0) {
            try (MeasuredKeycloak keycloak =
                    MeasuredKeycloak.startOnPostgres(settings, jar, HOME, KC_IMPORT_DATABASE)) {
                Json.Obj signIns = signIn(keycloak, samples);
                Bench.say("Sample sign-ins after kc.sh import: " + signIns.get("succeeded") + " of "
                        + signIns.get("tried"));
                kc.with("signIn", signIns);
            }
        }
        return kc;
    }

    // ---- shared ----

    /** Password grants (client {@code crime-cli}) of the sample users with their old passwords, one after another. */
    private Json.Obj signIn(MeasuredKeycloak keycloak, List<Sample> samples) {
        int ok = 0;
        List<Json.Obj> failures = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        for (Sample sample : samples) {
            Http.Answer answer = context.http.postForm(
                    keycloak.tokenUrl(REALM),
                    Map.of(
                            "grant_type",
                            "password",
                            "client_id",
                            "crime-cli",
                            "username",
                            sample.username(),
                            "password",
                            sample.password()));
            if (answer.ok()) {
                ok++;
            } else {
                JsonNode body = answer.status() == 0 ? null : Json.parse(answer.body());
                failures.add(Json.obj()
                        .with("legacyId", sample.id())
                        .with("username", sample.username())
                        .with("hash", "$" + sample.prefix() + "$" + sample.cost())
                        .with("status", answer.status())
                        .with(
                                "error",
                                body == null
                                        ? answer.body()
                                        : body.path("error").asText()));
            }
            costs.add("$" + sample.prefix() + "$" + sample.cost());
        }
        return Json.obj()
                .with("tried", samples.size())
                .with("succeeded", ok)
                .with("hashes", costs.stream().distinct().sorted().toList())
                .with("failures", failures);
    }

    /** The realm's users in a Keycloak database (service accounts left out). */
    static long keycloakUsers(String database) {
        try (Connection c = DatabaseServers.connect(Vendor.POSTGRESQL, database);
                PreparedStatement s = c.prepareStatement(USERS_SQL)) {
            s.setString(1, REALM);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the users in " + database + ": " + e.getMessage(), e);
        }
    }

    /** Which jar was measured: the path it was taken from, the start of its SHA-256, its size. */
    private static Json.Obj jarDescription(String setting, Path jar) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return Json.obj()
                .with("path", setting == null ? "keycloak-user-provider/target/keycloak-user-provider.jar" : setting)
                .with("sha256", HexFormat.of().formatHex(sha.digest()).substring(0, 16))
                .with("bytes", Files.size(jar));
    }
}
