package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.gotham.systemtest.faults.RealmFixtures.UserView;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.MetricsScrape;
import org.gotham.systemtest.support.PrivatePostgres;
import org.gotham.systemtest.support.TableSnapshot;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The legacy database goes away while Keycloak runs, and comes back.
 *
 * <p>PostgreSQL is a server of this class's own ({@link PrivatePostgres}), stopped and started by the tests: the
 * machine's shared one serves other tests. Each test has its own realm and database, so the provider's outage WARN
 * (at most one per 30 s per federation component) is each test's own. The first refused sign-in of a cached user
 * during an outage counts towards brute-force detection like a wrong password (the realm locks after 5); later ones
 * must not.
 *
 * <p>For SQLite, "unreadable" is simulated by overwriting the file's header in place: the tests run as root, where
 * {@code chmod 000} stops no read, and moving the file away (or putting a directory in its place) does not affect
 * the provider's pooled connection, which keeps reading the open file, as POSIX lets it.
 *
 * <p>Process only: under {@code -Dkeycloak.runtime=container} it is skipped with a message.
 */
@ExtendWith(KeycloakExtension.class)
class LegacyDatabaseOutageSystemTest {

    private static final String CLIENT = "crime-cli";
    /** The promise: federated sign-ins work again this soon after the database does. */
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static final String LOCAL_USER = "local-officer";
    private static final String LOCAL_PASSWORD = "local-password-1";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PrivatePostgres postgres;

    private final GothamKeycloak keycloak;
    private final List<String> realms = new ArrayList<>();

    LegacyDatabaseOutageSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    static void startPrivatePostgres() {
        KeycloakRuntime.assumeProcess("takes a legacy database away under Keycloak, and in a container Keycloak"
                + " reaches it through Testcontainers' port forwarding, which fails differently");
        postgres = PrivatePostgres.start();
    }

    @AfterAll
    static void removePrivatePostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void removeRealms() {
        postgres.ensureRunning();
        realms.forEach(keycloak::removeRealm);
    }

    /**
     * Refused as wrong passwords, nothing written, no 5xx. Not bounded in time as {@link SignInFloodSystemTest}'s
     * flood is: with the database down the provider finds nobody without a bcrypt check, and Keycloak then spends its
     * own dummy hash (its realm algorithm, unbounded) on each unknown name, as it does for a flood against its own
     * users; the figures are printed.
     */
    @Test
    void aFloodOfSignInsWhileThePostgresDatabaseIsDownIsRefusedAsWrongPasswords() {
        LegacyRealm realm = postgresRealm();
        List<LegacyUser> users = LegacyUser.all();
        TableSnapshot before = TableSnapshot.of(realm.database(), "users");

        postgres.stopServer();
        Floods.Flood flood = new Floods(keycloak).flood(realm, i -> {
            LegacyUser user = users.get(i % users.size());
            return Floods.grant(realm, user.username(), i % 2 == 0 ? user.password() : "wrong");
        });
        postgres.startServer();

        Floods.assertAnswered(flood, List.of("400 invalid_grant"));
        assertThat(TableSnapshot.of(realm.database(), "users"))
                .as("nothing written")
                .isEqualTo(before);
    }

