package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gotham.systemtest.faults.FuzzChecks.SEED;
import static org.gotham.systemtest.faults.FuzzChecks.runAll;
import static org.gotham.systemtest.faults.FuzzChecks.show;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gotham.systemtest.faults.RealmFixtures.AdminToken;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TableSnapshot;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated hostile usernames, passwords and admin searches against Keycloak with the provider, on each legacy
 * database: no server error, no change to the legacy table, no user found where none can match
 * ({@code %}, {@code _} and quotes are literal; {@code *} is Keycloak's wildcard).
 *
 * <p>Deterministic ({@link HostileInput}, {@link FuzzChecks#SEED}) and bounded: per database {@value #SIGN_INS}
 * sign-ins and {@value #SEARCHES} searches (a quarter of them also counted). Each realm is the test's own, with
 * brute-force detection off (so batman can still sign in at the end) and cheap hashes (a sign-in of an unknown name
 * otherwise costs about 0.3 s of CPU for its dummy check): what is tested is the handling of the input, not hashing.
 */
@ExtendWith(KeycloakExtension.class)
class HostileSignInAndSearchFuzzSystemTest {

    private static final int SIGN_INS = 300;
    private static final int SEARCHES = 700;

    private final GothamKeycloak keycloak;

    HostileSignInAndSearchFuzzSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void hostileUsernamesAndPasswordsGetAnInvalidGrantAndNeverAServerError(Vendor vendor) {
        LegacyRealm realm = fuzzRealm(vendor, "sign-in");
        try {
            TableSnapshot before = TableSnapshot.of(realm.database(), "users");
            HostileInput input = new HostileInput(SEED + vendor.ordinal());
            List<Callable<String>> checks = new ArrayList<>();
            for (int i = 0; i < SIGN_INS; i++) {
                String username = input.next();
                String password = input.next();
                checks.add(() -> {
                    Answer answer = realm.tokens().password("crime-cli", username, password);
                    boolean refused = answer.status() == 400 || answer.status() == 401;
                    return refused && Set.of("invalid_grant", "invalid_request").contains(answer.error())
                            ? null
                            : "username " + show(username) + ": " + answer.status() + " " + answer.body();
                });
            }

            assertThat(runAll(checks))
                    .as("sign-ins that were not a plain refusal on %s", vendor)
                    .isEmpty();
            assertThat(TableSnapshot.of(realm.database(), "users")).isEqualTo(before);
            LegacyUser batman = LegacyUser.named("batman");
            assertThat(realm.tokens()
                            .password("crime-cli", batman.username(), batman.password())
                            .ok())
                    .isTrue();
        } finally {
            keycloak.removeRealm(realm.name());
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void hostileAdminSearchesFindNoUserAndNeverFail(Vendor vendor) {
        LegacyRealm realm = fuzzRealm(vendor, "search");
        try {
            TableSnapshot before = TableSnapshot.of(realm.database(), "users");
            AdminToken admin = new AdminToken(keycloak.server());
            String users = keycloak.server().baseUrl() + "/admin/realms/" + realm.name() + "/users";
            List<String> searches = new ArrayList<>(List.of(
                    "%",
                    "_",
                    "%%",
                    "_%",
                    "!",
                    "!%",
                    "!_",
                    "\\",
                    "\\%",
                    "'",
                    "' OR '1'='1",
                    "*%*",
                    "*_*",
                    "\"%\"",
                    "\"_atman\"",
                    "\u0000",
                    "bat%",
                    "_atman",
                    "%atman",
                    "b_tman*",
                    "*!*",
                    "\"batman\\\"",
                    "x".repeat(10 * 1024)));
            searches.addAll(new HostileInput(SEED + 10 + vendor.ordinal()).strings(SEARCHES));
            List<Callable<String>> checks = new ArrayList<>();
            for (int i = 0; i < searches.size(); i++) {
                String search = searches.get(i);
                boolean alsoCount = i % 4 == 0;
                checks.add(() -> {
                    String q = URLEncoder.encode(search, StandardCharsets.UTF_8);
                    Http.Reply list = Http.send(
                            "GET",
                            URI.create(users + "?first=0&max=20&search=" + q),
                            Map.of("Authorization", admin.bearer()),
                            (String) null);
                    String problem = searchProblem(search, list, "[]");
                    if (problem == null && alsoCount) {
                        Http.Reply count = Http.send(
                                "GET",
                                URI.create(users + "/count?search=" + q),
                                Map.of("Authorization", admin.bearer()),
                                (String) null);
                        problem = searchProblem(search, count, "0");
                    }
                    return problem;
                });
            }

            assertThat(runAll(checks))
                    .as("searches that failed or found someone on %s", vendor)
                    .isEmpty();
            assertThat(TableSnapshot.of(realm.database(), "users")).isEqualTo(before);
        } finally {
            keycloak.removeRealm(realm.name());
        }
    }

    private LegacyRealm fuzzRealm(Vendor vendor, String what) {
        String name = "faults-fuzz-" + what + "-" + vendor.label();
        LegacyDatabase database = LegacyDatabase.create(
                vendor,
                "st_faults_fuzz_" + what.replace('-', '_') + "_" + vendor.label(),
                Environment.pathProperty("work.dir"),
                LegacyUser.all());
        return keycloak.createRealm(name, database, r -> {
            r.setBruteForceProtected(false);
            RealmFixtures.cheapHashes(r);
        });
    }

    /** Null if the answer is a refusal, or a success that finds no one where no one can match. */
    private static String searchProblem(String search, Http.Reply reply, String nothing) {
        if (reply.status() >= 400 && reply.status() < 500) {
            return null;
        }
        if (reply.status() != 200) {
            return "search " + show(search) + ": " + reply;
        }
        if (HostileInput.matchesNoUsername(search) && !reply.body().strip().equals(nothing)) {
            return "search " + show(search) + " found " + show(reply.body());
        }
        return null;
    }
}
