package org.weft.agent.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.agent.vif.VifPort;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.linux.Command;

/**
 * The agent on one real userspace switch, with a real server and VMs as namespaces: wiring, local
 * switching, isolation, anti-spoofing, port deletion, a VLAN provider network through a mapped
 * bridge, restarts of the agent and of ovs-vswitchd, and the refusals at start.
 */
class OvsAgentTest {
    private static final String SERVER =
            """
            [ml2]
            tenant_network_types = local
            [ml2_type_vlan]
            network_vlan_ranges = physnet1
            """;

    @TempDir static Path dataDir;
    static SingleHost host;

    @BeforeAll
    static void start() {
        host =
                SingleHost.create(
                        "agent", SERVER, "[ovs]\nbridge_mappings = physnet1:br-vlan\n", dataDir);
        host.ovs.addBridge("br-vlan");
        host.startAgent();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void vmsOfOneNetworkReachEachOtherOnceTheirPortsAreActive() {
        String network = host.network("{\"name\": \"local\"}");
        host.subnet(network, "10.1.0.0/24");
        JsonNode a = host.port(network, "10.1.0.11");
        JsonNode b = host.port(network, "10.1.0.12");

        String vmA = host.vm("a", a, "/24");
        host.vm("b", b, "/24");
        host.awaitStatus(a, "ACTIVE");
        host.awaitStatus(b, "ACTIVE");

        assertThat(host.reaches(vmA, "10.1.0.12")).isTrue();
    }

    @Test
    void networksWithTheSameAddressesStayApart() {
        String first = host.network("{\"name\": \"tenant-1\"}");
        String second = host.network("{\"name\": \"tenant-2\"}");
        host.subnet(first, "10.2.0.0/24");
        host.subnet(second, "10.2.0.0/24");
        JsonNode one = host.port(first, "10.2.0.5");
        JsonNode peer = host.port(first, "10.2.0.6");
        JsonNode other = host.port(second, "10.2.0.7");
        String vmOne = host.vm("iso1", one, "/24");
        host.vm("iso2", peer, "/24");
        host.vm("iso3", other, "/24");
        host.awaitStatus(other, "ACTIVE");
        host.awaitStatus(peer, "ACTIVE");

        assertThat(host.reaches(vmOne, "10.2.0.6")).isTrue();
        assertThat(host.pings(vmOne, "10.2.0.7")).isFalse();
    }

    @Test
    void vmThatChangesItsAddressOrMacIsCutOff() {
        String network = host.network("{\"name\": \"spoof\"}");
        host.subnet(network, "10.3.0.0/24");
        JsonNode honest = host.port(network, "10.3.0.10");
        JsonNode liar = host.port(network, "10.3.0.20");
        String vmHonest = host.vm("honest", honest, "/24");
        String vmLiar = host.vm("liar", liar, "/24");
        host.awaitStatus(liar, "ACTIVE");
        host.awaitStatus(honest, "ACTIVE");
        assertThat(host.reaches(vmLiar, "10.3.0.10")).isTrue();

        SingleHost.run(vmLiar, "ip", "addr", "flush", "dev", "eth0");
        SingleHost.run(vmLiar, "ip", "addr", "add", "10.3.0.21/24", "dev", "eth0");
        SingleHost.run(vmHonest, "ip", "neigh", "flush", "all");
        assertThat(host.pings(vmLiar, "10.3.0.10")).isFalse();

        SingleHost.run(vmLiar, "ip", "addr", "flush", "dev", "eth0");
        SingleHost.run(vmLiar, "ip", "addr", "add", "10.3.0.20/24", "dev", "eth0");
        assertThat(host.reaches(vmLiar, "10.3.0.10")).isTrue();
        SingleHost.run(vmLiar, "ip", "link", "set", "eth0", "address", "fa:16:3e:66:66:66");
        SingleHost.run(vmHonest, "ip", "neigh", "flush", "all");
        assertThat(host.pings(vmLiar, "10.3.0.10")).isFalse();
    }

    @Test
    void deletedPortCutsItsVmOffAndLeavesNoFlow() {
        String network = host.network("{\"name\": \"deleted\"}");
        host.subnet(network, "10.4.0.0/24");
        JsonNode kept = host.port(network, "10.4.0.10");
        JsonNode gone = host.port(network, "10.4.0.20");
        host.vm("kept", kept, "/24");
        String vmGone = host.vm("gone", gone, "/24");
        host.awaitStatus(gone, "ACTIVE");
        host.awaitStatus(kept, "ACTIVE");
        assertThat(host.reaches(vmGone, "10.4.0.10")).isTrue();
        String ofport = host.ovs.vsctl("get", "Interface", tap(gone), "ofport").strip();
        assertThat(host.flows("br-int")).containsPattern("in_port=" + ofport + "[ ,]");

        host.admin.delete("/v2.0/ports/" + gone.path("id").asText());

        SingleHost.await(
                "port flows removed",
                () ->
                        !java.util.regex.Pattern.compile("in_port=" + ofport + "[ ,]")
                                .matcher(host.flows("br-int"))
                                .find());
        assertThat(host.pings(vmGone, "10.4.0.10")).isFalse();
    }

    @Test
    void unpluggedPortGoesDown() {
        String network = host.network("{\"name\": \"unplug\"}");
        JsonNode port = host.port(network, null);
        host.vm("unplug", port, "/32");
        host.awaitStatus(port, "ACTIVE");

        host.unplug(port);

        host.awaitStatus(port, "DOWN");
    }

    @Test
    void vlanProviderNetworkReachesATaggedPeerBehindTheMappedBridge() {
        String network =
                host.network(
                        "{\"name\": \"provider\", \"provider:network_type\": \"vlan\","
                                + " \"provider:physical_network\": \"physnet1\","
                                + " \"provider:segmentation_id\": 300}");
        host.subnet(network, "10.5.0.0/24");
        JsonNode port = host.port(network, "10.5.0.10");
        String vm = host.vm("vlan", port, "/24");
        String peer = taggedPeer("10.5.0.99/24", 300);
        host.awaitStatus(port, "ACTIVE");

        assertThat(host.reaches(vm, "10.5.0.99")).isTrue();
        assertThat(host.flows("br-vlan")).contains("set_field:4396->vlan_vid");
        assertThat(SingleHost.run(peer, "ip", "-s", "link", "show", "eth0")).isNotBlank();
    }

    @Test
    void restartedAgentCorrectsAnAlteredFlowAndRemovesForeignOnesLeavingTheRest() {
        String network = host.network("{\"name\": \"restart\"}");
        host.subnet(network, "10.6.0.0/24");
        JsonNode a = host.port(network, "10.6.0.10");
        JsonNode b = host.port(network, "10.6.0.20");
        String vmA = host.vm("ra", a, "/24");
        host.vm("rb", b, "/24");
        host.awaitStatus(a, "ACTIVE");
        host.awaitStatus(b, "ACTIVE");
        assertThat(host.reaches(vmA, "10.6.0.20")).isTrue();
        String ofport = host.ovs.vsctl("get", "Interface", tap(a), "ofport").strip();
        String classify = "priority=100,in_port=" + ofport + " ";
        double ageBefore = duration(host.flows("br-int"), classify);
        long stopped = System.nanoTime();

        host.stopAgent();
        host.ovs.ofctl("-O", "OpenFlow14", "mod-flows", "br-int", "table=60,actions=drop");
        host.ovs.ofctl("-O", "OpenFlow14", "add-flow", "br-int", "table=3,priority=7,actions=drop");
        assertThat(host.pings(vmA, "10.6.0.20")).isFalse();
        host.startAgent();

        String after = host.flows("br-int");
        assertThat(after).doesNotContain("table=3,");
        assertThat(after.lines().filter(line -> line.contains("table=60,")))
                .allMatch(line -> line.endsWith("actions=NORMAL"));
        assertThat(host.reaches(vmA, "10.6.0.20")).isTrue();
        double elapsed = (System.nanoTime() - stopped) / 1e9;
        assertThat(duration(after, classify))
                .as("age of an untouched flow")
                .isGreaterThanOrEqualTo(ageBefore + elapsed - 0.5);
    }

    @Test
    void restartedSwitchGetsItsFlowsBackWithoutRestartingTheAgent() {
        String network = host.network("{\"name\": \"vswitchd\"}");
        host.subnet(network, "10.7.0.0/24");
        JsonNode a = host.port(network, "10.7.0.10");
        JsonNode b = host.port(network, "10.7.0.20");
        String vmA = host.vm("sa", a, "/24");
        host.vm("sb", b, "/24");
        host.awaitStatus(b, "ACTIVE");
        host.awaitStatus(a, "ACTIVE");
        assertThat(host.reaches(vmA, "10.7.0.20")).isTrue();

        host.ovs.restartSwitchDaemon();

        SingleHost.await("flows back", () -> host.flows("br-int").contains("table=24"));
        assertThat(host.reaches(vmA, "10.7.0.20")).isTrue();
    }

    @Test
    void kernelDatapathIsRefusedWithoutItsModule() {
        AgentSettings settings =
                AgentSettings.from(host.agentConfig("[ovs]\ndatapath_type = system\n"));

        assertThatThrownBy(
                        () ->
                                OvsAgent.start(
                                        settings, host.bus, FirewallDriver.NOOP, host.placement()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("datapath_type system")
                .hasMessageContaining("modprobe openvswitch");
    }

    @Test
    void tunnelsWhoseLocalIpIsOnNoBridgeAreRefusedOnTheUserspaceDatapath() {
        AgentSettings settings =
                AgentSettings.from(
                        host.agentConfig(
                                "[OVS]\nenable_tunneling = True\ntenant_network_type = gre\n"
                                        + "local_ip = 10.20.20.99\n"));

        assertThatThrownBy(
                        () ->
                                OvsAgent.start(
                                        settings, host.bus, FirewallDriver.NOOP, host.placement()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("local_ip 10.20.20.99 is not on an Open vSwitch bridge");
    }

    @Test
    void missingMappedBridgeIsRefused() {
        AgentSettings settings =
                AgentSettings.from(
                        host.agentConfig("[ovs]\nbridge_mappings = physnet9:br-nowhere\n"));

        assertThatThrownBy(
                        () ->
                                OvsAgent.start(
                                        settings, host.bus, FirewallDriver.NOOP, host.placement()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining(
                        "Bridge br-nowhere for physical network physnet9 does not exist");
    }

    /**
     * A peer on VLAN {@code vlan} of the physical network: a namespace whose interface is an access
     * port of that VLAN on the mapped bridge, so its frames are tagged on the bridge (this kernel
     * has no 8021q module for a VLAN device).
     */
    private static String taggedPeer(String cidr, int vlan) {
        String peer = host.namespace("peer");
        host.ovs.vsctl("--if-exists", "del-port", "br-vlan", "wl2peer");
        Command.of(
                        "ip", "link", "add", "wl2peer", "type", "veth", "peer", "name", "eth0",
                        "netns", peer)
                .in(host.placement())
                .run();
        Command.of("ip", "link", "set", "wl2peer", "up").in(host.placement()).run();
        SingleHost.run(peer, "ethtool", "-K", "eth0", "tx", "off");
        SingleHost.run(peer, "ip", "addr", "add", cidr, "dev", "eth0");
        SingleHost.run(peer, "ip", "link", "set", "eth0", "up");
        host.ovs.vsctl("add-port", "br-vlan", "wl2peer", "tag=" + vlan);
        return peer;
    }

    private static String tap(JsonNode port) {
        return new VifPort(
                        port.path("id").asText(),
                        port.path("mac_address").asText(),
                        1500,
                        "vm",
                        false)
                .tapName();
    }

    /** The age in seconds of the one flow of {@code dump} whose line contains {@code text}. */
    private static double duration(String dump, String text) {
        String line =
                dump.lines()
                        .filter(flow -> flow.contains(text))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no flow with " + text + " in " + dump));
        java.util.regex.Matcher age =
                java.util.regex.Pattern.compile("duration=([0-9.]+)s").matcher(line);
        assertThat(age.find()).isTrue();
        return Double.parseDouble(age.group(1));
    }
}
