package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l3.RouterLab.UPSTREAM;
import static org.weft.agent.l3.RouterLab.UPSTREAM_ADDRESS;
import static org.weft.agent.l3.RouterLab.fetch;
import static org.weft.agent.l3.RouterLab.in;
import static org.weft.agent.l3.RouterLab.pings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

@Tag("netns")
class RouterDriverTest {
    private static final int PEER_PORT = 8080;
    private static final int VM_PORT = 2222;
    private static final int ECHO_PORT = 7777;

    @TempDir Path state;
    private RouterLab lab;
    private RouterDriver driver;
    private String net1;
    private String net2;
    private String vm1;
    private String vm2;
    private RouterId id;
    private RouterGateway gateway;
    private RouterInterface interface1;
    private RouterInterface interface2;

    @BeforeEach
    void buildNetworkNode() {
        lab = new RouterLab(state);
        driver = lab.driver();
        net1 = lab.network("net1");
        net2 = lab.network("net2");
        vm1 = lab.vm("vm1", net1, "10.0.1.5/24", "10.0.1.1");
        vm2 = lab.vm("vm2", net2, "10.0.2.5/24", "10.0.2.1");
        id = lab.newRouterId();
        gateway = lab.gateway("192.168.100.11");
        interface1 = lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24");
        interface2 = lab.routerInterface(net2, "10.0.2.1", "10.0.2.0/24");
        lab.peerAddressServer(UPSTREAM, PEER_PORT);
    }

    @AfterEach
    void tearDown() {
        for (RouterId present : driver.present()) {
            if (RouterLab.isOurs(present)) {
                driver.remove(present);
            }
        }
        lab.close();
    }

    private Router router(FloatingIp... floatingIps) {
        return RouterLab.router(
                id, Optional.of(gateway), List.of(interface1, interface2), List.of(floatingIps));
    }

    @Test
    void vmReachesUpstreamThroughSnatWithTheGatewayAddress() {
        driver.ensure(router());

        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.11");
        assertThat(fetch(vm2, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.11");
    }

    @Test
    void withoutSnatVmsLeaveWithTheirOwnAddress() {
        gateway =
                new RouterGateway(
                        gateway.portId(),
                        gateway.networkId(),
                        gateway.mac(),
                        1500,
                        gateway.addresses(),
                        false);
        driver.ensure(router());
        IpRoute2.in(Placement.netns(UPSTREAM))
                .replaceRoute("10.0.1.0/24", "192.168.100.11", "eth0");

        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("10.0.1.5");
    }

    @Test
    void upstreamReachesVmOnItsFloatingIpByIcmpAndTcp() {
        lab.wordServer(vm1, VM_PORT, "vm1");
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));

        assertThat(pings(UPSTREAM, "192.168.100.102")).isTrue();
        assertThat(fetch(UPSTREAM, "192.168.100.102", VM_PORT)).isEqualTo("vm1");
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.102");
    }

