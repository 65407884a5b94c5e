package org.weft.server.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.weft.server.ApiException;

class AllocationPoolsTest {
    @Test
    void ipv4DefaultIsTheCidrLessNetworkBroadcastAndGateway() {
        Cidr cidr = Cidr.parse("10.0.0.0/24");

        assertThat(
                        AllocationPools.defaults(cidr, Optional.of(IpAddress.parse("10.0.0.1")))
                                .toString())
                .isEqualTo("[10.0.0.2-10.0.0.254]");
        assertThat(AllocationPools.defaults(cidr, Optional.empty()).toString())
                .isEqualTo("[10.0.0.1-10.0.0.254]");
        assertThat(
                        AllocationPools.defaults(cidr, Optional.of(IpAddress.parse("10.0.0.254")))
                                .toString())
                .isEqualTo("[10.0.0.1-10.0.0.253]");
        assertThat(
                        AllocationPools.defaults(cidr, Optional.of(IpAddress.parse("10.0.0.100")))
                                .toString())
                .isEqualTo("[10.0.0.1-10.0.0.99, 10.0.0.101-10.0.0.254]");
        assertThat(
                        AllocationPools.defaults(cidr, Optional.of(IpAddress.parse("10.9.0.1")))
                                .toString())
                .isEqualTo("[10.0.0.1-10.0.0.254]");
    }

    @Test
    void ipv6DefaultKeepsTheLastAddressAndLeavesOutTheRouterAnycast() {
        Cidr cidr = Cidr.parse("fd00:1::/64");

        assertThat(
                        AllocationPools.defaults(cidr, Optional.of(IpAddress.parse("fd00:1::")))
                                .toString())
                .isEqualTo("[fd00:1::1-fd00:1::ffff:ffff:ffff:ffff]");
        assertThat(
                        AllocationPools.defaults(
                                        Cidr.parse("fd00:9::/64"),
                                        Optional.of(IpAddress.parse("fd00:9::1")))
                                .toString())
                .isEqualTo("[fd00:9::2-fd00:9::ffff:ffff:ffff:ffff]");
    }

    @Test
    void givenPoolsAreCheckedInTheReferenceOrder() {
        Cidr cidr = Cidr.parse("10.2.0.0/24");
        Optional<IpAddress> gateway = Optional.of(IpAddress.parse("10.2.0.1"));

        assertThatThrownBy(
                        () ->
                                AllocationPools.validate(
                                        cidr, List.of(range("10.2.0.9", "10.2.0.2")), gateway))
                .hasMessage(
                        "The allocation pool {'start': '10.2.0.9', 'end': '10.2.0.2'} is not"
                                + " valid.");
        assertThatThrownBy(
                        () ->
                                AllocationPools.validate(
                                        cidr, List.of(range("10.2.0.0", "10.2.0.9")), gateway))
                .hasMessageContaining("spans beyond the subnet cidr");
        assertThatThrownBy(
                        () ->
                                AllocationPools.validate(
                                        cidr,
                                        List.of(
                                                range("10.2.0.10", "10.2.0.20"),
                                                range("10.2.0.2", "10.2.0.10")),
                                        gateway))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage(
                        "Found overlapping allocation pools: 10.2.0.2-10.2.0.10 10.2.0.10-10.2.0.20"
                                + " for subnet 10.2.0.0/24.");
        assertThatThrownBy(
                        () ->
                                AllocationPools.validate(
                                        cidr, List.of(range("10.2.0.1", "10.2.0.9")), gateway))
                .hasMessage(
                        "Gateway ip 10.2.0.1 conflicts with allocation pool 10.2.0.1-10.2.0.9.");
    }

    @Property
    void defaultPoolsHoldEveryUsableAddressButTheGateway(
            @ForAll @IntRange(min = 20, max = 30) int prefix,
            @ForAll @IntRange(min = 0, max = 1 << 12) int gatewayOffset) {
        Cidr cidr = new Cidr(IpAddress.parse("10.128.0.0"), prefix);
        IpAddress gateway = cidr.first().plus(gatewayOffset % cidr.size().intValue());

        List<IpRange> pools = AllocationPools.defaults(cidr, Optional.of(gateway));

        boolean gatewayUsable = AllocationPools.usable(cidr).contains(gateway);
        BigInteger expected = cidr.size().subtract(BigInteger.valueOf(gatewayUsable ? 3 : 2));
        assertThat(AllocationPools.size(pools)).isEqualTo(expected);
        for (IpRange pool : pools) {
            assertThat(pool.contains(gateway)).isFalse();
            assertThat(pool.contains(cidr.first())).isFalse();
            assertThat(pool.contains(cidr.last())).isFalse();
        }
        AllocationPools.validate(cidr, pools, Optional.of(gateway));
    }

    private static IpRange range(String start, String end) {
        return new IpRange(IpAddress.parse(start), IpAddress.parse(end));
    }
}
