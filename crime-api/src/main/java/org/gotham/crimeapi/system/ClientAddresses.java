package org.gotham.crimeapi.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The address a request comes from, for per-client limits. The connection's address, unless it is a
 * configured trusted proxy: then {@code X-Forwarded-For} is read from the right (the entries the
 * trusted proxies appended), skipping trusted proxies, and the first other entry is the client. An
 * entry a client wrote itself (further left) is never reached, so a spoofed header changes nothing;
 * a malformed entry where the client should be counts as the proxy itself. Nothing is resolved by DNS.
 */
final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    /** More entries than a real chain of proxies has: the rest is not read. */
    private static final int MAX_ENTRIES = 32;

    private final List<IpAddressMatcher> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        List<IpAddressMatcher> matchers = new ArrayList<>();
        for (String proxy : trustedProxies) {
            if (!proxy.isBlank()) {
                try {
                    matchers.add(new IpAddressMatcher(proxy.strip()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalStateException(
                            "gotham.rate-limit.trusted-proxies: '" + proxy + "' is not an IP address or CIDR range",
                            ex);
                }
            }
        }
        this.trustedProxies = List.copyOf(matchers);
    }

    String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (this.trustedProxies.isEmpty() || !trusted(remote)) {
            return remote;
        }
        List<String> entries = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",", MAX_ENTRIES + 1)) {
                entries.add(entry.strip());
            }
        }
        String client = remote;
        for (int i = entries.size() - 1; i >= 0 && entries.size() - i <= MAX_ENTRIES; i--) {
            String entry = literal(entries.get(i));
            if (entry == null) {
                return client;
            }
            client = entry;
            if (!trusted(entry)) {
                return entry;
            }
        }
        return client;
    }

    private boolean trusted(@Nullable String address) {
        if (address == null || literal(address) == null) {
            return false;
        }
        return this.trustedProxies.stream().anyMatch((matcher) -> matcher.matches(address));
    }

    /** The entry if it is an IPv4 or IPv6 literal (never a host name, which would mean DNS), else null. */
    static @Nullable String literal(String entry) {
        if (IPV4.matcher(entry).matches()) {
            for (String part : entry.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
            return entry;
        }
        if (entry.indexOf(':') >= 0 && IPV6.matcher(entry).matches()) {
            return entry.toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
