package org.gotham.systemtest.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gotham.testsupport.CrimeApiProcess;
import org.gotham.testsupport.LegacyDatabase;
import org.gotham.testsupport.LegacyDatabase.Vendor;

/**
 * crime-api's executable jar (the one the build made, {@code crime-api.jar}) run by test-support's
 * {@link CrimeApiProcess}: the run's one beside the run's Keycloak, on the port the gotham realm's {@code crime-web}
 * client redirects to, on the gotham realm's SQLite legacy database, trusting that realm's tokens; or another one
 * for a test of its own. Its log goes to {@code work.dir/logs}.
 */
public final class CrimeApiServer implements AutoCloseable {

    private static final AtomicInteger OTHERS = new AtomicInteger();

    private final CrimeApiProcess process;
    private final LegacyDatabase database;

    private CrimeApiServer(CrimeApiProcess process, LegacyDatabase database) {
        this.process = process;
        this.database = database;
    }

    /** Starts crime-api for the gotham realm of {@code keycloak} and waits until it is ready. */
    static CrimeApiServer start(GothamKeycloak keycloak) {
        LegacyDatabase database = keycloak.realm(Vendor.SQLITE).database();
        CrimeApiProcess process = builder(database, "crime-api.log")
                .port(keycloak.crimeApiPort())
                .issuer(keycloak.server().issuer("gotham"))
                .environment(Map.of(
                        "KEYCLOAK_PUBLIC_URL",
                        keycloak.server().baseUrl(),
                        // the page's registered address, as run.sh and Compose give it
                        "CRIME_WEB_URL",
                        keycloak.crimeWebUrl(),
                        // the run's tests register and sign in dozens of times from 127.0.0.1; the shipped limits
                        // are crime-api's own tests' concern (LegacyRouteRateLimitAppTest)
                        "GOTHAM_RATE_LIMIT_LOGIN_CAPACITY",
                        "10000",
                        "GOTHAM_RATE_LIMIT_REGISTER_CAPACITY",
                        "10000"))
                .start();
        return new CrimeApiServer(process, database);
    }

    /**
     * Starts another crime-api, beside the run's one: on a free port, trusting the tokens of {@code issuer}
     * (any Keycloak, any realm), on {@code database}, with extra {@code settings} as environment variables
     * (e.g. {@code GOTHAM_SECURITY_JWKS_CACHETTL=20s}). Its log is {@code work.dir/logs/crime-api-<n>.log}.
     */
    public static CrimeApiServer start(String issuer, LegacyDatabase database, Map<String, String> settings) {
        CrimeApiProcess process = builder(database, "crime-api-" + OTHERS.incrementAndGet() + ".log")
                .issuer(issuer)
                .environment(settings)
                .start();
        return new CrimeApiServer(process, database);
    }

    private static CrimeApiProcess.Builder builder(LegacyDatabase database, String logName) {
        Path logs = Environment.pathProperty("work.dir").resolve("logs");
        Map<String, String> environment = new HashMap<>();
        environment.put("CRIME_API_CLIENT_SECRET", KeycloakServer.CRIME_API_SECRET);
        return CrimeApiProcess.builder(Environment.pathProperty("crime-api.jar"))
                .legacyDatabase(database)
                .environment(environment)
                .log(logs.resolve(logName));
    }

    /** The crime-api JVM, e.g. to measure its memory. */
    public ProcessHandle process() {
        return process.process();
    }

    public void stopProcess() {
        process.stop();
    }

    /** The page and API address as browsers use it: the crime-web client's redirect URIs name it. */
    public String baseUrl() {
        return process.baseUrl();
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** The legacy database crime-api reads and writes (and Keycloak's provider reads users from). */
    public LegacyDatabase database() {
        return database;
    }

    /** Everything crime-api has logged so far. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
