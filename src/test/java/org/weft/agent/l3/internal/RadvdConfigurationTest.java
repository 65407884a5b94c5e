package org.weft.agent.l3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.weft.agent.l3.Ipv6RaMode;
import org.weft.agent.l3.PortAddress;
import org.weft.agent.l3.Router;
import org.weft.agent.l3.RouterId;
import org.weft.agent.l3.RouterInterface;

class RadvdConfigurationTest {
    private static Router routerWith(Ipv6RaMode mode) {
        RouterInterface routerInterface =
                new RouterInterface(
                        "0123456789abcdef",
                        "net",
                        "fa:16:3e:00:00:01",
                        1450,
                        List.of(
                                new PortAddress(
                                        "2001:db8::1",
                                        "2001:db8::/64",
                                        Optional.empty(),
                                        Optional.of(mode))));
        return new Router(
                new RouterId("r1"),
                "p",
                true,
                Optional.empty(),
                List.of(routerInterface),
                List.of(),
                List.of());
    }

    @Test
    void slaacAdvertisesAnAutonomousPrefixWithoutDhcpFlags() {
        String text = RadvdConfiguration.of(routerWith(Ipv6RaMode.SLAAC)).orElseThrow();

        assertThat(text)
                .contains("interface qr-0123456789a")
                .contains("AdvManagedFlag off;")
                .contains("AdvOtherConfigFlag off;")
                .contains("prefix 2001:db8::/64")
                .contains("AdvAutonomous on;")
                .contains("AdvLinkMTU 1450;");
    }

    @Test
    void statelessDhcpv6SetsTheOtherConfigFlag() {
        String text = RadvdConfiguration.of(routerWith(Ipv6RaMode.DHCPV6_STATELESS)).orElseThrow();

        assertThat(text)
                .contains("AdvManagedFlag off;")
                .contains("AdvOtherConfigFlag on;")
                .contains("AdvAutonomous on;");
    }

    @Test
    void statefulDhcpv6SetsTheManagedFlagAndNoAutonomousPrefix() {
        String text = RadvdConfiguration.of(routerWith(Ipv6RaMode.DHCPV6_STATEFUL)).orElseThrow();

        assertThat(text).contains("AdvManagedFlag on;").contains("AdvAutonomous off;");
    }

    @Test
    void ipv4OnlyRouterNeedsNoRadvd() {
        RouterInterface ipv4 =
                new RouterInterface(
                        "0123456789abcdef",
                        "net",
                        "fa:16:3e:00:00:01",
                        1500,
                        List.of(PortAddress.of("10.0.0.1", "10.0.0.0/24", "10.0.0.1")));
        Router router =
                new Router(
                        new RouterId("r1"),
                        "p",
                        true,
                        Optional.empty(),
                        List.of(ipv4),
                        List.of(),
                        List.of());

        assertThat(RadvdConfiguration.of(router)).isEmpty();
    }
}
