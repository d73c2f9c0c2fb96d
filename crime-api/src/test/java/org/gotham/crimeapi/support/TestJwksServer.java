package org.gotham.crimeapi.support;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Keycloak's certs endpoint: serves the public half of {@link TestTokens}' realm key as
 * a JWKS on a free loopback port, counts the fetches, and can pretend to be down (503).
 */
public final class TestJwksServer implements AutoCloseable {

    public static final String REALM_PATH = "/realms/gotham";

    public static final String CERTS_PATH = REALM_PATH + "/protocol/openid-connect/certs";

    private final HttpServer server;

    private final AtomicInteger fetches = new AtomicInteger();

    private volatile boolean down;

    private volatile String jwks;

    public TestJwksServer(RSAKey... keys) {
        this.jwks = new JWKSet(Arrays.stream(keys).<JWK>map(RSAKey::toPublicJWK).toList()).toString();
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.createContext(CERTS_PATH, this::serve);
        this.server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-jwks");
            thread.setDaemon(true);
            return thread;
        }));
        this.server.start();
    }

    private void serve(HttpExchange exchange) throws IOException {
        this.fetches.incrementAndGet();
        byte[] body = (this.down ? "{\"error\":\"down\"}" : this.jwks).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(this.down ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** The issuer whose {@code /protocol/openid-connect/certs} this server answers. */
    public String issuer() {
        return baseUrl() + REALM_PATH;
    }

    public int fetches() {
        return this.fetches.get();
    }

    /** While down, every fetch answers 503 (Keycloak restarting, a proxy without upstream). */
    public void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
