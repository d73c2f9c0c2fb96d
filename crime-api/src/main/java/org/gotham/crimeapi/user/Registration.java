package org.gotham.crimeapi.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /users/register}, checked before Keycloak sees it: nothing the legacy table
 * or the old app's passlib would mangle. Keycloak then applies its user profile (username rules) and
 * the realm's password policy.
 */
record Registration(
        @Schema(example = "selina", maxLength = Registration.MAX_USERNAME)
        @NotBlank(message = "must not be empty or only whitespace")
        @Size(max = Registration.MAX_USERNAME, message = "must be at most {max} characters")
        @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters")
        @Pattern(regexp = "(?Us)(\\S.*\\S|\\S)?", message = "must not begin or end with whitespace")
        @Nullable
        String username,

        @Schema(example = "catwoman-9lives", format = "password")
        @NotEmpty(message = "must not be empty")
        @MaxUtf8Bytes(
                value = Registration.MAX_PASSWORD_BYTES,
                message = "must be at most {value} bytes in UTF-8:"
                        + " bcrypt ignores the rest, so a longer password would be cut without a word")
        @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character, which bcrypt refuses")
        @Nullable
        String password) {

    /** The legacy {@code users.username} column (VARCHAR(255)) and Keycloak's default username limit. */
    static final int MAX_USERNAME = 255;

    /** bcrypt (passlib in the old app, the provider here) uses only the first 72 bytes. */
    static final int MAX_PASSWORD_BYTES = 72;

    @Override
    public String toString() {
        return "Registration[username=" + this.username + "]";
    }
}
