package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gotham.systemtest.support.CrimeApiServer;
import org.gotham.systemtest.support.Environment;
import org.gotham.systemtest.support.KeycloakRuntime;
import org.gotham.systemtest.support.LegacyCrimes;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.PrivateKeycloak;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Minutes of mixed traffic against Keycloak with the provider and crime-api: sign-ins of legacy
 * users, token refreshes, reads, conditional writes and sign-outs, by {@value #CLIENTS} clients at once, each with
 * its own users (Keycloak's brute-force detection refuses concurrent sign-ins of one user, by design). Passes with
 * zero errors and, for both JVMs, the heap in use after a full collection at the end within 10 % of what it was
 * after the warm-up. The warm-up is half the run: crime-api's verified-token cache and key cache hold entries for up
 * to 5 minutes, so memory can only be steady after that; the heap is sampled every minute from then on.
 *
 * <p>Too long for the default test command: it runs only when asked, with {@code -Dload.minutes=10} (see
 * docs/testing.md), and is skipped otherwise, CI included. Its own Keycloak and crime-api (production settings) keep other
 * tests' traffic out of the figures, which go to stdout and {@code work.dir/load-report.txt}.
 */
class MixedTrafficLoadSystemTest {

    private static final int CLIENTS = 3;
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    private static final double MAX_GROWTH = 0.10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PASSWORDS =
            LegacyUser.all().stream().collect(Collectors.toMap(LegacyUser::username, LegacyUser::password));
    /** The legacy users the clients sign in as, dealt out among them; batman's hash has cost 12, most others 4. */
    private static final List<String> USERS = List.of(
            "batman",
            "alfred",
            "harvey.dent",
            "witness01",
            "witness02",
            "witness03",
            "witness04",
            "witness05",
            "lucius",
            "Barbara.Gordon",
            "selina",
            "witness06");

    @Test
    void minutesOfMixedTrafficCauseNoErrorAndNoGrowthOfMemory() throws Exception {
        String minutes = System.getProperty("load.minutes");
        Assumptions.assumeTrue(
                minutes != null && !minutes.isBlank(),
                "skipped: the load test runs only when asked, e.g. -Dload.minutes=10 (see docs/testing.md)");
        Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(minutes) * 60_000));
        Duration warmUp = Duration.ofMillis(Math.max(30_000, duration.toMillis() / 2));
        assertThat(duration).as("load.minutes: at least 1").isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        KeycloakRuntime.assumeProcess("measures the heap of Keycloak's JVM with jcmd");
        Requirements.require(JvmMemory.toolsAvailable(), "the JDK's jcmd and jstat");

        LegacyDatabase legacy = LegacyDatabase.create(
                Vendor.SQLITE, "faults_load", Environment.pathProperty("work.dir"), LegacyUser.all());
        try (PrivateKeycloak keycloak = PrivateKeycloak.start(Map.of("LEGACY_DB_URL", legacy.jdbcUrl()));
                CrimeApiServer crimeApi = CrimeApiServer.start(keycloak.server().issuer("gotham"), legacy, Map.of())) {
            Traffic traffic = new Traffic(keycloak.server().issuer("gotham"), crimeApi);
            ProcessHandle keycloakJvm = JvmMemory.jvmOf(keycloak.server().process());
            ProcessHandle crimeApiJvm = JvmMemory.jvmOf(crimeApi.process());

            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                List<String> users = usersOfClient(i);
                long seed = i;
                running.add(clients.submit(() -> traffic.client(new Random(seed), users, deadline)));
            }
            awaitTime(started + warmUp.toNanos());
            JvmMemory keycloakWarm = JvmMemory.of(keycloakJvm);
            JvmMemory crimeApiWarm = JvmMemory.of(crimeApiJvm);
            long opsWarm = traffic.operations();
            // sampled while the traffic still runs, as after the warm-up; the last sample is the end
            List<Long> keycloakHeap = new ArrayList<>(List.of(keycloakWarm.heapAfterGcKb()));
            List<Long> crimeApiHeap = new ArrayList<>(List.of(crimeApiWarm.heapAfterGcKb()));
            long lastSample = deadline - TimeUnit.SECONDS.toNanos(5);
            long every = SAMPLE_EVERY.toNanos();
            for (long next = System.nanoTime() + every; next < lastSample; next += every) {
                awaitTime(next);
                keycloakHeap.add(JvmMemory.of(keycloakJvm).heapAfterGcKb());
                crimeApiHeap.add(JvmMemory.of(crimeApiJvm).heapAfterGcKb());
            }
            awaitTime(lastSample);
            JvmMemory keycloakEnd = JvmMemory.of(keycloakJvm);
            JvmMemory crimeApiEnd = JvmMemory.of(crimeApiJvm);
            keycloakHeap.add(keycloakEnd.heapAfterGcKb());
            crimeApiHeap.add(crimeApiEnd.heapAfterGcKb());
            for (Future<?> client : running) {
                client.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            String report = traffic.report(took, warmUp, opsWarm)
                    + memoryLine("Keycloak", keycloakWarm, keycloakEnd)
                    + memoryLine("crime-api", crimeApiWarm, crimeApiEnd)
                    + "heap after GC from the warm-up on, every " + SAMPLE_EVERY.toSeconds() + " s (KB): Keycloak "
                    + keycloakHeap + ", crime-api " + crimeApiHeap + System.lineSeparator();
            System.out.println(report);
            Files.writeString(Environment.pathProperty("work.dir").resolve("load-report.txt"), report);

            assertThat(traffic.errors()).as("errors during the load (first 20)").isEmpty();
            assertThat(keycloakEnd.heapAfterGcKb())
                    .as("Keycloak's heap after GC at the end, KB")
                    .isLessThanOrEqualTo(Math.round(keycloakWarm.heapAfterGcKb() * (1 + MAX_GROWTH)));
            assertThat(crimeApiEnd.heapAfterGcKb())
                    .as("crime-api's heap after GC at the end, KB")
                    .isLessThanOrEqualTo(Math.round(crimeApiWarm.heapAfterGcKb() * (1 + MAX_GROWTH)));
        } finally {
            new LegacyCrimes(legacy).deleteAbove(0);
        }
    }

    private static List<String> usersOfClient(int client) {
        List<String> users = new ArrayList<>();
        for (int i = client; i < USERS.size(); i += CLIENTS) {
            users.add(USERS.get(i));
        }
        return users;
    }

    /** Passes the time of a long-running measurement; the clients do the work meanwhile. */
    private static void awaitTime(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    private static String memoryLine(String name, JvmMemory warm, JvmMemory end) {
        return String.format(
                Locale.ROOT,
                "%s: heap after GC %d KB after warm-up, %d KB at the end (%+.1f %%); "
                        + "RSS %d KB -> %d KB (%+.1f %%)%n",
                name,
                warm.heapAfterGcKb(),
                end.heapAfterGcKb(),
                percent(warm.heapAfterGcKb(), end.heapAfterGcKb()),
                warm.rssKb(),
                end.rssKb(),
                percent(warm.rssKb(), end.rssKb()));
    }

    private static double percent(long from, long to) {
        return from == 0 ? 0 : 100.0 * (to - from) / from;
    }

    /** What the clients do, and what they saw. */
    private static final class Traffic {

        private final String issuer;
        private final TokenEndpoint tokens;
        private final CrimeApiServer crimeApi;
        private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong operations = new AtomicLong();
        private final AtomicLong errorCount = new AtomicLong();

        Traffic(String issuer, CrimeApiServer crimeApi) {
            this.issuer = issuer;
            this.tokens = new TokenEndpoint(issuer);
            this.crimeApi = crimeApi;
        }

        /** One client until the deadline: sign in as one of its users, about ten API calls, sign out; again. */
        void client(Random random, List<String> users, long deadline) {
            while (System.nanoTime() < deadline) {
                try {
                    session(random, users.get(random.nextInt(users.size())), deadline);
                } catch (RuntimeException | AssertionError e) {
                    error("session", e.toString());
                }
            }
        }

        private void session(Random random, String username, long deadline) {
            TokenEndpoint.Answer signIn =
                    timed("sign-in", () -> tokens.password("crime-cli", username, PASSWORDS.get(username)));
            if (!signIn.ok()) {
                error("sign-in", username + ": " + signIn.status() + " " + signIn.body());
                return;
            }
            String access = signIn.accessToken();
            String refresh = signIn.body().path("refresh_token").asText();
            long mine = -1;
            for (int i = 0; i < 10 && System.nanoTime() < deadline; i++) {
                int pick = random.nextInt(10);
                if (pick < 4) {
                    expect("list", 200, call("list", "GET", "/crimes?limit=50", access, null, null));
                } else if (pick < 5) {
                    expect(
                            "search",
                            200,
                            call(
                                    "search",
                                    "GET",
                                    "/crimes/search?location=" + URLEncoder.encode("Gotham", StandardCharsets.UTF_8)
                                            + "&limit=20",
                                    access,
                                    null,
                                    null));
                } else if (pick < 6) {
                    expect("me", 200, call("me", "GET", "/users/me", access, null, null));
                } else if (pick < 8 || mine < 0) {
                    Http.Reply created = call(
                            "create",
                            "POST",
                            "/crimes",
                            access,
                            null,
                            "{\"type\": \"Load test\", \"location\": \"Gotham " + random.nextInt(1000)
                                    + "\", \"date_time\": \"2024-07-01T12:00:00\"}");
                    if (expect("create", 201, created)) {
                        mine = id(created);
                    }
                } else if (pick < 9) {
                    Http.Reply read = call("read", "GET", "/crimes/" + mine, access, null, null);
                    if (expect("read", 200, read)) {
                        expect(
                                "update",
                                200,
                                call(
                                        "update",
                                        "PUT",
                                        "/crimes/" + mine,
                                        access,
                                        read.header("ETag"),
                                        "{\"description\": \"updated " + i + "\"}"));
                    }
                } else {
                    String current = refresh;
                    TokenEndpoint.Answer refreshed = timed(
                            "refresh",
                            () -> tokens.post(Map.of(
                                    "grant_type",
                                    "refresh_token",
                                    "client_id",
                                    "crime-cli",
                                    "refresh_token",
                                    current)));
                    if (refreshed.ok()) {
                        access = refreshed.accessToken();
                        refresh = refreshed.body().path("refresh_token").asText();
                    } else {
                        error("refresh", refreshed.status() + " " + refreshed.body());
                    }
                }
            }
            String lastRefresh = refresh;
            Http.Reply signOut = timed(
                    "sign-out",
                    () -> Http.send(
                            "POST",
                            URI.create(issuer + "/protocol/openid-connect/logout"),
                            Map.of("Content-Type", "application/x-www-form-urlencoded"),
                            "client_id=crime-cli&refresh_token="
                                    + URLEncoder.encode(lastRefresh, StandardCharsets.UTF_8)));
            expect("sign-out", 204, signOut);
        }

        private Http.Reply call(String kind, String method, String path, String token, String ifMatch, String body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + token);
            headers.put("Accept", "application/json");
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                headers.put("If-Match", ifMatch);
            }
            return timed(kind, () -> Http.send(method, crimeApi.uri(path), headers, body));
        }

        private <T> T timed(String kind, Supplier<T> call) {
            long started = System.nanoTime();
            T result = call.get();
            latencies
                    .computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(System.nanoTime() - started);
            operations.incrementAndGet();
            return result;
        }

        private boolean expect(String kind, int status, Http.Reply reply) {
            if (reply.status() == status) {
                return true;
            }
            error(kind, reply.toString());
            return false;
        }

        private void error(String kind, String what) {
            errorCount.incrementAndGet();
            if (errors.size() < 20) {
                errors.add(kind + ": " + what);
            }
        }

        private static long id(Http.Reply reply) {
            try {
                return JSON.readTree(reply.body()).path("id").asLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long operations() {
            return operations.get();
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        String report(Duration took, Duration warmUp, long opsAtWarmUp) {
            StringBuilder out = new StringBuilder(String.format(
                    Locale.ROOT,
                    "load: %d clients for %d s (warm-up %d s): %d operations (%.1f/s; %d after the warm-up), "
                            + "%d errors%n",
                    CLIENTS,
                    took.toSeconds(),
                    warmUp.toSeconds(),
                    operations.get(),
                    operations.get() / (double) Math.max(1, took.toSeconds()),
                    operations.get() - opsAtWarmUp,
                    errorCount.get()));
            latencies.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                List<Long> sorted;
                synchronized (e.getValue()) {
                    sorted = e.getValue().stream().sorted().collect(Collectors.toList());
                }
                out.append(String.format(
                        Locale.ROOT,
                        "  %-9s %6d  p50 %5d ms  p95 %5d ms  max %5d ms%n",
                        e.getKey(),
                        sorted.size(),
                        ms(sorted, 0.50),
                        ms(sorted, 0.95),
                        ms(sorted, 1.0)));
            });
            return out.toString();
        }

        private static long ms(List<Long> sorted, double quantile) {
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
            return TimeUnit.NANOSECONDS.toMillis(sorted.get(Math.max(0, index)));
        }
    }
}
