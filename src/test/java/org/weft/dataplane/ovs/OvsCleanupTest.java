package org.weft.dataplane.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * {@code weft cleanup ovs} on a private switch in namespace {@code wop-clean}: the DHCP and router
 * ports Weft's interface driver plugged go, with their devices; a VM's port, a patch port and a
 * port of someone else stay.
 */
class OvsCleanupTest {
    private static final String HOST = "wop-clean";
    private static final String GUEST = "wop-clean-dhcp";
    private static final String DHCP_PORT = "0a1b2c3d-0000-4000-8000-000000000001";
    private static final String ROUTER_PORT = "9f8e7d6c-0000-4000-8000-000000000002";

    private PrivateSwitch ovs;
    private VswitchDatabase database;

    @BeforeEach
    void start() {
        deleteNamespaces();
        Command.of("ip", "netns", "add", HOST).run();
        Command.of("ip", "netns", "add", GUEST).run();
        ovs =
                PrivateSwitch.builder(Path.of("target", HOST).toAbsolutePath())
                        .placement(Placement.netns(HOST))
                        .start();
        ovs.addBridge("br-int");
        ovs.addBridge("br-ex");
        database = VswitchDatabase.connect(OvsdbTarget.parse(ovs.databaseTarget()));
    }

    @AfterEach
    void stop() {
        try {
            if (database != null) {
                database.close();
            }
            if (ovs != null) {
                ovs.stop();
            }
        } finally {
            deleteNamespaces();
        }
    }

    @Test
    void removesThePortsWeftPluggedWithTheirDevicesAndNothingElse() {
        OvsInterfaceDriver driver = new OvsInterfaceDriver(Placement.netns(HOST), database);
        PluggedDevice dhcp = device(DHCP_PORT, "tap0a1b2c3d-00", "br-int");
        PluggedDevice gateway = device(ROUTER_PORT, "qg-9f8e7d6c-00", "br-ex");
        driver.plug(dhcp);
        driver.plug(gateway);
        ovs.vsctl(
                "add-port",
                "br-int",
                "tap-vm",
                "--",
                "set",
                "Interface",
                "tap-vm",
                "type=internal",
                "external_ids:iface-id=vm-port",
                "external_ids:attached-mac=fa:16:3e:00:00:09");
        ovs.vsctl(
                "add-port",
                "br-ex",
                "operator-nic",
                "--",
                "set",
                "Interface",
                "operator-nic",
                "type=internal");
        ovs.vsctl(
                "add-port",
                "br-int",
                "patch-ex",
                "--",
                "set",
                "Interface",
                "patch-ex",
                "type=patch",
                "options:peer=patch-int");

        List<OvsCleanup.BridgePort> removed =
                new OvsCleanup(database, Placement.netns(HOST)).removeWeftPorts();

        assertThat(removed)
                .containsExactlyInAnyOrder(
                        new OvsCleanup.BridgePort("br-int", dhcp.bridgeSideName()),
                        new OvsCleanup.BridgePort("br-ex", gateway.bridgeSideName()));
        assertThat(ovs.vsctl("list-ports", "br-int").lines())
                .containsExactlyInAnyOrder("patch-ex", "tap-vm");
        assertThat(ovs.vsctl("list-ports", "br-ex").lines()).containsExactly("operator-nic");
        assertThat(IpRoute2.in(Placement.netns(HOST)).linkExists(dhcp.bridgeSideName())).isFalse();
        assertThat(IpRoute2.in(Placement.netns(GUEST)).linkExists(dhcp.name())).isFalse();
        assertThat(new OvsCleanup(database, Placement.netns(HOST)).removeWeftPorts()).isEmpty();
    }

    @Test
    void aPortWhoseNamespaceIsGoneIsStillFoundByItsMark() {
        PluggedDevice dhcp = device(DHCP_PORT, "tap0a1b2c3d-00", "br-int");
        new OvsInterfaceDriver(Placement.netns(HOST), database).plug(dhcp);
        Command.of("ip", "netns", "delete", GUEST).run();

        List<OvsCleanup.BridgePort> removed =
                new OvsCleanup(database, Placement.netns(HOST)).removeWeftPorts();

        assertThat(removed)
                .containsExactly(new OvsCleanup.BridgePort("br-int", dhcp.bridgeSideName()));
        assertThat(ovs.vsctl("list-ports", "br-int")).isBlank();
    }

    private static PluggedDevice device(String portId, String name, String bridge) {
        return new PluggedDevice(
                portId,
                name,
                "fa:16:3e:00:00:01",
                1500,
                Placement.netns(HOST).namespace(GUEST),
                bridge);
    }

    private static void deleteNamespaces() {
        List<String> present = IpRoute2.in(Placement.here()).namespaces();
        for (String namespace : List.of(GUEST, HOST)) {
            if (present.contains(namespace)) {
                Command.of("ip", "netns", "delete", namespace).execute();
            }
        }
    }
}
