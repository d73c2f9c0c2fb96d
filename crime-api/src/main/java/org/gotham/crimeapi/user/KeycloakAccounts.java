package org.gotham.crimeapi.user;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gotham.crimeapi.system.FieldProblem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The old app's registration and sign-in, done by Keycloak: a registration is a user created through
 * the provider's registration endpoint by this app's service account (client credentials, token
 * cached; it holds the client role {@code register-users} and no admin role), a sign-in is the
 * password grant of the public login client. Keycloak decides where the user lives (the legacy table
 * through the federation provider, or Keycloak itself) and applies the realm's password policy.
 * <p>
 * Keycloak's answers become problems ({@link AccountProblems}): 409 a taken username, 400 Keycloak's
 * own message, 403 registration switched off in the realm, 401 any refused sign-in alike, 503
 * Keycloak unreachable or failing, 502 Keycloak
 * refusing this app's own request (its configuration). Nothing here logs a password, secret or token.
 */
public class KeycloakAccounts {

    private static final Logger log = LoggerFactory.getLogger(KeycloakAccounts.class);

    /** Keycloak's answers are small; a larger one is cut (and then is not JSON). */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    private static final int MAX_LOGGED_TEXT = 200;

    /** The registration endpoint's {@code error} while the realm's "User registration" is off. */
    private static final String REGISTRATION_DISABLED = "registration_disabled";

    private final RestClient http;

    private final KeycloakEndpoints endpoints;

    private final String adminClientId;

    private final @Nullable String adminClientSecret;

    private final String loginClientId;

    private final JsonMapper json;

    private final ServiceAccountToken serviceAccount;

    KeycloakAccounts(
            RestClient http,
            KeycloakEndpoints endpoints,
            KeycloakAccountsProperties properties,
            JsonMapper json,
            Clock clock) {
        this.http = http;
        this.endpoints = endpoints;
        this.adminClientId = properties.admin().clientId();
        this.adminClientSecret = properties.admin().clientSecret();
        this.loginClientId = properties.loginClientId();
        this.json = json;
        this.serviceAccount =
                new ServiceAccountToken(this::fetchServiceAccountToken, properties.tokenRefreshMargin(), clock);
    }