    @Test
    void disassociatedFloatingIpNoLongerReachesAndAnotherVmCanTakeIt() {
        lab.wordServer(vm1, VM_PORT, "vm1");
        lab.wordServer(vm2, VM_PORT, "vm2");
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));
        assertThat(fetch(UPSTREAM, "192.168.100.102", VM_PORT)).isEqualTo("vm1");

        driver.ensure(router());
        assertThat(pings(UPSTREAM, "192.168.100.102")).isFalse();
        assertThat(fetch(UPSTREAM, "192.168.100.102", VM_PORT)).isEmpty();

        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.2.5")));
        assertThat(fetch(UPSTREAM, "192.168.100.102", VM_PORT)).isEqualTo("vm2");
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.11");
    }

    @Test
    void vmsOnTwoSubnetsOfOneRouterReachEachOtherWithTheirOwnAddresses() {
        lab.peerAddressServer(vm2, PEER_PORT);
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));

        assertThat(pings(vm1, "10.0.2.5")).isTrue();
        assertThat(fetch(vm1, "10.0.2.5", PEER_PORT)).isEqualTo("10.0.1.5");
    }

    @Test
    void vmReachesAnotherVmOfTheRouterThroughItsFloatingIp() {
        lab.wordServer(vm2, VM_PORT, "vm2");
        driver.ensure(router(new FloatingIp("fip-2", "192.168.100.103", "10.0.2.5")));

        assertThat(fetch(vm1, "192.168.100.103", VM_PORT)).isEqualTo("vm2");
    }

    @Test
    void routersWithTheSameTenantCidrStayApart() {
        String net3 = lab.network("net3");
        String vm3 = lab.vm("vm3", net3, "10.0.1.5/24", "10.0.1.1");
        String vm4 = lab.vm("vm4", net3, "10.0.1.6/24", "10.0.1.1");
        RouterId otherId = lab.newRouterId();
        Router other =
                RouterLab.router(
                        otherId,
                        Optional.of(lab.gateway("192.168.100.12")),
                        List.of(lab.routerInterface(net3, "10.0.1.1", "10.0.1.0/24")),
                        List.of());
        driver.ensure(router());
        driver.ensure(other);

        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.11");
        assertThat(fetch(vm3, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.12");
        assertThat(pings(vm1, "10.0.1.6")).isFalse();
        assertThat(pings(vm4, "10.0.2.5")).isFalse();
        assertThat(pings(vm4, "10.0.1.5")).isTrue();
    }

    @Test
    void establishedConnectionSurvivesFloatingIpChangesAndAgentRestart() throws Exception {
        lab.echoServer(UPSTREAM, ECHO_PORT);
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));
        RouterLab.EchoConnection connection = lab.connect(vm1, UPSTREAM_ADDRESS, ECHO_PORT);
        assertThat(connection.echoes("before")).isTrue();

        driver.ensure(
                router(
                        new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5"),
                        new FloatingIp("fip-2", "192.168.100.103", "10.0.2.5")));
        assertThat(connection.echoes("after adding another floating IP")).isTrue();

        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));
        assertThat(connection.echoes("after removing it")).isTrue();

        driver.detach();
        driver = lab.driver();
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));
        assertThat(connection.echoes("after the agent restarted")).isTrue();
        assertThat(in(id.namespace(), "conntrack", "-L").stdout()).contains("dport=" + ECHO_PORT);
    }

    @Test
    void changeTouchesOnlyWhatChanged() {
        driver.ensure(router());
        String linksBefore = in(id.namespace(), "ip", "-o", "link", "show").stdout();

        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));

        assertThat(in(id.namespace(), "ip", "-o", "link", "show").stdout()).isEqualTo(linksBefore);
        assertThat(IpRoute2.in(Placement.netns(id.namespace())).addresses(gateway.deviceName()))
                .containsExactlyInAnyOrder("192.168.100.11/24", "192.168.100.102/32");
    }

    @Test
    void removedRouterTakesItsNamespaceWithIt() {
        driver.ensure(router());
        assertThat(driver.present()).contains(id);

        driver.remove(id);

        assertThat(driver.present()).doesNotContain(id);
        assertThat(
                        IpRoute2.in(Placement.netns(RouterLab.WIRE))
                                .linkExists("v" + interface1.portId().substring(0, 13)))
                .isFalse();
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEmpty();
    }

    @Test
    void removedInterfaceIsUnpluggedAndTheOtherKeepsWorking() {
        driver.ensure(router());

        driver.ensure(RouterLab.router(id, Optional.of(gateway), List.of(interface1), List.of()));

        assertThat(IpRoute2.in(Placement.netns(id.namespace())).linkExists(interface2.deviceName()))
                .isFalse();
        assertThat(fetch(vm2, UPSTREAM_ADDRESS, PEER_PORT)).isEmpty();
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, PEER_PORT)).isEqualTo("192.168.100.11");
    }

    @Test
    void extraRoutesComeAndGo() {
        Router withRoute =
                new Router(
                        id,
                        "project-a",
                        true,
                        Optional.of(gateway),
                        List.of(interface1, interface2),
                        List.of(),
                        List.of(new ExtraRoute("172.16.5.0/24", "10.0.2.5")));
        driver.ensure(withRoute);
        assertThat(in(id.namespace(), "ip", "route", "show").stdout())
                .contains("172.16.5.0/24 via 10.0.2.5");

        driver.ensure(router());
        assertThat(in(id.namespace(), "ip", "route", "show").stdout())
                .doesNotContain("172.16.5.0/24");
    }

    @Test
    void floatingIpMovedToAnotherRouterIsAnnouncedByGratuitousArp() {
        RouterId otherId = lab.newRouterId();
        RouterGateway otherGateway = lab.gateway("192.168.100.12");
        String net3 = lab.network("net3");
        lab.vm("vm3", net3, "10.0.3.5/24", "10.0.3.1");
        Router other =
                RouterLab.router(
                        otherId,
                        Optional.of(otherGateway),
                        List.of(lab.routerInterface(net3, "10.0.3.1", "10.0.3.0/24")),
                        List.of());
        driver.ensure(router(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));
        driver.ensure(other);
        assertThat(pings(UPSTREAM, "192.168.100.102")).isTrue();
        assertThat(neighbour("192.168.100.102")).contains(gateway.mac());

        driver.ensure(router());
        driver.ensure(other.withFloatingIp(new FloatingIp("fip-1", "192.168.100.102", "10.0.3.5")));

        // The upstream sends nothing meanwhile: only an announcement can change its entry.
        assertThat(
                        RouterLab.waitUntil(
                                () -> neighbour("192.168.100.102").contains(otherGateway.mac()),
                                Duration.ofSeconds(5)))
                .isTrue();
    }

    private static String neighbour(String address) {
        return in(UPSTREAM, "ip", "neigh", "show", address).stdout();
    }
}