    @Test
    void aRealmImportedWhileItsLegacyDatabaseIsDownIsRefusedWith400AndTheReason() {
        String name = "faults_outage_" + DATABASES.incrementAndGet();
        LegacyDatabase database =
                LegacyDatabase.on(Vendor.POSTGRESQL, postgres.createDatabase(name), "postgres", "", LegacyUser.all());
        postgres.stopServer();
        RealmRepresentation representation = keycloak.realmFromExport(
                "faults-outage-import",
                Map.of(
                        "LEGACY_DB_URL", database.jdbcUrl(),
                        "LEGACY_DB_USERNAME", database.username(),
                        "LEGACY_DB_PASSWORD", database.password()));
        int logBefore = keycloak.server().log().length();

        Http.Reply reply;
        try (Keycloak admin = keycloak.server().admin()) {
            String token = admin.tokenManager().getAccessTokenString();
            reply = Http.send(
                    "POST",
                    URI.create(keycloak.server().baseUrl() + "/admin/realms"),
                    Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                    json(representation));
        }

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.body()).contains("legacy-users").contains("Cannot connect to the legacy database");
        assertThat(logSince(logBefore)).as("no stack trace").noneMatch(line -> line.contains("Uncaught server error"));
        try (Keycloak admin = keycloak.server().admin()) {
            assertThat(admin.realms().findAll()).noneMatch(r -> r.getRealm().equals("faults-outage-import"));
        }
    }

    @Test
    void federatedSignInIsAnInvalidGrantAndKeycloakLogsAWarnWhileThePostgresDatabaseIsDown() {
        LegacyRealm realm = postgresRealm();
        LegacyUser robin = LegacyUser.named("robin");
        LegacyUser alfred = LegacyUser.named("alfred");
        assertThat(signIn(realm, robin).ok()).as("robin before the outage").isTrue();
        int logBefore = keycloak.server().log().length();

        postgres.stopServer();

        // robin is in Keycloak's user cache (only the password check reaches the database), alfred is not
        for (LegacyUser user : List.of(robin, alfred)) {
            long started = System.nanoTime();
            Answer answer = signIn(realm, user);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).as("%s: %s", user, answer.body()).isEqualTo(400);
            assertThat(answer.error()).as("%s", user).isEqualTo("invalid_grant");
            assertThat(answer.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
            System.out.printf(
                    "sign-in of %s while the legacy database is down: refused after %d ms%n", user, took.toMillis());
            // Keycloak's own limit for a storage provider's answer; the provider stops connecting after a failure
            assertThat(took).as("%s is refused within Keycloak's 3 s", user).isLessThan(Duration.ofSeconds(3));
        }
        Await.until(
                "a WARN naming the unreachable legacy database in Keycloak's log",
                Duration.ofSeconds(30),
                () -> logSince(logBefore).stream().anyMatch(this::isOutageWarning));
        assertThat(logSince(logBefore))
                .filteredOn(this::isOutageWarning)
                .first()
                .asString()
                .contains("jdbc:postgresql://127.0.0.1:" + postgres.port());
    }

    @Test
    void localUsersAndTheMasterAdminStillSignInWhileThePostgresDatabaseIsDown() {
        LegacyRealm realm = postgresRealm();
        assertThat(signIn(realm, LegacyUser.named("gordon")).ok())
                .as("the federation works before")
                .isTrue();

        postgres.stopServer();

        Answer local = realm.tokens().password(CLIENT, LOCAL_USER, LOCAL_PASSWORD);
        assertThat(local.ok()).as("%s", local.body()).isTrue();
        assertThat(local.claims().path("preferred_username").asText()).isEqualTo(LOCAL_USER);
        Answer master = new TokenEndpoint(keycloak.server().issuer("master"))
                .password("admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        assertThat(master.ok()).as("%s", master.body()).isTrue();
    }

    @Test
    void adminUserListStillShowsLocalUsersAndKeycloakLogsTheFailureWhileThePostgresDatabaseIsDown() {
        LegacyRealm realm = postgresRealm();
        String token = RealmFixtures.adminToken(keycloak.server());
        // what the admin console asks for its user list (it pages by 11)
        URI list = URI.create(keycloak.server().baseUrl() + "/admin/realms/" + realm.name()
                + "/users?briefRepresentation=true&first=0&max=100");
        assertThat(usernames(Http.send("GET", list, Map.of("Authorization", "Bearer " + token), (String) null)))
                .as("before the outage")
                .contains(LOCAL_USER, "batman");
        int logBefore = keycloak.server().log().length();

        postgres.stopServer();

        Http.Reply during = Http.send("GET", list, Map.of("Authorization", "Bearer " + token), (String) null);
        Http.Reply count = Http.send(
                "GET",
                URI.create(keycloak.server().baseUrl() + "/admin/realms/" + realm.name() + "/users/count"),
                Map.of("Authorization", "Bearer " + token),
                (String) null);
        System.out.printf(
                "while the legacy database is down, the console's user list is %s and the count %s%n", during, count);
        assertThat(during.status()).as("%s", during).isEqualTo(200);
        assertThat(usernames(during)).as("only local users are listed").containsExactly(LOCAL_USER);
        assertThat(count.status()).as("the user count: %s", count).isLessThan(500);
        // Keycloak 26.7 lists the other stores' users "for graceful degradation"; only its log names the failure
        Await.until(
                "Keycloak's WARN that the legacy store failed the user list",
                Duration.ofSeconds(30),
                () -> logSince(logBefore).stream()
                        .anyMatch(line -> line.contains(" WARN ")
                                && line.contains(
                                        "LegacyStoreUnavailableException: The legacy user store is unavailable")));
    }

    @Test
    void federatedSignInsWorkWithin5SecondsOfThePostgresDatabasesReturnAndNoUserChanged() {
        LegacyRealm realm = postgresRealm();
        List<String> triedDuringOutage = List.of("batman", "selina", "harvey.dent");
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource resource = admin.realm(realm.name());
            assertThat(signIn(realm, LegacyUser.named("batman")).ok()).isTrue();
            List<UserView> usersBefore = RealmFixtures.everyUser(resource);
            TableSnapshot tableBefore = TableSnapshot.of(realm.database(), "users");
            Map<String, String> ids = new LinkedHashMap<>();
            triedDuringOutage.forEach(name -> ids.put(name, RealmFixtures.userId(resource, name)));

            Map<String, String> component = Map.of("component", GothamKeycloak.federationId(resource));
            MetricsScrape before = MetricsScrape.of(keycloak.server());

            postgres.stopServer();
            for (int attempt = 1; attempt <= 3; attempt++) {
                for (String name : triedDuringOutage) {
                    assertThat(signIn(realm, LegacyUser.named(name)).error())
                            .as(name)
                            .isEqualTo("invalid_grant");
                }
            }
            // what an operator's Prometheus sees meanwhile: the scrape answers (within its 10 s), the store is down
            MetricsScrape during = MetricsScrape.of(keycloak.server());
            assertThat(during.value("gotham_legacy_store_up", component))
                    .as("store up during the outage")
                    .isZero();
            assertThat(during.moved(before, "gotham_legacy_sign_ins_total", with(component, "store_unavailable")))
                    .as("sign-ins refused as the store was unavailable")
                    .isPositive();
            postgres.startServer();
            // before any sign-in: a successful one may rehash its user's password (WRITABLE), by design
            assertThat(TableSnapshot.of(realm.database(), "users"))
                    .as("the legacy table after the outage")
                    .isEqualTo(tableBefore);

            RealmFixtures.awaitFederatedSignIns(realm, RECOVERY);
            assertThat(MetricsScrape.of(keycloak.server()).value("gotham_legacy_store_up", component))
                    .as("store up again")
                    .isEqualTo(1);
            ids.forEach((name, id) -> {
                // the first refusal of a user Keycloak has cached counts as a failed login, as a wrong password
                // does; the provider then drops the user from the cache, and the next ones find no such user
                int failures = RealmFixtures.failures(resource, id);
                System.out.printf(
                        "%s: %d failed login(s) counted by brute-force detection in 3 refused sign-ins "
                                + "during the outage%n",
                        name, failures);
                assertThat(failures).as("%s's failures counted", name).isLessThanOrEqualTo(1);
                assertThat(RealmFixtures.lockedOut(resource, id))
                        .as("%s locked out", name)
                        .isFalse();
            });
            for (LegacyUser user : LegacyUser.all()) {
                assertThat(signIn(realm, user).ok())
                        .as("%s after the outage", user)
                        .isTrue();
            }
            assertThat(RealmFixtures.everyUser(resource))
                    .as("every user as the admin sees them")
                    .isEqualTo(usersBefore);
            assertThat(TableSnapshot.of(realm.database(), "users").columns("id", "username"))
                    .isEqualTo(tableBefore.columns("id", "username"));
        }
    }

    @Test
    void noKeycloakUserCanTakeALegacyUsersNameWhileThePostgresDatabaseIsDown() {
        String name = "faults_outage_" + DATABASES.incrementAndGet();
        LegacyRealm realm = createRealm(
                LegacyDatabase.on(Vendor.POSTGRESQL, postgres.createDatabase(name), "postgres", "", LegacyUser.all()),
                r -> RealmFixtures.federation(r)
                        .forEach(f -> f.getConfig().putSingle(RealmFixtures.EDIT_MODE, "READ_ONLY")));
        Map<String, String> headers = Map.of(
                "Authorization",
                "Bearer " + RealmFixtures.adminToken(keycloak.server()),
                "Content-Type",
                "application/json");
        URI users = URI.create(keycloak.server().baseUrl() + "/admin/realms/" + realm.name() + "/users");
        LegacyUser robin = LegacyUser.named("robin");

        postgres.stopServer();
        // READ_ONLY: Keycloak would keep the new user itself, and its own users come first at sign-in
        Http.Reply created = Http.send("POST", users, headers, "{\"username\": \"robin\", \"enabled\": true}");

        assertThat(created.status()).as("%s", created).isEqualTo(503);
        assertThat(json(created).path("errorMessage").asText())
                .isEqualTo("The legacy user store 'legacy-users' is unavailable.");
        postgres.startServer();
        RealmFixtures.awaitFederatedSignIns(realm, RECOVERY);
        Answer signIn = signIn(realm, robin);
        assertThat(signIn.ok())
                .as("robin, the legacy user, after the outage: %s", signIn.body())
                .isTrue();
        try (Keycloak admin = keycloak.server().admin()) {
            assertThat(admin.realm(realm.name()).users().searchByUsername("robin", true))
                    .singleElement()
                    .satisfies(user -> assertThat(user.getFederationLink()).isNotNull());
        }
    }

    @Test
    void federatedSignInFailsWhileTheSqliteFileIsUnreadableAndWorksWithin5SecondsOfItsReturn() throws IOException {
        LegacyDatabase sqlite = LegacyDatabase.create(
                Vendor.SQLITE,
                "faults_outage_" + DATABASES.incrementAndGet(),
                Environment.pathProperty("work.dir"),
                LegacyUser.all());
        LegacyRealm realm = createRealm(sqlite);
        Path file = Path.of(sqlite.jdbcUrl().substring("jdbc:sqlite:".length()));
        assertThat(signIn(realm, LegacyUser.named("batman")).ok())
                .as("batman before")
                .isTrue();
        TableSnapshot tableBefore = TableSnapshot.of(sqlite, "users");
        int logBefore = keycloak.server().log().length();

        byte[] header = overwriteHeader(file, new byte[100]);
        try {
            for (String name : List.of("batman", "lucius")) {
                assertThat(signIn(realm, LegacyUser.named(name)).error())
                        .as(name)
                        .isEqualTo("invalid_grant");
            }
            Await.until(
                    "a WARN naming the unreadable SQLite file",
                    Duration.ofSeconds(30),
                    () -> logSince(logBefore).stream()
                            .anyMatch(line -> isOutageWarning(line) && line.contains(file.toString())));
        } finally {
            overwriteHeader(file, header);
        }
        assertThat(TableSnapshot.of(sqlite, "users"))
                .as("the legacy table after the outage")
                .isEqualTo(tableBefore);

        RealmFixtures.awaitFederatedSignIns(realm, RECOVERY);
        assertThat(signIn(realm, LegacyUser.named("batman")).ok())
                .as("batman after")
                .isTrue();
    }

    private static String json(RealmRepresentation representation) {
        try {
            return new ObjectMapper().writeValueAsString(representation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LegacyRealm postgresRealm() {
        String name = "faults_outage_" + DATABASES.incrementAndGet();
        return createRealm(
                LegacyDatabase.on(Vendor.POSTGRESQL, postgres.createDatabase(name), "postgres", "", LegacyUser.all()));
    }

    /** A realm on the database, with the Keycloak-local user {@value #LOCAL_USER}. */
    private LegacyRealm createRealm(LegacyDatabase database) {
        return createRealm(database, r -> {});
    }

    private LegacyRealm createRealm(LegacyDatabase database, Consumer<RealmRepresentation> adjust) {
        String name = "faults-outage-" + DATABASES.get();
        LegacyRealm realm = keycloak.createRealm(name, database, r -> {
            RealmFixtures.addLocalUser(r, LOCAL_USER, LOCAL_PASSWORD);
            adjust.accept(r);
        });
        realms.add(name);
        return realm;
    }

    private static Answer signIn(LegacyRealm realm, LegacyUser user) {
        return realm.tokens().password(CLIENT, user.username(), user.password());
    }

    private boolean isOutageWarning(String line) {
        return line.contains(" WARN ") && line.contains("is unavailable, could not");
    }

    private List<String> logSince(int offset) {
        return keycloak.server().log().substring(offset).lines().toList();
    }

    private static List<String> usernames(Http.Reply reply) {
        List<String> names = new ArrayList<>();
        json(reply).forEach(user -> names.add(user.path("username").asText()));
        return names;
    }

    private static JsonNode json(Http.Reply reply) {
        try {
            return new ObjectMapper().readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply, e);
        }
    }

    /** Writes {@code bytes} over the start of the file in place (open connections see it); returns what was there. */
    private static byte[] overwriteHeader(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer previous = ByteBuffer.allocate(bytes.length);
            channel.read(previous, 0);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(true);
            return previous.array();
        }
    }

    private static Map<String, String> with(Map<String, String> component, String outcome) {
        Map<String, String> labels = new LinkedHashMap<>(component);
        labels.put("outcome", outcome);
        return labels;
    }
}
