package org.gotham.crimeapi.crime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;

/**
 * Strong entity tags of crimes: a hash of every column value, so any change by anyone (this app or
 * the old one) changes the tag.
 */
final class CrimeEtag {

    private CrimeEtag() {}

    /** The quoted tag, e.g. {@code "3f2a..."}. */
    static String of(Crime crime) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(crime.id());
        append(canonical, crime.type());
        append(canonical, crime.description());
        append(canonical, crime.location());
        append(canonical, crime.suspectName());
        append(canonical, crime.dateTime() == null ? null : LegacyTimestamps.toSqliteText(crime.dateTime()));
        append(canonical, crime.latitude() == null ? null : Double.toString(crime.latitude()));
        append(canonical, crime.longitude() == null ? null : Double.toString(crime.longitude()));
        return '"' + HexFormat.of().formatHex(sha256(canonical.toString()), 0, 16) + '"';
    }

    /**
     * Whether an {@code If-Match} header value allows changing this crime: {@code *}, or one of its
     * tags equal to the crime's tag by strong comparison (weak tags never match), per RFC 9110 13.1.1.
     */
    static boolean ifMatchAllows(@Nullable String ifMatch, Crime current) {
        if (ifMatch == null) {
            return true;
        }
        String currentTag = of(current);
        for (ETag tag : ETag.parse(ifMatch)) {
            if (tag.isWildcard() || (!tag.weak() && tag.formattedTag().equals(currentTag))) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder canonical, @Nullable String value) {
        // length-prefixed so that no two different rows give the same text
        if (value == null) {
            canonical.append("|-");
        } else {
            canonical.append('|').append(value.length()).append(':').append(value);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JRE", ex);
        }
    }
}
