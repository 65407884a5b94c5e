package org.weft.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VethPairDriverTest {
    private static final String SERVER = "wlead-qdhcp";
    private static final String WIRE = "wlead-wire";
    private final IpRoute2 root = IpRoute2.in(Placement.here());
    private final PluggedDevice device =
            new PluggedDevice(
                    "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                    PluggedDevice.deviceName("tap", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
                    "fa:16:3e:11:22:33",
                    1450,
                    Placement.netns(SERVER),
                    "br-int");

    @BeforeEach
    @AfterEach
    void removeNamespaces() {
        root.deleteNamespace(SERVER);
        root.deleteNamespace(WIRE);
    }

    @Test
    void plugIsIdempotentAndUnplugRemovesBothEnds() {
        root.ensureNamespace(SERVER);
        root.ensureNamespace(WIRE);
        VethPairDriver driver = new VethPairDriver(Placement.here(), WIRE);

        driver.plug(device);
        driver.plug(device);

        IpRoute2 server = IpRoute2.in(Placement.netns(SERVER));
        String link =
                Command.of("ip", "link", "show", "tap0f1e2d3c-4b").in(server.placement()).run();
        assertThat(link).contains("fa:16:3e:11:22:33").contains("mtu 1450").contains("UP");
        assertThat(IpRoute2.in(Placement.netns(WIRE)).linkExists(device.bridgeSideName())).isTrue();

        driver.unplug(device);
        driver.unplug(device);

        assertThat(server.linkExists(device.name())).isFalse();
        assertThat(IpRoute2.in(Placement.netns(WIRE)).linkExists(device.bridgeSideName()))
                .isFalse();
    }
}
