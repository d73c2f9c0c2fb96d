package org.gotham.systemtest.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;

/** Reading a token's parts, and forging tokens that look right in every way but their key. */
final class Jwts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {}

    static JsonNode header(String token) {
        return part(token, 0);
    }

    static JsonNode claims(String token) {
        return part(token, 1);
    }

    static String kid(String token) {
        return header(token).path("kid").asText();
    }

    /**
     * A token with the claims of {@code model} (issuer, audience, roles, expiry), signed RS256 with a fresh RSA key
     * nobody has ever published, under a {@code kid} nobody has ever used.
     */
    static String signedWithAnUnknownKey(String model) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            ObjectNode header = JSON.createObjectNode()
                    .put("alg", "RS256")
                    .put("typ", "JWT")
                    .put("kid", "never-published-" + UUID.randomUUID());
            String signingInput = encode(header) + "." + encode(claims(model));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(JsonNode json) {
        try {
            return URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode part(String token, int index) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
