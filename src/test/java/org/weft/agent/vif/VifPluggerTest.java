package org.weft.agent.vif;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;

/**
 * Plugging as os-vif does, on a real userspace Open vSwitch in a namespace of the test's own that
 * plays the compute host; the VMs are namespaces.
 */
@Tag("ovs")
class VifPluggerTest {
    private static final String PREFIX = "wv" + ThreadLocalRandom.current().nextInt(1000, 10000);
    private static final String HOST = PREFIX + "-host";
    private static final String VM1 = PREFIX + "-vm1";
    private static final String VM2 = PREFIX + "-vm2";
    private static final Placement HOST_PLACE = Placement.netns(HOST);
    private static final String PORT1 = "3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8";
    private static final String PORT2 = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

    private static PrivateSwitch ovs;
    private VifPlugger plugger;

    @BeforeAll
    static void startSwitch() {
        Command.of("ip", "netns", "add", HOST).run();
        Command.of("ip", "-n", HOST, "link", "set", "lo", "up").run();
        ovs =
                PrivateSwitch.builder(Path.of("target", PREFIX).toAbsolutePath())
                        .placement(HOST_PLACE)
                        .start();
        ovs.addBridge("br-int");
    }

    @AfterAll
    static void stopSwitch() {
        try {
            if (ovs != null) {
                ovs.stop();
            }
        } finally {
            Command.of("ip", "netns", "delete", HOST).execute();
            Command.of("rm", "-rf", Path.of("target", PREFIX).toAbsolutePath().toString())
                    .execute();
        }
    }

    @BeforeEach
    void createVms() {
        IpRoute2.in(Placement.here()).ensureNamespace(VM1);
        IpRoute2.in(Placement.here()).ensureNamespace(VM2);
        plugger = VifPlugger.connect(HOST_PLACE, ovs.databaseTarget(), "br-int");
    }

    @AfterEach
    void deleteVms() {
        try (VifPlugger closing = plugger) {
            closing.unplug(PORT1);
            closing.unplug(PORT2);
        } finally {
            IpRoute2.in(Placement.here()).deleteNamespace(VM1);
            IpRoute2.in(Placement.here()).deleteNamespace(VM2);
        }
    }

    @Test
    void plugPutsTheTapOnBrIntWithTheExternalIdsNovaSets() {
        VifPort port = new VifPort(PORT1, "fa:16:3e:00:00:01", 1450, "vm-uuid-1", false);

        plugger.plug(port, Guest.namespace(VM1, "eth0"));

        assertThat(port.tapName()).isEqualTo("tap3f2a1b4c-5d");
        assertThat(ovs.vsctl("list-ports", "br-int")).contains("tap3f2a1b4c-5d");
        assertThat(ovs.vsctl("get", "Interface", "tap3f2a1b4c-5d", "external_ids"))
                .contains("iface-id=\"" + PORT1 + "\"")
                .contains("attached-mac=\"fa:16:3e:00:00:01\"")
                .contains("iface-status=active")
                .contains("vm-uuid=vm-uuid-1");
        assertThat(inVm1("ip", "link", "show", "eth0"))
                .contains("fa:16:3e:00:00:01")
                .contains("mtu 1450");
        assertThat(inVm1("ethtool", "-k", "eth0")).contains("tx-checksumming: off");
        assertThat(onHost("ip", "link", "show", "tap3f2a1b4c-5d")).contains("mtu 1450");
    }

