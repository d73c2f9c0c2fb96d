package org.gotham.keycloak.legacy.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordCredentialData;

/**
 * Imported passlib hashes as Keycloak credentials: pbkdf2 and argon2 as Keycloak's own, checked here the way Keycloak
 * 26.7's providers check them (PBKDF2 of the password's characters through a JCE SecretKeyFactory, Argon2 of its
 * characters through Bouncy Castle, the base64 digests compared), the rest on this jar's providers.
 */
class ImportedCredentialsTest {

    private static final String PASSWORD = "IamVengeance1";

    @Test
    void pbkdf2HashesOfEveryDigestBecomeKeycloaksOwnAndVerifyAsKeycloakVerifies() throws Exception {
        for (String scheme : List.of("pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512", "django_pbkdf2_sha256")) {
            String hash = PasslibVectors.madeHash(scheme, PASSWORD);
            PasswordCredentialModel credential = ImportedCredentials.of(hash, PasswordSchemes.ALL);
            String algorithm = credential.getPasswordCredentialData().getAlgorithm();
            assertThat(algorithm)
                    .as(scheme)
                    .isEqualTo(
                            switch (scheme) {
                                case "pbkdf2_sha1" -> "pbkdf2";
                                case "pbkdf2_sha512" -> "pbkdf2-sha512";
                                default -> "pbkdf2-sha256";
                            });
            assertThat(credential.getPasswordCredentialData().getHashIterations())
                    .isEqualTo(1000);
            assertThat(keycloakPbkdf2(PASSWORD, credential)).as(scheme).isTrue();
            assertThat(keycloakPbkdf2("IamVengeance2", credential)).as(scheme).isFalse();
            assertThat(ImportedCredentials.passlibHashOf(credential)).as(scheme).isEqualTo(hash);
        }
    }

    @Test
    void argon2HashesOfEveryTypeAndVersionBecomeKeycloaksOwnAndVerifyAsKeycloakVerifies() {
        int checked = 0;
        for (var vector : PasslibVectors.ofScheme("argon2", "made")) {
            String hash = vector.get("hash").asText();
            String typed = vector.get("checks").get(1).get("password").asText(); // the non-ASCII password
            if (!vector.get("checks").get(1).get("outcome").asText().equals("match")) {
                continue;
            }
            PasswordCredentialModel credential = ImportedCredentials.of(hash, PasswordSchemes.ALL);
            PasswordCredentialData data = credential.getPasswordCredentialData();
            assertThat(data.getAlgorithm()).isEqualTo("argon2");
            assertThat(data.getAdditionalParameters().getFirst("version")).isIn("1.0", "1.3");
            assertThat(keycloakArgon2(typed, credential)).as(hash).isTrue();
            assertThat(keycloakArgon2(typed + "x", credential)).as(hash).isFalse();
            assertThat(ImportedCredentials.sameHash(ImportedCredentials.passlibHashOf(credential), hash))
                    .as(hash)
                    .isTrue();
            checked++;
        }
        assertThat(checked).as("i, d and id; 16 and 19").isGreaterThanOrEqualTo(5);
    }

    @Test
    void bcryptStaysOnTheBcryptProviderAndWhatKeycloakCannotCheckOnThePasslibOne() {
        String bcrypt = PasslibVectors.madeHash("bcrypt", PASSWORD);
        assertThat(ImportedCredentials.of(bcrypt, PasswordSchemes.ALL)
                        .getPasswordCredentialData()
                        .getAlgorithm())
                .isEqualTo(BcryptPasswordHashProviderFactory.ID);
        PasslibPasswordHashProvider passlib = new PasslibPasswordHashProvider(new LegacyPasswordHasher(1));
        for (String scheme :
                List.of("bcrypt_sha256", "sha256_crypt", "sha512_crypt", "md5_crypt", "django_bcrypt_sha256")) {
            String hash = PasslibVectors.madeHash(scheme, PASSWORD);
            PasswordCredentialModel credential = ImportedCredentials.of(hash, PasswordSchemes.ALL);
            assertThat(credential.getPasswordCredentialData().getAlgorithm())
                    .as(scheme)
                    .isEqualTo(PasslibPasswordHashProviderFactory.ID);
            assertThat(passlib.verify(PASSWORD, credential)).as(scheme).isTrue();
            assertThat(passlib.verify("IamVengeance2", credential)).as(scheme).isFalse();
            assertThat(passlib.policyCheck(null, credential))
                    .as("Keycloak rehashes it at the first sign-in")
                    .isFalse();
            assertThat(ImportedCredentials.passlibHashOf(credential)).isEqualTo(hash);
        }
    }

