package org.gotham.keycloak.legacy.password;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a passlib {@code CryptContext(schemes=[...], deprecated="auto")} decides, for one federation component: the
 * schemes whose hashes sign in, and the one new hashes are written in (passlib's default, the first of its list).
 * A hash of any other accepted scheme is deprecated: after a successful sign-in in WRITABLE mode it is rewritten in
 * the written scheme, as is one of that scheme with less work than it is written with.
 */
public final class PasswordSchemes {

    /** The legacy app's context: bcrypt alone. */
    public static final PasswordSchemes BCRYPT_ONLY =
            new PasswordSchemes(EnumSet.of(PasslibScheme.BCRYPT), PasslibScheme.BCRYPT);

    /** Every scheme the provider knows, writing bcrypt: what a hash already imported into Keycloak is checked with. */
    public static final PasswordSchemes ALL =
            new PasswordSchemes(EnumSet.allOf(PasslibScheme.class), PasslibScheme.BCRYPT);

    private final Set<PasslibScheme> accepted;
    private final PasslibScheme writes;

    private PasswordSchemes(Set<PasslibScheme> accepted, PasslibScheme writes) {
        this.accepted = Set.copyOf(accepted);
        this.writes = writes;
    }

    /**
     * The component's two settings: the accepted schemes' passlib names (blank entries ignored; none at all means
     * bcrypt alone) and the written scheme's (blank: bcrypt if accepted, else the first accepted one).
     *
     * @throws IllegalArgumentException naming an unknown scheme, or a written scheme that is not accepted, with a
     *     message for the admin
     */
    public static PasswordSchemes of(List<String> acceptedNames, String writtenName) {
        Set<PasslibScheme> accepted = EnumSet.noneOf(PasslibScheme.class);
        PasslibScheme first = null;
        if (acceptedNames != null) {
            for (String name : acceptedNames) {
                if (name == null || name.isBlank()) {
                    continue; // the admin console saves an emptied list as [""]
                }
                PasslibScheme scheme = scheme(name);
                accepted.add(scheme);
                first = first == null ? scheme : first;
            }
        }
        if (accepted.isEmpty()) {
            accepted.add(PasslibScheme.BCRYPT);
            first = PasslibScheme.BCRYPT;
        }
        PasslibScheme writes;
        if (writtenName == null || writtenName.isBlank()) {
            writes = accepted.contains(PasslibScheme.BCRYPT) ? PasslibScheme.BCRYPT : first;
        } else {
            writes = scheme(writtenName);
            if (!accepted.contains(writes)) {
                throw new IllegalArgumentException("The scheme new passwords are written in (" + writes.passlibName()
                        + ") must be one of the accepted schemes (" + names(accepted) + ")");
            }
        }
        return new PasswordSchemes(accepted, writes);
    }

    private static PasslibScheme scheme(String name) {
        PasslibScheme scheme = PasslibScheme.byName(name.trim());
        if (scheme == null) {
            String shown = name.length() <= 40 ? name.trim() : name.substring(0, 37) + "...";
            throw new IllegalArgumentException(
                    "Unknown password scheme " + shown + ": use one of " + String.join(", ", PasslibScheme.names()));
        }
        return scheme;
    }

    public boolean accepts(PasslibScheme scheme) {
        return accepted.contains(scheme);
    }

    /** The scheme new hashes are written in. */
    public PasslibScheme writes() {
        return writes;
    }

    /** The accepted schemes' passlib names, in the provider's order. */
    public String acceptedNames() {
        return names(accepted);
    }

    /**
     * The stored value parsed, if it is a well-formed hash of an accepted scheme that may be run; null otherwise (see
     * {@link #whyUnusable}).
     */
    public PasslibHash usable(String hash) {
        PasslibHash parsed = PasslibHash.parse(hash);
        return parsed != null && accepts(parsed.scheme()) && parsed.overLimit() == null ? parsed : null;
    }

    /**
     * Why a stored value is not {@link #usable}, for a log line: never quotes the value. Null if it is usable.
     */
    public String whyUnusable(String hash) {
        if (hash == null) {
            return "no password hash (NULL)";
        }
        PasslibScheme scheme = PasslibScheme.identify(hash);
        if (scheme == null) {
            return "a password hash of no scheme this provider knows";
        }
        if (!accepts(scheme)) {
            return "a password hash of scheme " + scheme.passlibName()
                    + ", which this component does not accept (it accepts " + acceptedNames() + ")";
        }
        PasslibHash parsed = PasslibHash.parse(hash);
        if (parsed == null) {
            return "a malformed or truncated password hash of scheme " + scheme.passlibName();
        }
        String over = parsed.overLimit();
        return over == null
                ? null
                : "a password hash of scheme " + scheme.passlibName() + " asking for " + over + "; it was not checked";
    }

    /**
     * passlib's {@code needs_update} for this context after a successful sign-in: a hash of another scheme than the
     * written one, or of the written one with an older variant or less work ({@code bcryptCost} for the bcrypt
     * family, passlib's default rounds for the others). A hash that is not usable is never rewritten.
     */
    public boolean needsUpdate(String hash, int bcryptCost) {
        PasslibHash parsed = usable(hash);
        return parsed != null && (parsed.scheme() != writes || parsed.outdated(bcryptCost));
    }

    private static String names(Set<PasslibScheme> schemes) {
        return schemes.stream().sorted().map(PasslibScheme::passlibName).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordSchemes other && accepted.equals(other.accepted) && writes == other.writes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(accepted, writes);
    }

    @Override
    public String toString() {
        return "[" + acceptedNames() + "; writes " + writes.passlibName() + "]";
    }
}