    @Test
    void hybridPlugJoinsAPerPortLinuxBridgeToBrIntThroughQvbAndQvo() {
        VifPort port = new VifPort(PORT1, "fa:16:3e:00:00:01", 1450, "vm-uuid-1", true);

        plugger.plug(port, Guest.namespace(VM1, "eth0"));

        assertThat(onHost("ip", "-d", "link", "show", "qbr3f2a1b4c-5d")).contains("bridge");
        assertThat(onHost("ip", "link", "show", "master", "qbr3f2a1b4c-5d"))
                .contains("tap3f2a1b4c-5d")
                .contains("qvb3f2a1b4c-5d");
        assertThat(ovs.vsctl("list-ports", "br-int"))
                .contains("qvo3f2a1b4c-5d")
                .doesNotContain("tap3f2a1b4c-5d");
        assertThat(ovs.vsctl("get", "Interface", "qvo3f2a1b4c-5d", "external_ids"))
                .contains("iface-id=\"" + PORT1 + "\"")
                .contains("attached-mac=\"fa:16:3e:00:00:01\"");
        assertThat(onHost("ip", "link", "show", "qvo3f2a1b4c-5d")).contains("mtu 1450");
        assertThat(onHost("ethtool", "-k", "qvb3f2a1b4c-5d")).contains("tx-checksumming: off");
        assertThat(inVm1("ethtool", "-k", "eth0")).contains("tx-checksumming: on");
    }

    @Test
    void vmsPluggedDirectlyAndHybridTalkTcpThroughBrInt() {
        plugger.plug(
                new VifPort(PORT1, "fa:16:3e:00:00:01", 1500, "vm-1", false),
                Guest.namespace(VM1, "eth0"));
        plugger.plug(
                new VifPort(PORT2, "fa:16:3e:00:00:02", 1500, "vm-2", true),
                Guest.namespace(VM2, "eth0"));
        Command.of("ip", "-n", VM1, "addr", "add", "10.99.0.1/24", "dev", "eth0").run();
        Command.of("ip", "-n", VM2, "addr", "add", "10.99.0.2/24", "dev", "eth0").run();

        // TCP, not only ping: a checksum left to offload would let ping through and stall TCP.
        String received =
                Command.of(
                                "ip",
                                "netns",
                                "exec",
                                VM2,
                                "sh",
                                "-c",
                                "nc -l 10.99.0.2 5001 > /dev/null & sleep 0.5;"
                                        + " ip netns exec "
                                        + VM1
                                        + " sh -c 'head -c 2000000"
                                        + " /dev/zero | nc -N -w 5 10.99.0.2 5001' && echo sent;"
                                        + " wait")
                        .run();
        assertThat(received).contains("sent");
    }

    @Test
    void plugTwiceLeavesOnePort() {
        VifPort port = new VifPort(PORT1, "fa:16:3e:00:00:01", 1500, "vm-1", true);

        plugger.plug(port, Guest.namespace(VM1, "eth0"));
        plugger.plug(port, Guest.namespace(VM1, "eth0"));

        assertThat(ovs.vsctl("list-ports", "br-int").lines()).containsExactly("qvo3f2a1b4c-5d");
    }

    @Test
    void unplugRemovesEveryDeviceOfThePort() {
        plugger.plug(
                new VifPort(PORT1, "fa:16:3e:00:00:01", 1500, "vm-1", true),
                Guest.namespace(VM1, "eth0"));

        plugger.unplug(PORT1);

        assertThat(ovs.vsctl("list-ports", "br-int")).isBlank();
        assertThat(onHost("ip", "-o", "link", "show"))
                .doesNotContain(
                        "tap3f2a1b4c-5d", "qbr3f2a1b4c-5d", "qvb3f2a1b4c-5d", "qvo3f2a1b4c-5d");
        assertThat(inVm1("ip", "-o", "link", "show")).doesNotContain("eth0");
    }

    @Test
    void hypervisorGuestGetsAPersistentTap() {
        plugger.plug(new VifPort(PORT1, "fa:16:3e:00:00:01", 1500, "vm-1", false), Guest.tap());

        assertThat(onHost("ip", "-d", "link", "show", "tap3f2a1b4c-5d")).contains("tun type tap");
        assertThat(ovs.vsctl("list-ports", "br-int")).contains("tap3f2a1b4c-5d");

        plugger.unplug(PORT1);
        assertThat(onHost("ip", "-o", "link", "show")).doesNotContain("tap3f2a1b4c-5d");
    }

    private static String onHost(String... argv) {
        return Command.of(argv).in(HOST_PLACE).run();
    }

    private static String inVm1(String... argv) {
        return Command.of(argv).in(Placement.netns(VM1)).run();
    }
}