    @Test
    void aHashTheComponentDoesNotAcceptOrThatAsksTooMuchIsNotImported() {
        assertThat(ImportedCredentials.of(
                        PasslibVectors.madeHash("pbkdf2_sha256", PASSWORD), PasswordSchemes.BCRYPT_ONLY))
                .isNull();
        assertThat(ImportedCredentials.of(
                        "$argon2id$v=19$m=4194304,t=2,p=8$c2FsdHNhbHRzYWx0$QS4NFoxCIEg13qc+2Osl8Q",
                        PasswordSchemes.ALL))
                .isNull();
        assertThat(ImportedCredentials.of(null, PasswordSchemes.ALL)).isNull();
    }

    @Test
    void argon2Version16IsTheSameHashWithOrWithoutItsVersionWritten() {
        String cffi = "$argon2i$v=16$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$akrXuNNyIfSjig68BOBfJQ";
        String passlib = "$argon2i$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$akrXuNNyIfSjig68BOBfJQ";
        assertThat(ImportedCredentials.sameHash(cffi, passlib)).isTrue();
        assertThat(ImportedCredentials.sameHash(cffi, passlib.replace("t=1", "t=2")))
                .isFalse();
        assertThat(ImportedCredentials.sameHash(null, null)).isFalse();
    }

    @Test
    void aCredentialKeycloakMadeItselfIsNoImportedOne() {
        PasswordCredentialModel keycloaks = PasswordCredentialModel.createFromValues(
                "pbkdf2-sha256", new byte[16], 600_000, Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(ImportedCredentials.passlibHashOf(keycloaks)).isNull();
    }

    /** What Keycloak 26.7's Pbkdf2PasswordHashProvider.verify computes. */
    private static boolean keycloakPbkdf2(String password, PasswordCredentialModel credential) throws Exception {
        PasswordCredentialData data = credential.getPasswordCredentialData();
        String jce = switch (data.getAlgorithm()) {
            case "pbkdf2" -> "PBKDF2WithHmacSHA1";
            case "pbkdf2-sha512" -> "PBKDF2WithHmacSHA512";
            default -> "PBKDF2WithHmacSHA256";
        };
        String stored = credential.getPasswordSecretData().getValue();
        int keySize = Base64.getDecoder().decode(stored).length * 8;
        byte[] key = SecretKeyFactory.getInstance(jce)
                .generateSecret(new PBEKeySpec(
                        password.toCharArray(),
                        credential.getPasswordSecretData().getSalt(),
                        data.getHashIterations(),
                        keySize))
                .getEncoded();
        return Base64.getEncoder().encodeToString(key).equals(stored);
    }

    /** What Keycloak 26.7's Argon2PasswordHashProvider.verify computes. */
    private static boolean keycloakArgon2(String password, PasswordCredentialModel credential) {
        PasswordCredentialData data = credential.getPasswordCredentialData();
        MultivaluedHashMap<String, String> parameters = data.getAdditionalParameters();
        int type = switch (parameters.getFirst("type")) {
            case "i" -> Argon2Parameters.ARGON2_i;
            case "d" -> Argon2Parameters.ARGON2_d;
            default -> Argon2Parameters.ARGON2_id;
        };
        int version = parameters.getFirst("version").equals("1.3")
                ? Argon2Parameters.ARGON2_VERSION_13
                : Argon2Parameters.ARGON2_VERSION_10;
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withSalt(credential.getPasswordSecretData().getSalt())
                .withParallelism(Integer.parseInt(parameters.getFirst("parallelism")))
                .withMemoryAsKB(Integer.parseInt(parameters.getFirst("memory")))
                .withIterations(data.getHashIterations())
                .build());
        byte[] result = new byte[Integer.parseInt(parameters.getFirst("hashLength"))];
        generator.generateBytes(password.toCharArray(), result);
        return Base64.getEncoder()
                .encodeToString(result)
                .equals(credential.getPasswordSecretData().getValue());
    }
}
