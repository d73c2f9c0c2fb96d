package org.gotham.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct, valid access tokens from Keycloak, minted before a window so that Keycloak is idle during it:
 * client-credentials grants of {@code crime-importer} (the cheapest grant: no password hash), several at once.
 */
final class TokenMinter {

    private final Http http;
    private final String tokenUrl;
    private final String clientId;
    private final String secret;
    private final int concurrency;
    private final Set<String> seen = new HashSet<>();
    private double lastRate;

    TokenMinter(Http http, String tokenUrl, String clientId, String secret, int concurrency) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.secret = secret;
        this.concurrency = concurrency;
    }

    String one() {
        Http.Answer answer = http.postForm(
                tokenUrl, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "token request failed: " + answer.status() + " " + Json.abbreviate(answer.body()));
        }
        return Json.parse(answer.body()).path("access_token").asText();
    }

    /** Mints {@code count} tokens never minted before by this minter, one per line of {@code file}. */
    Path mint(int count, Path file) {
        long started = System.nanoTime();
        AtomicInteger remaining = new AtomicInteger(count);
        RuntimeException[] failure = new RuntimeException[1];
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        while (remaining.getAndDecrement() > 0) {
                            String token = one();
                            synchronized (seen) {
                                // the signature's first 128 bits tell tokens apart without keeping them all
                                int dot = token.lastIndexOf('.') + 1;
                                if (!seen.add(token.substring(dot, Math.min(token.length(), dot + 22)))) {
                                    remaining.incrementAndGet();
                                    continue;
                                }
                                out.write(token);
                                out.write('\n');
                            }
                        }
                    } catch (IOException e) {
                        failure[0] = new UncheckedIOException(e);
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        lastRate = count / ((System.nanoTime() - started) / 1e9);
        return file;
    }

    double lastRate() {
        return lastRate;
    }

    int minted() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
