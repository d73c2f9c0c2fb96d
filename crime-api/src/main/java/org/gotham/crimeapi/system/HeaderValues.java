package org.gotham.crimeapi.system;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header values {@link StrictHttpFirewall} lets through by default (every character assigned in
 * Unicode and not a control character, except that a tab is allowed), checked by a loop instead of
 * the default's regular expressions. The firewall runs the check on every header a filter reads, and
 * the {@code Authorization} header with a Keycloak token is 1–2 KB.
 */
final class HeaderValues implements Predicate<String> {

    @Override
    public boolean test(String value) {
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = value.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && codePoint != '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
