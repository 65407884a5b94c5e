package org.weft.agent.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4NetworkHasNetmaskAndSize() {
        Cidr cidr = Cidr.parse("10.0.0.77/24");

        assertThat(cidr.networkAddress()).isEqualTo("10.0.0.0");
        assertThat(cidr.netmask()).isEqualTo("255.255.255.0");
        assertThat(cidr.size()).isEqualTo(BigInteger.valueOf(256));
        assertThat(cidr.withPrefix("10.0.0.2")).isEqualTo("10.0.0.2/24");
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortestForm() {
        Cidr cidr = Cidr.parse("fd00:0001:0:0::/64");

        assertThat(cidr.toString()).isEqualTo("fd00:1::/64");
        assertThat(cidr.withPrefix("fd00:1:0:0:0:0:0:2")).isEqualTo("fd00:1::2/64");
        assertThat(Cidr.text(Cidr.address("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void containmentComparesNetworkBits() {
        assertThat(Cidr.parse("169.254.0.0/16").contains(Cidr.parse("169.254.169.0/24"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/24").contains(Cidr.address("10.0.1.1"))).isFalse();
    }

    @Test
    void namesAreNotAddresses() {
        assertThatThrownBy(() -> Cidr.address("example.org"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example.org");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dhcpDeviceIdIsNeutrons() {
        // RFC 4122's own example of a version 5 UUID: www.example.com in the DNS name space.
        assertThat(
                        AgentIdentity.uuid5(
                                UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                                "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assertThat(AgentIdentity.dhcpDeviceId("network", "n1")).startsWith("dhcp").endsWith("-n1");
    }
}
