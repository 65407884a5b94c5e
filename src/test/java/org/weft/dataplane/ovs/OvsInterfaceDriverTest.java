package org.weft.dataplane.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;

@Tag("ovs")
class OvsInterfaceDriverTest {
    private static final String LEFT = "wlead-ifleft";
    private static final String RIGHT = "wlead-ifright";
    private static TestSwitch ovs;
    private static VswitchDatabase database;
    private static OvsInterfaceDriver driver;

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("lead-ifdriver");
        database = VswitchDatabase.connect(OvsdbTarget.unix(ovs.ovs().databaseSocket()));
        ovs.ovs().addBridge("br-int");
        driver = new OvsInterfaceDriver(ovs.placement(), database);
        IpRoute2.in(Placement.here()).ensureNamespace(LEFT);
        IpRoute2.in(Placement.here()).ensureNamespace(RIGHT);
    }

    @AfterAll
    static void stopSwitch() {
        IpRoute2.in(Placement.here()).deleteNamespace(LEFT);
        IpRoute2.in(Placement.here()).deleteNamespace(RIGHT);
        if (database != null) {
            database.close();
        }
        ovs.close();
    }

    private static PluggedDevice device(String portId, String mac, String namespace) {
        return new PluggedDevice(
                portId,
                PluggedDevice.deviceName("tap", portId),
                mac,
                1450,
                Placement.netns(namespace),
                "br-int");
    }

    @Test
    void pluggedDevicesCarryTheirPortIdentityAndReachEachOtherThroughTheBridge() {
        PluggedDevice left =
                device("11111111-2222-3333-4444-555555555555", "fa:16:3e:00:00:01", LEFT);
        PluggedDevice right =
                device("66666666-7777-8888-9999-000000000000", "fa:16:3e:00:00:02", RIGHT);

        driver.plug(left);
        driver.plug(left);
        driver.plug(right);
        IpRoute2.in(left.namespace()).ensureAddress(left.name(), "10.77.0.1/24");
        IpRoute2.in(right.namespace()).ensureAddress(right.name(), "10.77.0.2/24");

        assertThat(ovs.ovs().vsctl("get", "Interface", left.bridgeSideName(), "external_ids"))
                .contains("iface-id=\"11111111-2222-3333-4444-555555555555\"")
                .contains("attached-mac=\"fa:16:3e:00:00:01\"")
                .contains("iface-status=active");
        assertThat(ovs.ovs().vsctl("list-ports", "br-int").lines())
                .containsExactlyInAnyOrder(left.bridgeSideName(), right.bridgeSideName());
        assertThat(
                        Command.of("ping", "-c", "1", "-W", "3", "10.77.0.2")
                                .in(left.namespace())
                                .execute()
                                .succeeded())
                .isTrue();

        driver.unplug(left);
        driver.unplug(right);

        assertThat(ovs.ovs().vsctl("list-ports", "br-int").strip()).isEmpty();
        assertThat(IpRoute2.in(left.namespace()).linkExists(left.name())).isFalse();
        assertThat(IpRoute2.in(ovs.placement()).linkExists(left.bridgeSideName())).isFalse();
    }

    @Test
    void pluggingAgainLeavesTheL2AgentsTagAndOtherConfig() {
        PluggedDevice device =
                device("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "fa:16:3e:00:00:03", LEFT);
        driver.plug(device);
        ovs.ovs()
                .vsctl(
                        "set",
                        "Port",
                        device.bridgeSideName(),
                        "tag=7",
                        "other_config:net_uuid=net-1");
        try {
            driver.plug(device);

            assertThat(ovs.ovs().vsctl("get", "Port", device.bridgeSideName(), "tag").strip())
                    .isEqualTo("7");
            assertThat(ovs.ovs().vsctl("get", "Port", device.bridgeSideName(), "other_config"))
                    .contains("net_uuid=net-1");
            assertThat(
                            ovs.ovs()
                                    .vsctl(
                                            "get",
                                            "Interface",
                                            device.bridgeSideName(),
                                            "external_ids:iface-id"))
                    .contains("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        } finally {
            driver.unplug(device);
        }
    }
}
