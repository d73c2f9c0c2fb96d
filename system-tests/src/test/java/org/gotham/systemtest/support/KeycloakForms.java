package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keycloak's own login and registration pages, driven with plain HTTP as a browser would: open the authorization or
 * registrations URL of the crime-web client (authorization code with PKCE), read the form, post it. One instance is
 * one browser (cookies). Faster and more exact than {@link Browser} where a test needs many posts or their timing.
 */
public final class KeycloakForms {

    private static final Pattern ERROR_TEXT =
            Pattern.compile("(?:id=\"input-error[^\"]*\"|class=\"[^\"]*kc-feedback-text[^\"]*\")[^>]*>\\s*([^<]+)");
    private static final Pattern REGISTER_FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-register-form\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern LOGIN_FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /** What Keycloak answered to the posted form. */
    public record Outcome(int status, String location, String page) {

        /** Registered (or signed in): Keycloak redirects back to the client with a code. */
        public boolean registered() {
            return status == 302 && location != null && location.contains("code=");
        }

        /** Signed in: Keycloak redirects back to the client with a code. */
        public boolean signedIn() {
            return registered();
        }

        /** The login form's action on this page (shown again after a failed sign-in), or null. */
        public String loginAction() {
            return page == null ? null : action(LOGIN_FORM_ACTION, page);
        }

        /** The messages the page shows under its fields and at its top, unescaped. */
        public String errors() {
            if (page == null) {
                return "";
            }
            Matcher messages = ERROR_TEXT.matcher(page);
            StringBuilder all = new StringBuilder();
            while (messages.find()) {
                all.append(messages.group(1)
                                .strip()
                                .replace("&#39;", "'")
                                .replace("&quot;", "\"")
                                .replace("&amp;", "&"))
                        .append('\n');
            }
            return all.toString();
        }
    }

    /**
     * Cookies by name, kept by hand: Keycloak marks its cookies Secure (SameSite=None), which browsers still send to
     * http://localhost but Java's CookieManager does not.
     */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String issuer;
    private final String redirectUri;

    public KeycloakForms(String issuer, String crimeWebUrl) {
        this.issuer = issuer;
        this.redirectUri = crimeWebUrl + "/";
    }

    /** Opens the registration page and returns its form's action URL. */
    public String openRegistration() {
        return open("registrations", REGISTER_FORM_ACTION, "registration");
    }

    /** Opens the login page and returns its form's action URL. */
    public String openLogin() {
        return open("auth", LOGIN_FORM_ACTION, "login");
    }

    /** Posts the login form with these values. */
    public Outcome signIn(String action, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("credentialId", "");
        return post(action, form);
    }

    /** Opens the registration page and submits it with these values. */
    public Outcome register(String username, String password, String email) {
        return submitRegistration(openRegistration(), username, password, email);
    }

    public Outcome submitRegistration(String action, String username, String password, String email) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("email", email);
        form.put("firstName", "Test");
        form.put("lastName", "Registrant");
        form.put("password", password);
        form.put("password-confirm", password);
        return post(action, form);
    }

    private String open(String endpoint, Pattern formAction, String what) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String url = issuer + "/protocol/openid-connect/" + endpoint + "?client_id=crime-web&response_type=code"
                + "&scope=openid&redirect_uri=" + encode(redirectUri) + "&code_challenge_method=S256"
                + "&code_challenge=" + challenge(verifier) + "&state=" + UUID.randomUUID();
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url)).GET());
        String action = page.statusCode() == 200 ? action(formAction, page.body()) : null;
        if (action == null) {
            throw new AssertionError("no " + what + " form (" + page.statusCode() + "): " + page.body());
        }
        return action;
    }

    private static String action(Pattern formAction, String page) {
        Matcher action = formAction.matcher(page);
        return action.find() ? action.group(1).replace("&amp;", "&") : null;
    }

    private Outcome post(String action, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return new Outcome(
                answer.statusCode(), answer.headers().firstValue("Location").orElse(null), answer.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(
                            pair.substring(0, equals).strip(),
                            pair.substring(equals + 1).strip());
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
