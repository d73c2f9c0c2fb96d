package org.gotham.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gotham.systemtest.support.GothamKeycloak;
import org.gotham.systemtest.support.GothamKeycloak.LegacyRealm;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.LegacyUser;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * Floods for the attack tests: {@value #GRANTS} requests, {@value #AT_ONCE} at a time, against one realm, with probes
 * of the discovery document, a token refresh of a session in another realm and the admin API beside them, and what
 * "stalls nobody" means for them ({@link #assertCalm}). Loopback only, bounded in count and time.
 */
final class Floods {

    static final int GRANTS = 240;
    static final int AT_ONCE = 80;
    static final Duration LONGEST_GRANT = Duration.ofSeconds(10);
    static final Duration PROBE_P95 = Duration.ofSeconds(1);
    /** Between probe rounds: the probes watch the flood, they are not part of it. */
    private static final Duration PROBE_PACE = Duration.ofMillis(100);

    private final GothamKeycloak keycloak;

    Floods(GothamKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    /** One answer: what, how long, and the status and error code. */
    record Timed(String what, long nanos, int status, String error, String retryAfter) {

        Duration took() {
            return Duration.ofNanos(nanos);
        }
    }

    /** What a flood's requests and the probes beside them answered. */
    record Flood(List<Timed> requests, List<Timed> probes, String figures) {}

    /**
     * {@value #GRANTS} requests made by {@code request} (given their number), {@value #AT_ONCE} at a time, with the
     * discovery document, a refresh of another session and the admin API probed beside them until they end.
     */
    Flood flood(LegacyRealm realm, IntFunction<Timed> request) {
        ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE);
        ExecutorService prober = Executors.newSingleThreadExecutor();
        try {
            String probeRealm = keycloak.realm(Vendor.SQLITE).name();
            LegacyRealm probed = keycloak.realm(Vendor.SQLITE);
            LegacyUser alfred = LegacyUser.named("alfred");
            TokenEndpoint.Answer signedIn = probed.tokens().password("crime-cli", alfred.username(), alfred.password());
            assertThat(signedIn.ok()).as("%s", signedIn.body()).isTrue();
            String refreshToken = signedIn.body().path("refresh_token").asText();
            String adminToken = new TokenEndpoint(keycloak.server().issuer("master"))
                    .password("admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD)
                    .accessToken();

            AtomicBoolean flooding = new AtomicBoolean(true);
            List<Timed> probes = Collections.synchronizedList(new ArrayList<>());
            Future<?> probing = prober.submit(() -> {
                while (flooding.get()) {
                    probes.add(discovery(realm));
                    probes.add(refresh(probed, refreshToken));
                    probes.add(adminApi(adminToken, probeRealm));
                    pause(PROBE_PACE);
                }
            });
            List<Future<List<Timed>>> answers = new ArrayList<>();
            for (int client = 0; client < AT_ONCE; client++) {
                int first = client * (GRANTS / AT_ONCE);
                answers.add(clients.submit(() -> {
                    List<Timed> mine = new ArrayList<>();
                    for (int i = first; i < first + GRANTS / AT_ONCE; i++) {
                        mine.add(request.apply(i));
                    }
                    return mine;
                }));
            }
            List<Timed> requests = new ArrayList<>();
            for (Future<List<Timed>> answer : answers) {
                requests.addAll(answer.get(5, TimeUnit.MINUTES));
            }
            flooding.set(false);
            probing.get(1, TimeUnit.MINUTES);
            String figures = figures(requests, probes);
            System.out.println(figures);
            return new Flood(requests, List.copyOf(probes), figures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            clients.shutdownNow();
            prober.shutdownNow();
        }
    }

    /** Every request answered with one of {@code allowed} within the limit; no 5xx; each probe quick at p95. */
    static void assertCalm(Flood flood, List<String> allowed) {
        assertAnswered(flood, allowed);
        String figures = flood.figures();
        assertThat(flood.requests().stream()
                        .map(Timed::took)
                        .max(Duration::compareTo)
                        .orElseThrow())
                .as("the longest request%n%s", figures)
                .isLessThan(LONGEST_GRANT);
        for (String what : List.of("discovery", "refresh", "admin API")) {
            List<Timed> ofKind =
                    flood.probes().stream().filter(p -> p.what().equals(what)).toList();
            assertThat(ofKind).as("%s probes during the flood", what).isNotEmpty();
            assertThat(p95(ofKind)).as("%s p95%n%s", what, figures).isLessThan(PROBE_P95);
        }
    }

    /** Every request answered with one of {@code allowed}; no probe answered 5xx and the refresh kept working. */
    static void assertAnswered(Flood flood, List<String> allowed) {
        String figures = flood.figures();
        assertThat(flood.requests()).as(figures).hasSize(GRANTS);
        assertThat(flood.requests())
                .as("every request refused with one of %s%n%s", allowed, figures)
                .allSatisfy(r -> assertThat(allowed).contains(r.status() + " " + r.error()));
        assertThat(flood.probes())
                .as("no probe answered 5xx%n%s", figures)
                .allSatisfy(p -> assertThat(p.status()).as(p.what()).isLessThan(500));
        assertThat(flood.probes().stream().filter(p -> p.what().equals("refresh")))
                .as("the refresh kept working%n%s", figures)
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(200));
    }

    static Timed grant(LegacyRealm realm, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "crime-cli");
        form.put("username", username);
        form.put("password", password);
        return timed(
                "grant",
                () -> Http.send(
                        "POST",
                        URI.create(realm.issuer() + "/protocol/openid-connect/token"),
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        formBody(form)));
    }

    static Timed refresh(LegacyRealm realm, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", "crime-cli");
        form.put("refresh_token", refreshToken);
        return timed(
                "refresh",
                () -> Http.send(
                        "POST",
                        URI.create(realm.issuer() + "/protocol/openid-connect/token"),
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        formBody(form)));
    }

    private static Timed discovery(LegacyRealm realm) {
        return timed(
                "discovery",
                () -> Http.send(
                        "GET", URI.create(realm.issuer() + "/.well-known/openid-configuration"), Map.of(), (String)
                                null));
    }

    private Timed adminApi(String adminToken, String realmName) {
        return timed(
                "admin API",
                () -> Http.send(
                        "GET",
                        URI.create(keycloak.server().baseUrl() + "/admin/realms/" + realmName),
                        Map.of("Authorization", "Bearer " + adminToken),
                        (String) null));
    }

    private static Timed timed(String what, Supplier<Http.Reply> request) {
        long started = System.nanoTime();
        Http.Reply reply = request.get();
        long took = System.nanoTime() - started;
        String error = null;
        if (reply.status() >= 400 && reply.body().contains("\"error\"")) {
            error = reply.body().replaceAll("(?s).*\"error\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        }
        return new Timed(what, took, reply.status(), error, reply.header("Retry-After"));
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Duration p95(List<Timed> answers) {
        List<Long> sorted = answers.stream().map(Timed::nanos).sorted().toList();
        return Duration.ofNanos(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1));
    }

    private static String figures(List<Timed> grants, List<Timed> probes) {
        StringBuilder out = new StringBuilder("Flood: " + GRANTS + " requests, " + AT_ONCE + " at a time");
        Map<String, Long> outcomes = grants.stream()
                .collect(Collectors.groupingBy(g -> g.status() + " " + g.error(), Collectors.counting()));
        out.append(String.format(
                Locale.ROOT,
                "%n  requests: %s; longest %d ms, p95 %d ms",
                outcomes,
                grants.stream().mapToLong(Timed::nanos).max().orElse(0) / 1_000_000,
                grants.isEmpty() ? 0 : p95(grants).toMillis()));
        for (String what : List.of("discovery", "refresh", "admin API")) {
            List<Timed> ofKind =
                    probes.stream().filter(p -> p.what().equals(what)).toList();
            if (!ofKind.isEmpty()) {
                out.append(String.format(
                        Locale.ROOT,
                        "%n  %-9s %d probes: p95 %d ms, longest %d ms, statuses %s",
                        what,
                        ofKind.size(),
                        p95(ofKind).toMillis(),
                        ofKind.stream().mapToLong(Timed::nanos).max().orElse(0) / 1_000_000,
                        ofKind.stream().map(Timed::status).distinct().toList()));
            }
        }
        return out.toString();
    }

    private static void pause(Duration pace) {
        try {
            Thread.sleep(pace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
