package org.gotham.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.gotham.testsupport.FreePort;

/**
 * A tiny HTTP proxy between crime-api and Keycloak ({@code KEYCLOAK_JWK_SET_URI} points here): forwards each GET
 * and counts it, so a benchmark can show how many times crime-api went to Keycloak during a window.
 */
final class CountingProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final Http http = new Http();
    private final AtomicLong requests = new AtomicLong();

    CountingProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePort.next()), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::forward);
        server.start();
    }

    private void forward(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Http.Answer answer = http.get(target + exchange.getRequestURI(), null);
        byte[] body = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status() == 0 ? 502 : answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
