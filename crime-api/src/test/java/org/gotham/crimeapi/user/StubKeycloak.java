package org.gotham.crimeapi.user;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for Keycloak's token endpoint and the provider's registration endpoint on a free loopback
 * port, answering as the real ones do by default: client credentials for {@code crime-api}/{@link
 * #SECRET}, the password grant for {@link #USER}/{@link #PASSWORD}, users created with 201 and
 * {@code {"id","username"}}.
 * Tests replace answers per route and read the requests it got.
 */
final class StubKeycloak implements AutoCloseable {

    static final String REALM = "gotham";

    static final String SECRET = "stub-secret";

    static final String USER = "batman";

    static final String PASSWORD = "IamVengeance1";

    static final String TOKEN_PATH = "/realms/" + REALM + "/protocol/openid-connect/token";

    /** The provider's registration endpoint (crime-api holds no admin role). */
    static final String USERS_PATH = "/realms/" + REALM + "/legacy-registration/users";

    /** A request as the stub received it. */
    record Request(String method, String path, Map<String, String> headers, String body) {

        String header(String name) {
            return this.headers.get(name.toLowerCase(Locale.ROOT));
        }

        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : this.body.split("&")) {
                String[] parts = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    /** An answer: status, extra headers, JSON body (empty for none). */
    record Reply(int status, Map<String, String> headers, String body) {

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    private final HttpServer server;

    private final ExecutorService executor;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();

    private final AtomicInteger issued = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    StubKeycloak() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.executor = Executors.newFixedThreadPool(4, (runnable) -> {
            Thread thread = new Thread(runnable, "stub-keycloak");
            thread.setDaemon(true);
            return thread;
        });
        this.server.createContext("/", this::serve);
        this.server.setExecutor(this.executor);
        resetRoutes();
        this.server.start();
    }

    /** Back to the default answers. */
    void resetRoutes() {
        this.routes.clear();
        on("POST", TOKEN_PATH, this::defaultToken);
        on("POST", USERS_PATH, (request) -> Reply.json(201, """
                {"id":"7d5c0f3e-0000-4000-8000-00000000002a","username":"selina"}"""));
    }

    /** Answers {@code method path} (a trailing {@code /*} matches everything below) with {@code reply}. */
    StubKeycloak on(String method, String path, Function<Request, Reply> reply) {
        this.routes.put(method + " " + path, reply);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    List<Request> requests(String method, String path) {
        return this.requests.stream()
                .filter((r) -> r.method().equals(method) && r.path().startsWith(path))
                .toList();
    }

    /** Client-credentials grants answered so far. */
    int serviceAccountTokensIssued() {
        return (int) requests("POST", TOKEN_PATH).stream()
                .filter((r) -> "client_credentials".equals(r.form().get("grant_type")))
                .count();
    }

    private Reply defaultToken(Request request) {
        Map<String, String> form = request.form();
        if ("client_credentials".equals(form.get("grant_type"))) {
            if (!"crime-api".equals(form.get("client_id")) || !SECRET.equals(form.get("client_secret"))) {
                return Reply.json(401, """
                        {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}""");
            }
            return Reply.json(200, """
                    {"access_token":"sa-token-%d","expires_in":300,"token_type":"Bearer","scope":"profile email"}""".formatted(this.issued.incrementAndGet()));
        }
        if (USER.equals(form.get("username")) && PASSWORD.equals(form.get("password"))) {
            return Reply.json(200, """
                    {"access_token":"user-access-token","expires_in":300,"refresh_expires_in":1800,
                     "refresh_token":"user-refresh-token","token_type":"Bearer","not-before-policy":0,
                     "session_state":"s","scope":"profile email"}""");
        }
        return Reply.json(401, """
                {"error":"invalid_grant","error_description":"Invalid user credentials"}""");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            this.requests.add(request);
            Reply reply = route(request).apply(request);
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), (body.length == 0) ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Function<Request, Reply> route(Request request) {
        Function<Request, Reply> exact = this.routes.get(request.method() + " " + request.path());
        if (exact != null) {
            return exact;
        }
        return this.routes.entrySet().stream()
                .filter((route) -> route.getKey().endsWith("/*")
                        && (request.method() + " " + request.path())
                                .startsWith(route.getKey()
                                        .substring(0, route.getKey().length() - 1)))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse((unknown) -> Reply.json(404, "{\"error\":\"Unable to find matching target resource method\"}"));
    }

    /** Stops answering: the port is closed, as when Keycloak is down. */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.server.stop(0);
        this.executor.shutdownNow();
    }
}
