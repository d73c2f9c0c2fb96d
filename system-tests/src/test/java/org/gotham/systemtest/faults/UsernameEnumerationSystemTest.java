package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakExtension;
import org.gotham.systemtest.support.LegacyDatabase;
import org.gotham.systemtest.support.LegacyDatabase.Vendor;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sign-in must not tell an attacker whether a username exists by how long it takes (issue 7, point 5): an unknown
 * username costs a dummy hash check as expensive as a known user's real one.
 *
 * <p>The known user is batman, whose hash has passlib's default cost (12), like every user the old app made. The
 * realm is this test's own with brute-force detection off, so the repeated wrong passwords lock nobody out. Attempts
 * alternate between the two kinds, so load from elsewhere on the machine falls on both alike.
 */
@ExtendWith(KeycloakExtension.class)
class UsernameEnumerationSystemTest {

    private static final String REALM = "faults-enumeration";
    private static final int WARM_UP = 2;
    private static final int SAMPLES = 11;
    private static final double TOLERANCE = 0.10;

    private final GothamKeycloak keycloak;

    UsernameEnumerationSystemTest(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void signInForAnUnknownUsernameTakesAsLongAsForAKnownUsernameWithAWrongPassword() {
        LegacyDatabase database = LegacyDatabase.create(
                Vendor.SQLITE, "faults_enumeration", Environment.pathProperty("work.dir"), LegacyUser.all());
        LegacyRealm realm = keycloak.createRealm(REALM, database, r -> r.setBruteForceProtected(false));
        try {
            List<Long> known = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                // alternate which kind goes first, so a drift in machine load favours neither
                boolean knownFirst = i % 2 == 0;
                long a = time(realm, knownFirst ? "batman" : unknownName(i), "wrong-password-" + i);
                long b = time(realm, knownFirst ? unknownName(i) : "batman", "wrong-password-" + i);
                if (i >= WARM_UP) {
                    known.add(knownFirst ? a : b);
                    unknown.add(knownFirst ? b : a);
                }
            }
            long knownMedian = median(known);
            long unknownMedian = median(unknown);
            String figures = String.format(
                    Locale.ROOT,
                    "median sign-in: known username, wrong password %d ms; "
                            + "unknown username %d ms (%+.1f %%); samples known %s, unknown %s",
                    ms(knownMedian),
                    ms(unknownMedian),
                    100.0 * (unknownMedian - knownMedian) / knownMedian,
                    millis(known),
                    millis(unknown));
            System.out.println(figures);

            assertThat((double) Math.abs(unknownMedian - knownMedian))
                    .as(figures)
                    .isLessThanOrEqualTo(TOLERANCE * knownMedian);
        } finally {
            keycloak.removeRealm(REALM);
        }
    }

    /** A different name each time: no cache anywhere may answer for it. */
    private static String unknownName(int i) {
        return String.format(Locale.ROOT, "penguin%03d", i);
    }

    private static long time(LegacyRealm realm, String username, String password) {
        long started = System.nanoTime();
        Answer answer = realm.tokens().password("crime-cli", username, password);
        long took = System.nanoTime() - started;
        assertThat(answer.error()).as("%s: %s", username, answer.body()).isEqualTo("invalid_grant");
        return took;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static List<Long> millis(List<Long> nanos) {
        return nanos.stream().map(UsernameEnumerationSystemTest::ms).toList();
    }
}
