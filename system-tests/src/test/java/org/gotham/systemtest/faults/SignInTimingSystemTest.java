package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.KeycloakForms;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * A failed sign-in takes as long whatever the name: unknown, a legacy user whose hash has passlib's default cost (12)
 * or a cheaper one (8), or a user whom brute-force detection locked out. Otherwise the time tells an attacker which
 * names exist, how strong their hashes are, and whom they locked out.
 *
 * <p>The realm is the realm file as shipped, brute-force detection and all. Every attempt at a known user uses a user
 * of its own (they share a hash), so none is locked out by the test's own wrong passwords; the locked user is locked
 * by wrong passwords just before the samples and is checked to be locked still after them. Attempts rotate through the kinds, so a drift in machine load falls on all alike. Medians of
 * {@value #SAMPLES} attempts after {@value #WARM_UP} warm-up rounds are printed; each kind is within
 * {@value #TOLERANCE} of the unknown name's median by the median of their differences round by round
 * ({@link #medianDifference}).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInTimingSystemTest {

    private static final String REALM = "faults-timing";
    private static final int WARM_UP = 2;
    private static final int SAMPLES = 11;
    private static final double TOLERANCE = 0.10;

    /** What a failed sign-in is tried with. */
    enum Kind {
        UNKNOWN_NAME,
        COST_12_WRONG_PASSWORD,
        COST_8_WRONG_PASSWORD,
        LOCKED_OUT
    }

    private final GothamKeycloak keycloak;
    private LegacyRealm realm;

    SignInTimingSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void createRealm() {
        LegacyUser batman = LegacyUser.named("batman"); // $2b$12$, as the old app writes
        LegacyUser gordon = LegacyUser.named("gordon"); // $2y$08$, an older, cheaper hash
        assertThat(batman.hash()).startsWith("$2b$12$");
        assertThat(gordon.hash()).startsWith("$2y$08$");
        List<LegacyUser> users = new ArrayList<>();
        for (String channel : List.of("grant", "page")) {
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                users.add(new LegacyUser(
                        name(channel, Kind.COST_12_WRONG_PASSWORD, i), batman.password(), batman.hash()));
                users.add(
                        new LegacyUser(name(channel, Kind.COST_8_WRONG_PASSWORD, i), gordon.password(), gordon.hash()));
            }
            users.add(new LegacyUser(name(channel, Kind.LOCKED_OUT, 0), batman.password(), batman.hash()));
        }
        LegacyDatabase database =
                LegacyDatabase.create(Vendor.SQLITE, "faults_timing", Environment.pathProperty("work.dir"), users);
        realm = keycloak.createRealm(REALM, database, shipped -> {});
    }

    @AfterAll
    void removeRealm() {
        keycloak.removeRealm(REALM);
    }

    @Test
    void aFailedPasswordGrantTakesAsLongForAnUnknownNameAsForAnyKnownOrLockedOutUser() {
        String locked = name("grant", Kind.LOCKED_OUT, 0);
        lockOut(locked, () -> realm.tokens().password("crime-cli", locked, "wrong"));

        Map<Kind, List<Long>> samples = sample("grant", (username, password) -> {
            long started = System.nanoTime();
            Answer answer = realm.tokens().password("crime-cli", username, password);
            long took = System.nanoTime() - started;
            assertThat(answer.error()).as("%s: %s", username, answer.body()).isEqualTo("invalid_grant");
            return took;
        });

        assertLockedOut(locked);
        assertAlike("password grant", samples);
    }

    @Test
    void aFailedLoginPagePostTakesAsLongForAnUnknownNameAsForAnyKnownOrLockedOutUser() {
        KeycloakForms forms = new KeycloakForms(realm.issuer(), keycloak.crimeWebUrl());
        String[] action = {forms.openLogin()};
        BiFunction<String, String, Long> post = (username, password) -> {
            long started = System.nanoTime();
            KeycloakForms.Outcome outcome = forms.signIn(action[0], username, password);
            long took = System.nanoTime() - started;
            assertThat(outcome.signedIn()).as("%s signed in", username).isFalse();
            assertThat(outcome.status()).as("%s: %s", username, outcome.page()).isEqualTo(200);
            action[0] = outcome.loginAction();
            assertThat(action[0]).as("the form again after %s", username).isNotNull();
            return took;
        };
        String locked = name("page", Kind.LOCKED_OUT, 0);
        lockOut(locked, () -> post.apply(locked, "wrong"));

        Map<Kind, List<Long>> samples = sample("page", post);

        assertLockedOut(locked);
        assertAlike("login page post", samples);
    }

    /** One attempt of each kind per round, the order rotating; the first rounds are warm-up. */
    private Map<Kind, List<Long>> sample(String channel, BiFunction<String, String, Long> attempt) {
        Map<Kind, List<Long>> samples = new EnumMap<>(Kind.class);
        Kind[] kinds = Kind.values();
        for (int round = 0; round < WARM_UP + SAMPLES; round++) {
            for (int k = 0; k < kinds.length; k++) {
                Kind kind = kinds[(round + k) % kinds.length];
                String username = kind == Kind.UNKNOWN_NAME
                        ? String.format(Locale.ROOT, "penguin-%s-%02d", channel, round)
                        : name(channel, kind, kind == Kind.LOCKED_OUT ? 0 : round);
                long took = attempt.apply(username, "wrong-password-" + round);
                if (round >= WARM_UP) {
                    samples.computeIfAbsent(kind, x -> new ArrayList<>()).add(took);
                }
            }
        }
        return samples;
    }

    private static void assertAlike(String what, Map<Kind, List<Long>> samples) {
        long unknown = median(samples.get(Kind.UNKNOWN_NAME));
        StringBuilder figures = new StringBuilder(what + ", median of failed sign-ins:");
        for (Kind kind : Kind.values()) {
            long median = median(samples.get(kind));
            figures.append(String.format(
                    Locale.ROOT,
                    "%n  %-22s %4d ms (%+.1f %% against the unknown name), samples %s",
                    kind,
                    ms(median),
                    100.0 * (median - unknown) / unknown,
                    samples.get(kind).stream().map(SignInTimingSystemTest::ms).toList()));
        }
        System.out.println(figures);
        for (Kind kind : List.of(Kind.COST_12_WRONG_PASSWORD, Kind.COST_8_WRONG_PASSWORD, Kind.LOCKED_OUT)) {
            long difference = medianDifference(samples.get(kind), samples.get(Kind.UNKNOWN_NAME));
            assertThat((double) Math.abs(difference))
                    .as(
                            "%s against %s: median of the rounds' differences %d ms%n%s",
                            kind, Kind.UNKNOWN_NAME, ms(difference), figures)
                    .isLessThanOrEqualTo(TOLERANCE * unknown);
        }
    }

    /**
     * The median of the differences between two kinds' attempts of the same round: each round tries every kind within
     * a second or so, so a drift of the machine's load (a collection, a background task, another process) falls on
     * both sides of a difference and cancels, where it can move one kind's median of 11 and not another's.
     */
    static long medianDifference(List<Long> kind, List<Long> unknown) {
        List<Long> differences = new ArrayList<>();
        for (int round = 0; round < kind.size(); round++) {
            differences.add(kind.get(round) - unknown.get(round));
        }
        return median(differences);
    }

    /**
     * Wrong passwords until brute-force detection locks the user out: two within the realm's quick-login check (1 s),
     * or its failure factor (5) when the machine is too slow for that.
     */
    private void lockOut(String username, Runnable failedAttempt) {
        for (int attempt = 0; attempt < 6 && !lockedOut(username); attempt++) {
            failedAttempt.run();
        }
        assertLockedOut(username);
    }

    private boolean lockedOut(String username) {
        try (Keycloak admin = keycloak.server().admin()) {
            RealmResource resource = admin.realm(REALM);
            return RealmFixtures.lockedOut(resource, RealmFixtures.userId(resource, username));
        }
    }

    private void assertLockedOut(String username) {
        assertThat(lockedOut(username)).as("%s locked out", username).isTrue();
    }

    private static String name(String channel, Kind kind, int i) {
        return String.format(Locale.ROOT, "%s-%s-%02d", channel, kind.name().toLowerCase(Locale.ROOT), i)
                .replace('_', '-');
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
