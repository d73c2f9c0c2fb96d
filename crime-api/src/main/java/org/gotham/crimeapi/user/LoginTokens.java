package org.gotham.crimeapi.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /users/login}: Keycloak's tokens as its token endpoint gave them (RFC 6749
 * names), for the {@code crime-cli} client.
 *
 * @param expiresIn seconds the access token is valid
 * @param refreshToken absent when Keycloak issued none
 */
@JsonPropertyOrder({"access_token", "token_type", "expires_in", "refresh_token"})
public record LoginTokens(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,

        @JsonProperty("refresh_token") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
        String refreshToken) {

    @Override
    public String toString() {
        return "LoginTokens[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
    }
}