    /**
     * Creates an enabled user with this password (not temporary), through the provider's registration
     * endpoint: the realm's registration switch, user profile and password policy apply.
     * @throws ErrorResponseException 409 taken, 400 refused by Keycloak, 403 registration switched off,
     * 503 or 502 as above
     */
    public RegisteredUser register(String username, String password) {
        ObjectNode user = this.json.createObjectNode();
        user.put("username", username);
        user.put("password", password);
        byte[] body = this.json.writeValueAsBytes(user);
        Answer answer = asServiceAccount((token) -> send(this.http
                .post()
                .uri(this.endpoints.registration())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)));
        return switch (answer.status()) {
            case 201 -> created(answer, username);
            case 409 -> throw AccountProblems.usernameTaken();
            case 400 -> throw refused(answer.body());
            case 403 -> {
                if (REGISTRATION_DISABLED.equals(answer.text("error"))) {
                    throw AccountProblems.registrationClosed();
                }
                throw unexpected("creating a user", answer);
            }
            default -> throw unexpected("creating a user", answer);
        };
    }

    /**
     * Signs a user in with the password grant.
     * @throws ErrorResponseException 401 for any refused sign-in, 503 or 502 as above
     */
    public LoginTokens login(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", this.loginClientId);
        form.put("username", username);
        form.put("password", password);
        Answer answer = sendForm(form);
        String accessToken = answer.text("access_token");
        if (answer.status() == 200 && accessToken != null) {
            String tokenType = answer.text("token_type");
            return new LoginTokens(
                    accessToken,
                    (tokenType != null) ? tokenType : "Bearer",
                    answer.body().path("expires_in").asLong(0),
                    answer.text("refresh_token"));
        }
        // invalid_grant: wrong password or unknown user (401), and disabled, locked out or not fully
        // set up (400): all one answer, so nobody learns which users exist
        if ((answer.status() == 400 || answer.status() == 401) && "invalid_grant".equals(answer.text("error"))) {
            throw AccountProblems.invalidCredentials();
        }
        throw unexpected("signing a user in with client " + this.loginClientId, answer);
    }

    private static RegisteredUser created(Answer answer, String requested) {
        String id = answer.text("id");
        if (!StringUtils.hasText(id)) {
            log.error("Keycloak created a user but named no id; cannot tell which");
            throw AccountProblems.keycloakRefusedUs();
        }
        // Keycloak normalises usernames (lower case); report the name it keeps, as it says
        String username = answer.text("username");
        return new RegisteredUser(id, StringUtils.hasText(username) ? username : requested.toLowerCase(Locale.ROOT));
    }

    /**
     * Keycloak's 400 for a new user: a password policy violation
     * ({@code error}/{@code error_description}), or user profile errors ({@code errorMessage}, with
     * {@code field} and {@code params}, or several under {@code errors}).
     */
    private static ErrorResponseException refused(JsonNode body) {
        String policy =
                body.path("error_description").stringValue(body.path("error").stringValue(null));
        if (StringUtils.hasText(policy)) {
            return AccountProblems.registrationRefused(policy, List.of(new FieldProblem("password", policy)));
        }
        List<FieldProblem> errors = new ArrayList<>();
        JsonNode listed = body.path("errors");
        if (listed instanceof ArrayNode array && !array.isEmpty()) {
            array.forEach((error) -> errors.add(fieldProblem(error)));
        } else if (StringUtils.hasText(body.path("errorMessage").stringValue(null))) {
            errors.add(fieldProblem(body));
        }
        if (errors.isEmpty()) {
            return AccountProblems.registrationRefused("Keycloak refused the new user.", List.of());
        }
        String detail = errors.stream()
                .map((error) -> error.field().isEmpty() ? error.message() : error.field() + " " + error.message())
                .distinct()
                .collect(Collectors.joining("; "));
        return AccountProblems.registrationRefused(detail, errors);
    }

    private static FieldProblem fieldProblem(JsonNode error) {
        String field = error.path("field").stringValue("");
        List<String> params = new ArrayList<>();
        error.path("params").forEach((param) -> params.add(param.isValueNode() ? param.asString() : param.toString()));
        if (params.isEmpty() || !params.get(0).equals(field)) {
            // the first parameter of a user profile error is the attribute's name
            params.add(0, field);
        }
        return new FieldProblem(
                field, KeycloakMessages.render(error.path("errorMessage").stringValue(""), params));
    }

    /** An admin call with the service account's token; a 401 (stale token) fetches a new one once. */
    private Answer asServiceAccount(Function<String, Answer> call) {
        String token = this.serviceAccount.get();
        Answer answer = call.apply(token);
        if (answer.status() == 401) {
            this.serviceAccount.invalidate(token);
            answer = call.apply(this.serviceAccount.get());
        }
        return answer;
    }

    private ServiceAccountToken.Issued fetchServiceAccountToken() {
        if (!StringUtils.hasText(this.adminClientSecret)) {
            log.error("gotham.keycloak.admin.client-secret (CRIME_API_CLIENT_SECRET) is not set:"
                    + " /users/register cannot create users");
            throw AccountProblems.keycloakRefusedUs();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", this.adminClientId);
        form.put("client_secret", this.adminClientSecret);
        Answer answer = sendForm(form);
        String token = answer.text("access_token");
        if (answer.status() != 200 || token == null) {
            throw unexpected("getting client " + this.adminClientId + "'s service account token", answer);
        }
        long lifetime = answer.body().path("expires_in").asLong(0);
        return new ServiceAccountToken.Issued(token, Duration.ofSeconds((lifetime > 0) ? lifetime : 60));
    }

    /**
     * An answer that is neither success nor a user's mistake: Keycloak failing (5xx, 429) is 503;
     * Keycloak refusing this app (wrong secret, missing role, unknown realm or client) is 502.
     */
    private static ErrorResponseException unexpected(String doing, Answer answer) {
        String why = Objects.toString(answer.text("error"), "") + " "
                + Objects.toString(answer.text("error_description"), Objects.toString(answer.text("errorMessage"), ""));
        why = why.strip();
        if (why.length() > MAX_LOGGED_TEXT) {
            why = why.substring(0, MAX_LOGGED_TEXT);
        }
        if (answer.status() >= 500 || answer.status() == 429) {
            log.warn("Keycloak answered {} while {} {}", answer.status(), doing, why);
            return AccountProblems.keycloakUnavailable(null);
        }
        log.error(
                "Keycloak refused this service while {}: {} {} (check gotham.keycloak.* and the realm's clients,"
                        + " secret and service account roles)",
                doing,
                answer.status(),
                why);
        return AccountProblems.keycloakRefusedUs();
    }

    private Answer sendForm(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(this.http
                .post()
                .uri(this.endpoints.token())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(body));
    }

    /** Sends, and reads the whole answer; Keycloak unreachable or too slow is 503. */
    private Answer send(RestClient.RequestHeadersSpec<?> request) {
        try {
            return request.exchangeForRequiredValue(
                    (req, response) -> new Answer(
                            response.getStatusCode().value(),
                            response.getHeaders().getLocation(),
                            readJson(response.getBody())),
                    true);
        } catch (ResourceAccessException ex) {
            log.warn("Keycloak cannot be reached: {}", ex.getMessage());
            throw AccountProblems.keycloakUnavailable(ex);
        }
    }

    private JsonNode readJson(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES);
        if (bytes.length == 0) {
            return this.json.missingNode();
        }
        try {
            return this.json.readTree(bytes);
        } catch (JacksonException ex) {
            // an HTML error page of a proxy, say: the status decides
            return this.json.missingNode();
        }
    }

    /** Keycloak's answer: status, {@code Location} and the body as JSON (missing when it was not JSON). */
    private record Answer(int status, @Nullable URI location, JsonNode body) {

        @Nullable
        String text(String field) {
            return this.body.path(field).stringValue(null);
        }
    }
}
