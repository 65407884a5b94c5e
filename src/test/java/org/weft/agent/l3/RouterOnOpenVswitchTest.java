package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.OvsInterfaceDriver;
import org.weft.dataplane.ovs.TestSwitch;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * Routers plugged by the Open vSwitch interface driver into a private userspace switch: {@code qr-}
 * ports on {@code br-int}, the {@code qg-} port on {@code br-ex} as the guide's era does or on
 * {@code br-int} as today's Neutron does, each carrying its port's identity for the L2 agent.
 */
@Tag("ovs")
@Tag("netns")
class RouterOnOpenVswitchTest {
    private static final String VM = "wl3-" + RouterLab.RUN + "-ovm1";
    private static final String UPSTREAM = "wl3-" + RouterLab.RUN + "-oup";

    @TempDir Path state;
    private TestSwitch ovs;
    private VswitchDatabase database;
    private final IpRoute2 root = IpRoute2.in(Placement.here());
    private RouterId id;
    private RouterDriver driver;

    @BeforeEach
    void startSwitch() {
        ovs = TestSwitch.start("l3-" + RouterLab.RUN);
        database = VswitchDatabase.connect(OvsdbTarget.unix(ovs.ovs().databaseSocket()));
        ovs.ovs().addBridge("br-int");
        ovs.ovs().addBridge("br-ex");
        id = new RouterId("f" + RouterLab.RUN + "f0-0000-4000-8000-000000000001");
        root.deleteNamespace(id.namespace());
        attach(VM, "br-int", "10.0.1.5/24", "10.0.1.1");
        attach(UPSTREAM, "br-ex", "192.168.100.1/24", null);
    }

    @AfterEach
    void stopSwitch() {
        if (driver != null) {
            driver.remove(id);
        }
        root.deleteNamespace(VM);
        root.deleteNamespace(UPSTREAM);
        root.deleteNamespace(id.namespace());
        database.close();
        ovs.close();
    }

    private RouterDriver driverWithExternalBridge(String externalBridge) {
        // Router namespaces are named from here; the switch and its ports live in its namespace.
        return new RouterDriver(
                Placement.here(),
                new OvsInterfaceDriver(ovs.placement(), database),
                new RouterDriver.Settings(
                        "br-int",
                        externalBridge,
                        OptionalInt.empty(),
                        1,
                        state.resolve("routers"),
                        state.resolve("metadata_proxy")));
    }

    private Router router() {
        RouterInterface tenant =
                new RouterInterface(
                        "f" + RouterLab.RUN + "f1-0000-4000-8000-000000000002",
                        "net1",
                        "fa:16:3e:0f:f1:02",
                        1500,
                        List.of(PortAddress.of("10.0.1.1", "10.0.1.0/24", "10.0.1.1")));
        RouterGateway gateway =
                new RouterGateway(
                        "f" + RouterLab.RUN + "f2-0000-4000-8000-000000000003",
                        "ext-net",
                        "fa:16:3e:0f:f2:03",
                        1500,
                        List.of(
                                PortAddress.of(
                                        "192.168.100.11", "192.168.100.0/24", "192.168.100.1")),
                        true);
        return new Router(
                id,
                "project-a",
                true,
                Optional.of(gateway),
                List.of(tenant),
                List.of(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")),
                List.of());
    }

    @Test
    void guidesEraPlugsTheGatewayIntoBrExAndRoutesThroughTheSwitch() {
        driver = driverWithExternalBridge("br-ex");
        Router router = router();

        driver.ensure(router);

        String tenantPort = "v" + router.interfaces().get(0).portId().substring(0, 13);
        String gatewayPort = "v" + router.gateway().orElseThrow().portId().substring(0, 13);
        assertThat(ovs.ovs().vsctl("list-ports", "br-int").lines()).contains(tenantPort);
        assertThat(ovs.ovs().vsctl("list-ports", "br-ex").lines()).contains(gatewayPort);
        assertThat(ovs.ovs().vsctl("get", "Interface", gatewayPort, "external_ids"))
                .contains("iface-id=\"" + router.gateway().orElseThrow().portId() + "\"");
        assertThat(RouterLab.pings(VM, "192.168.100.1")).isTrue();
        assertThat(RouterLab.pings(UPSTREAM, "192.168.100.102")).isTrue();
    }

    @Test
    void todaysLayoutPlugsTheGatewayIntoTheIntegrationBridge() {
        driver = driverWithExternalBridge("br-int");
        Router router = router();

        driver.ensure(router);

        String gatewayPort = "v" + router.gateway().orElseThrow().portId().substring(0, 13);
        assertThat(ovs.ovs().vsctl("list-ports", "br-int").lines()).contains(gatewayPort);
        assertThat(ovs.ovs().vsctl("list-ports", "br-ex").lines()).doesNotContain(gatewayPort);
    }

    @Test
    void removedRouterLeavesNoPortOnTheSwitch() {
        driver = driverWithExternalBridge("br-ex");
        driver.ensure(router());

        driver.remove(id);

        assertThat(ovs.ovs().vsctl("list-ports", "br-int").lines())
                .noneMatch(port -> port.startsWith("vf" + RouterLab.RUN));
        assertThat(ovs.ovs().vsctl("list-ports", "br-ex").lines())
                .noneMatch(port -> port.startsWith("vf" + RouterLab.RUN));
        assertThat(root.namespaces()).doesNotContain(id.namespace());
    }

    /** A namespace on {@code bridge}, as a VM or the upstream host would be plugged. */
    private void attach(String namespace, String bridge, String address, String gateway) {
        root.deleteNamespace(namespace);
        root.ensureNamespace(namespace);
        String switchSide = "s-" + namespace.substring(("wl3-" + RouterLab.RUN + "-").length());
        IpRoute2 inSwitch = IpRoute2.in(ovs.placement());
        inSwitch.deleteLink(switchSide);
        Command.of(
                        "ip",
                        "link",
                        "add",
                        switchSide,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "eth0",
                        "netns",
                        namespace)
                .in(ovs.placement())
                .run();
        inSwitch.setUp(switchSide);
        ovs.ovs().vsctl("add-port", bridge, switchSide);
        IpRoute2 inside = IpRoute2.in(Placement.netns(namespace));
        inside.ensureAddress("eth0", address);
        inside.disableTransmitOffload("eth0");
        inside.setUp("eth0");
        if (gateway != null) {
            inside.replaceRoute("default", gateway, "eth0");
        }
    }
}
