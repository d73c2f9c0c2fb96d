package org.gotham.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gotham.systemtest.support.TokenEndpoint;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The gotham realm (the realm file as shipped) as the cluster tests call it on one node or the other. */
final class GothamOnNodes {

    static final String REALM = "gotham";
    static final String CLIENT = "crime-cli";

    private GothamOnNodes() {}

    /** crime-cli's password grant on {@code node}, with the {@code openid} scope (for userinfo). */
    static TokenEndpoint.Answer signIn(ClusterNode node, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return node.tokens(REALM).post(form);
    }

    /** The refresh token grant on {@code node} for a sign-in's refresh token. */
    static TokenEndpoint.Answer refresh(ClusterNode node, TokenEndpoint.Answer signedIn) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", CLIENT);
        form.put("refresh_token", signedIn.body().path("refresh_token").asText());
        return node.tokens(REALM).post(form);
    }

    /** The token endpoint's refusal of a sign-in: 400 {@code invalid_grant}. */
    static void assertRefused(TokenEndpoint.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_grant");
    }

    static UserResource user(Keycloak admin, String username) {
        return admin.realm(REALM).users().get(userId(admin, username));
    }

    static String userId(Keycloak admin, String username) {
        List<UserRepresentation> found = admin.realm(REALM).users().searchByUsername(username, true);
        assertThat(found).as("users named %s", username).hasSize(1);
        return found.get(0).getId();
    }

    static CredentialRepresentation password(String value) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(value);
        credential.setTemporary(false);
        return credential;
    }
}
