package org.gotham.crimeapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, on a fresh SQLite file, trusting tokens from a local JWKS
 * server ({@link TestJwksServer}) as if it were Keycloak. Subclasses share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningAppTest {

    protected static final TestJwksServer JWKS = new TestJwksServer(TestTokens.realmKey());

    protected static final TestTokens TOKENS = new TestTokens(JWKS.issuer());

    private static final Path DATABASE = tempDatabase();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void runningAppProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATABASE);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", JWKS::issuer);
    }

    private static Path tempDatabase() {
        try {
            Path folder = Files.createTempDirectory("crime-api-test");
            folder.toFile().deleteOnExit();
            return folder.resolve("gotham_crime_data.db");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .timeout(Duration.ofSeconds(20));
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** GET with {@code Authorization: Bearer <token>}. */
    protected HttpResponse<String> getWithToken(String path, String token) {
        return send(
                request(path).header("Authorization", "Bearer " + token).GET().build());
    }
}
