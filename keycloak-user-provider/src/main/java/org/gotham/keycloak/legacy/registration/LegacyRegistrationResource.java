package org.gotham.keycloak.legacy.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.theme.Theme;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.util.JsonSerialization;

/**
 * Creates one user as the realm's registration form would: only while the realm's "User registration" is on (else
 * 403), through the user profile in its registration context (its validators; a taken name is 409) and the realm's
 * password policy, enabled, with the realm's default roles. The caller is a service ({@link RegistrarAuthorization}).
 *
 * <p>Answers in the admin API's shapes, so a client of that API reads them the same way: 201 {@code {"id","username"}};
 * 400 {@code {"field","errorMessage","params","errors"}} for the user profile, {@code {"error","error_description"}}
 * for the password policy; 409 {@code {"errorMessage":"User exists with same username"}}. Nothing here logs or
 * answers with a password.
 */
public final class LegacyRegistrationResource {

    private static final Logger LOG = Logger.getLogger(LegacyRegistrationResource.class);

    /** A registration is a name and a password: a larger body is refused unread. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final String USERNAME_EXISTS = "usernameExistsMessage";

    private final KeycloakSession session;

    LegacyRegistrationResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        RealmModel realm = session.getContext().getRealm();
        RegistrarAuthorization.Outcome caller = RegistrarAuthorization.check(session, realm, authorization);
        if (!caller.allowed()) {
            return refused(caller.refusal());
        }
        if (!realm.isRegistrationAllowed()) {
            return json(
                    Response.Status.FORBIDDEN,
                    Map.of(
                            "error", "registration_disabled",
                            "error_description", "User registration is switched off in this realm."));
        }
        Map<String, String> fields = read(body);
        String username = fields == null ? null : fields.get("username");
        String password = fields == null ? null : fields.get("password");
        if (username == null || password == null || password.isEmpty()) {
            return json(
                    Response.Status.BAD_REQUEST,
                    Map.of("errorMessage", "The body must be a JSON object with a username and a password."));
        }

        UserProfile profile = session.getProvider(UserProfileProvider.class)
                .create(UserProfileContext.REGISTRATION, Map.of(UserModel.USERNAME, username));
        try {
            profile.validate();
        } catch (ValidationException e) {
            return profileErrors(e);
        }
        // checked before anything is written; notUsername and the like read the name as it was given
        PolicyError policy =
                session.getProvider(PasswordPolicyManagerProvider.class).validate(username, password);
        if (policy != null) {
            return passwordRefused(policy);
        }

        UserModel user;
        try {
            user = profile.create();
            user.setEnabled(true);
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ValidationException e) {
            session.getTransactionManager().setRollbackOnly();
            return profileErrors(e);
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            return taken();
        } catch (ModelException e) {
            // a policy that needs the user (password history, say) refused it; nothing is kept
            session.getTransactionManager().setRollbackOnly();
            return passwordRefused(new PolicyError(e.getMessage(), e.getParameters()));
        }
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.REGISTER)
                .client(caller.client())
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.REGISTER_METHOD, LegacyRegistrationResourceProviderFactory.PROVIDER_ID)
                .success();
        Map<String, String> created = new LinkedHashMap<>();
        created.put("id", user.getId());
        created.put("username", user.getUsername());
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(created)
                .build();
    }

    /** The body's username and password (strings only), or null when it is not such a JSON object. */
    private static Map<String, String> read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length == 0 || bytes.length > MAX_BODY_BYTES) {
                return null;
            }
            JsonNode root = JsonSerialization.mapper.readTree(bytes);
            if (root == null || !root.isObject()) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name : List.of("username", "password")) {
                JsonNode value = root.get(name);
                if (value != null && value.getNodeType() == JsonNodeType.STRING) {
                    fields.put(name, value.textValue());
                }
            }
            return fields;
        } catch (IOException e) {
            return null;
        }
    }

    private static Response refused(RegistrarAuthorization.Refusal refusal) {
        if (refusal == RegistrarAuthorization.Refusal.INVALID_TOKEN) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_token"))
                    .build();
        }
        return Response.status(Response.Status.FORBIDDEN)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of(
                        "error",
                        "insufficient_scope",
                        "error_description",
                        "Only a client's service account with that client's role "
                                + LegacyRegistrationResourceProviderFactory.REGISTER_USERS_ROLE
                                + " may register users."))
                .build();
    }

    private static Response taken() {
        return json(Response.Status.CONFLICT, Map.of("errorMessage", "User exists with same username"));
    }

    private static Response profileErrors(ValidationException e) {
        if (e.getErrors().stream().anyMatch(error -> USERNAME_EXISTS.equals(error.getMessage()))) {
            return taken();
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (ValidationException.Error error : e.getErrors()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("field", error.getAttribute());
            one.put("errorMessage", error.getMessage());
            one.put("params", error.getMessageParameters() == null ? List.of() : List.of(error.getMessageParameters()));
            errors.add(one);
        }
        Map<String, Object> answer = new LinkedHashMap<>(errors.get(0));
        if (errors.size() > 1) {
            answer.put("errors", errors);
        }
        return json(Response.Status.BAD_REQUEST, answer);
    }

    private Response passwordRefused(PolicyError policy) {
        return json(
                Response.Status.BAD_REQUEST,
                Map.of("error", policy.getMessage(), "error_description", englishMessage(policy)));
    }

    /** The policy's message as Keycloak's pages show it in English; the key itself when the theme has none. */
    private String englishMessage(PolicyError policy) {
        try {
            Properties messages = session.theme()
                    .getTheme(Theme.Type.LOGIN)
                    .getEnhancedMessages(session.getContext().getRealm(), Locale.ENGLISH);
            String template = messages.getProperty(policy.getMessage());
            if (template != null) {
                return new MessageFormat(template, Locale.ENGLISH).format(policy.getParameters());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debugf("No English text for password policy message %s: %s", policy.getMessage(), e.toString());
        }
        return policy.getMessage();
    }

    private static Response json(Response.Status status, Object entity) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(entity)
                .build();
    }
}
