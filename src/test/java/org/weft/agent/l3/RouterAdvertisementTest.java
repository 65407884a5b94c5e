package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l3.RouterLab.in;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("netns")
class RouterAdvertisementTest {
    @TempDir Path state;
    private RouterLab lab;
    private RouterDriver driver;
    private RouterId id;
    private String net1;
    private String vm1;

    @BeforeEach
    void buildNetworkNode() {
        lab = new RouterLab(state);
        driver = lab.driver();
        net1 = lab.network("net1");
        vm1 = lab.vm("vm1", net1, "10.0.1.5/24", "10.0.1.1");
        id = lab.newRouterId();
    }

    @AfterEach
    void tearDown() {
        driver.remove(id);
        lab.close();
    }

    private Router routerWithIpv6(Ipv6RaMode mode) {
        RouterInterface ipv4 = lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24");
        RouterInterface dualStack =
                new RouterInterface(
                        ipv4.portId(),
                        ipv4.networkId(),
                        ipv4.mac(),
                        1500,
                        List.of(
                                ipv4.addresses().get(0),
                                new PortAddress(
                                        "2001:db8:1::1",
                                        "2001:db8:1::/64",
                                        Optional.empty(),
                                        Optional.of(mode))));
        return RouterLab.router(id, Optional.empty(), List.of(dualStack), List.of());
    }

    private String globalIpv6OfVm() {
        return in(vm1, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global").stdout();
    }

    @Test
    void slaacSubnetGivesVmsAnAddressAndADefaultRoute() {
        driver.ensure(routerWithIpv6(Ipv6RaMode.SLAAC));

        assertThat(
                        RouterLab.waitUntil(
                                () -> globalIpv6OfVm().contains("2001:db8:1:"),
                                Duration.ofSeconds(15)))
                .isTrue();
        assertThat(in(vm1, "ip", "-6", "route", "show", "default").stdout()).contains("via fe80:");
        assertThat(
                        RouterLab.waitUntil(
                                () -> RouterLab.pings(vm1, "2001:db8:1::1"), Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void dhcpv6StatelessSubnetAlsoGivesSlaacAddresses() {
        driver.ensure(routerWithIpv6(Ipv6RaMode.DHCPV6_STATELESS));

        assertThat(
                        RouterLab.waitUntil(
                                () -> globalIpv6OfVm().contains("2001:db8:1:"),
                                Duration.ofSeconds(15)))
                .isTrue();
    }

    @Test
    void radvdStopsWhenTheLastIpv6SubnetGoes() {
        driver.ensure(routerWithIpv6(Ipv6RaMode.SLAAC));
        assertThat(RouterLab.waitUntil(() -> radvdRuns(), Duration.ofSeconds(5))).isTrue();

        driver.ensure(
                RouterLab.router(
                        id,
                        Optional.empty(),
                        List.of(lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24")),
                        List.of()));

        assertThat(radvdRuns()).isFalse();
    }

    private boolean radvdRuns() {
        for (String pid :
                org.weft.dataplane.linux.Command.of("ip", "netns", "pids", id.namespace())
                        .execute()
                        .stdout()
                        .split("\\s+")) {
            if (!pid.isBlank()
                    && ProcessHandle.of(Long.parseLong(pid))
                            .flatMap(p -> p.info().command())
                            .orElse("")
                            .endsWith("radvd")) {
                return true;
            }
        }
        return false;
    }
}
