package org.gotham.crimeapi.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /users/login}. Only its shape is checked: whatever else is wrong with the
 * name or password, Keycloak's answer is the same 401, and legacy passwords longer than bcrypt's 72
 * bytes (which the old app cut silently) must still work.
 */
record Login(
        @Schema(example = "batman")
        @NotEmpty(message = "must not be empty")
        @Size(max = Registration.MAX_USERNAME, message = "must be at most {max} characters")
        @Nullable
        String username,

        @Schema(example = "IamVengeance1", format = "password") @NotEmpty(message = "must not be empty") @Nullable
        String password) {

    @Override
    public String toString() {
        return "Login[username=" + this.username + "]";
    }
}
