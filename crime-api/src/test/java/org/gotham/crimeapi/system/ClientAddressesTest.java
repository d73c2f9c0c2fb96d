package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    private static MockHttpServletRequest from(String remote, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/users/login");
        request.setRemoteAddr(remote);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(List.of());

        assertThat(addresses.of(from("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void forwardedForFromAnUntrustedAddressIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(addresses.of(from("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void behindATrustedProxyTheClientIsTheEntryTheProxyAppended() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(addresses.of(from("10.0.0.2", "198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @Test
    void spoofedEntriesLeftOfTheProxysOwnAreNeverReached() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.10"));

        // the client sent "1.2.3.4, 5.6.7.8"; the outer proxy 192.0.2.10 appended the client's address,
        // the inner proxy 10.0.0.2 appended the outer one's
        assertThat(addresses.of(from("10.0.0.2", "1.2.3.4, 5.6.7.8, 198.51.100.1", "192.0.2.10")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void malformedOrHostNameEntryCountsAsTheProxy() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.2"));

        assertThat(addresses.of(from("10.0.0.2", "not-an-address"))).isEqualTo("10.0.0.2");
        assertThat(addresses.of(from("10.0.0.2", "localhost"))).isEqualTo("10.0.0.2");
        assertThat(addresses.of(from("10.0.0.2", "999.1.1.1"))).isEqualTo("10.0.0.2");
        assertThat(addresses.of(from("10.0.0.2", ""))).isEqualTo("10.0.0.2");
        assertThat(addresses.of(from("10.0.0.2"))).isEqualTo("10.0.0.2");
    }

    @Test
    void ipv6ClientBehindATrustedProxyIsRead() {
        ClientAddresses addresses = new ClientAddresses(List.of("::1"));

        assertThat(addresses.of(from("::1", "2001:DB8::1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressStopsTheStartup() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new ClientAddresses(List.of("proxy.example.test")))
                .withMessageContaining("gotham.rate-limit.trusted-proxies");
    }
}
