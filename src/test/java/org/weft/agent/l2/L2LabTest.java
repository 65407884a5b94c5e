package org.weft.agent.l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.L2Lab.Counters;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Vm;

/**
 * The agents on the lab, end to end: the guide's configuration on every host (GRE tenant networks),
 * RabbitMQ between the server and the agents, each host's own userspace switch, VMs plugged by
 * {@code weft vif plug}'s code. Every crossing of the data network is proved by the counters of the
 * tunnel ports at both ends, not only by the ping's answer.
 */
@Tag("lab")
class L2LabTest {
    // Tunnel ports are named by the peer's address: compute1 is 10.20.20.53, compute2 .54, the
    // network node .52.
    private static final String GRE_TO_COMPUTE1 = "gre-0a141435";
    private static final String GRE_TO_COMPUTE2 = "gre-0a141436";
    private static final String GRE_TO_NETWORK = "gre-0a141434";
    private static final String VXLAN_TO_COMPUTE1 = "vxlan-0a141435";
    private static final String VXLAN_TO_COMPUTE2 = "vxlan-0a141436";

    static L2Lab lab;

    @BeforeAll
    static void up() {
        lab = L2Lab.up(2);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void vmsOnTwoComputeNodesPingEachOtherOverGre() {
        String network = lab.network("{\"name\": \"gre\"}");
        lab.subnet(network, "10.11.0.0/24");
        JsonNode one = lab.port(network, "compute1", "10.11.0.11");
        JsonNode two = lab.port(network, "compute2", "10.11.0.12");
        Vm first = lab.vm("gre1", "compute1", one);
        lab.vm("gre2", "compute2", two);
        lab.awaitActive(one, two);
        assertThat(L2Lab.reaches(first, "10.11.0.12")).isTrue();

        assertCrossing(
                "compute1", GRE_TO_COMPUTE2, "compute2", GRE_TO_COMPUTE1, first, "10.11.0.12");
    }

    @Test
    void vmsOnTwoComputeNodesPingEachOtherOverVxlan() {
        String network =
                lab.network(
                        "{\"name\": \"vxlan\", \"provider:network_type\": \"vxlan\","
                                + " \"provider:segmentation_id\": 4242}");
        lab.subnet(network, "10.12.0.0/24");
        JsonNode one = lab.port(network, "compute1", "10.12.0.11");
        JsonNode two = lab.port(network, "compute2", "10.12.0.12");
        Vm first = lab.vm("vx1", "compute1", one);
        lab.vm("vx2", "compute2", two);
        lab.awaitActive(one, two);
        assertThat(L2Lab.reaches(first, "10.12.0.12")).isTrue();

        assertCrossing(
                "compute1", VXLAN_TO_COMPUTE2, "compute2", VXLAN_TO_COMPUTE1, first, "10.12.0.12");
    }

    @Test
    void vmOnAComputeNodeReachesAPortOnTheNetworkNode() {
        String network = lab.network("{\"name\": \"to-network\"}");
        lab.subnet(network, "10.13.0.0/24");
        JsonNode vmPort = lab.port(network, "compute1", "10.13.0.11");
        JsonNode nodePort = lab.port(network, "network", "10.13.0.2");
        Vm vm = lab.vm("tonet", "compute1", vmPort);
        lab.vm("onnet", "network", nodePort);
        lab.awaitActive(vmPort, nodePort);
        assertThat(L2Lab.reaches(vm, "10.13.0.2")).isTrue();

        assertCrossing("compute1", GRE_TO_NETWORK, "network", GRE_TO_COMPUTE1, vm, "10.13.0.2");
    }

    @Test
    void vmOnAComputeNodeTakesItsAddressFromTheDhcpAgentOnTheNetworkNode() {
        String network = lab.network("{\"name\": \"dhcp\"}");
        lab.subnet(network, "10.17.0.0/24", true);
        JsonNode port = lab.port(network, "compute1", null);

        lab.lab.createVm(
                org.weft.lab.VmSpec.of("dhcp1", "compute1", port.path("id").asText()).withDhcp());
        java.util.Map<String, String> lease = lab.lab.awaitLease("dhcp1", L2Lab.WAIT);

        assertThat(lease)
                .containsEntry("ip", port.at("/fixed_ips/0/ip_address").asText())
                .containsEntry("mtu", "1458");
    }

    @Test
    void projectsUsingTheSameCidrStayIsolated() {
        String mine = lab.network("{\"name\": \"mine\", \"tenant_id\": \"project-a\"}");
        String theirs = lab.network("{\"name\": \"theirs\", \"tenant_id\": \"project-b\"}");
        lab.subnet(mine, "10.14.0.0/24");
        lab.subnet(theirs, "10.14.0.0/24");
        JsonNode me = lab.port(mine, "compute1", "10.14.0.5");
        JsonNode myPeer = lab.port(mine, "compute2", "10.14.0.6");
        JsonNode stranger = lab.port(theirs, "compute2", "10.14.0.7");
        JsonNode strangerTwin = lab.port(theirs, "compute2", "10.14.0.5");
        Vm vm = lab.vm("mine1", "compute1", me);
        lab.vm("mine2", "compute2", myPeer);
        lab.vm("theirs1", "compute2", stranger);
        Vm twin = lab.vm("theirs2", "compute2", strangerTwin);
        lab.awaitActive(me, myPeer, stranger, strangerTwin);

        assertThat(L2Lab.reaches(vm, "10.14.0.6")).isTrue();
        assertThat(L2Lab.pings(vm, "10.14.0.7", 3)).isFalse();
        assertThat(L2Lab.reaches(twin, "10.14.0.7")).isTrue();
    }

    @Test
    void continuousPingAcrossNodesLosesNoPacketWhileTheAgentRestarts() throws Exception {
        String network = lab.network("{\"name\": \"restart\"}");
        lab.subnet(network, "10.15.0.0/24");
        JsonNode one = lab.port(network, "compute1", "10.15.0.11");
        JsonNode two = lab.port(network, "compute2", "10.15.0.12");
        Vm first = lab.vm("rs1", "compute1", one);
        lab.vm("rs2", "compute2", two);
        lab.awaitActive(one, two);
        assertThat(L2Lab.reaches(first, "10.15.0.12")).isTrue();
        int resyncs = lab.resyncs("compute1");

        CompletableFuture<Command.Result> ping =
                CompletableFuture.supplyAsync(
                        () ->
                                Command.of(
                                                "ping",
                                                "-c",
                                                "200",
                                                "-i",
                                                "0.1",
                                                "-W",
                                                "1",
                                                "10.15.0.12")
                                        .in(first.placement())
                                        .withTimeout(java.time.Duration.ofSeconds(60))
                                        .execute());
        lab.lab.stop("compute1");
        lab.lab.start("compute1");
        L2Lab.await("agent of compute1 resynced", () -> lab.resyncs("compute1") > resyncs);
        String summary = ping.get().stdout();

        Matcher counts =
                Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(summary);
        assertThat(counts.find()).as(summary).isTrue();
        assertThat(counts.group(2)).as(summary).isEqualTo(counts.group(1));
    }

    @Test
    void restartedAgentCorrectsAlteredFlowsAndRemovesForeignFlowsAndStaleTunnels() {
        String network = lab.network("{\"name\": \"stale\"}");
        lab.subnet(network, "10.16.0.0/24");
        JsonNode one = lab.port(network, "compute1", "10.16.0.11");
        JsonNode two = lab.port(network, "compute2", "10.16.0.12");
        Vm first = lab.vm("st1", "compute1", one);
        lab.vm("st2", "compute2", two);
        lab.awaitActive(one, two);
        assertThat(L2Lab.reaches(first, "10.16.0.12")).isTrue();
        int resyncs = lab.resyncs("compute1");
        var ovs = lab.lab.switchOf("compute1");

        lab.lab.stop("compute1");
        ovs.ofctl("-O", "OpenFlow14", "mod-flows", "br-tun", "table=22,actions=drop");
        ovs.ofctl(
                "-O",
                "OpenFlow14",
                "add-flow",
                "br-tun",
                "table=0,priority=9,in_port=1,actions=drop");
        ovs.vsctl(
                "add-port",
                "br-tun",
                "gre-0a1414fe",
                "--",
                "set",
                "Interface",
                "gre-0a1414fe",
                "type=gre",
                "options:remote_ip=10.20.20.254",
                "options:key=flow");
        ovs.vsctl(
                "add-port",
                "br-tun",
                "gre-1",
                "--",
                "set",
                "Interface",
                "gre-1",
                "type=gre",
                "options:remote_ip=10.20.20.253",
                "options:in_key=flow",
                "options:out_key=flow");
        lab.lab.start("compute1");
        L2Lab.await("agent of compute1 resynced", () -> lab.resyncs("compute1") > resyncs);

        assertThat(ovs.vsctl("list-ports", "br-tun").lines())
                .doesNotContain("gre-0a1414fe", "gre-1")
                .contains(GRE_TO_COMPUTE2);
        String flows = lab.flows("compute1", "br-tun");
        assertThat(flows).doesNotContain("priority=9");
        assertThat(
                        flows.lines()
                                .filter(
                                        line ->
                                                line.contains("table=22,")
                                                        && line.contains("dl_vlan=")))
                .allMatch(line -> line.contains("output:"));
        assertThat(L2Lab.reaches(first, "10.16.0.12")).isTrue();
    }

    @Test
    void vmThatChangesItsAddressOrMacIsCutOffFromTheOtherNode() {
        String network = lab.network("{\"name\": \"spoof\"}");
        lab.subnet(network, "10.21.0.0/24");
        JsonNode honest = lab.port(network, "compute2", "10.21.0.10");
        JsonNode liar = lab.port(network, "compute1", "10.21.0.20");
        Vm vmHonest = lab.vm("honest", "compute2", honest);
        Vm vmLiar = lab.vm("liar", "compute1", liar);
        lab.awaitActive(honest, liar);
        assertThat(L2Lab.reaches(vmLiar, "10.21.0.10")).isTrue();

        L2Lab.in(vmLiar, "ip", "addr", "flush", "dev", vmLiar.device());
        L2Lab.in(vmLiar, "ip", "addr", "add", "10.21.0.21/24", "dev", vmLiar.device());
        L2Lab.in(vmHonest, "ip", "neigh", "flush", "all");
        assertThat(L2Lab.pings(vmLiar, "10.21.0.10", 3)).isFalse();

        L2Lab.in(vmLiar, "ip", "addr", "flush", "dev", vmLiar.device());
        L2Lab.in(vmLiar, "ip", "addr", "add", "10.21.0.20/24", "dev", vmLiar.device());
        assertThat(L2Lab.reaches(vmLiar, "10.21.0.10")).isTrue();
        L2Lab.in(vmLiar, "ip", "link", "set", vmLiar.device(), "address", "fa:16:3e:66:66:66");
        L2Lab.in(vmHonest, "ip", "neigh", "flush", "all");
        assertThat(L2Lab.pings(vmLiar, "10.21.0.10", 3)).isFalse();
    }

    @Test
    void deletedPortCutsItsVmOffFromTheOtherNode() {
        String network = lab.network("{\"name\": \"deleted\"}");
        lab.subnet(network, "10.22.0.0/24");
        JsonNode kept = lab.port(network, "compute2", "10.22.0.10");
        JsonNode gone = lab.port(network, "compute1", "10.22.0.20");
        lab.vm("kept", "compute2", kept);
        Vm vmGone = lab.vm("gone", "compute1", gone);
        lab.awaitActive(kept, gone);
        assertThat(L2Lab.reaches(vmGone, "10.22.0.10")).isTrue();
        String ofport =
                lab.lab
                        .switchOf("compute1")
                        .vsctl(
                                "--bare",
                                "--columns=ofport",
                                "find",
                                "Interface",
                                "external_ids:iface-id=" + gone.path("id").asText())
                        .strip();
        Pattern portFlows = Pattern.compile("in_port=" + ofport + "[ ,]");
        assertThat(lab.flows("compute1", "br-int")).containsPattern(portFlows);

        lab.api("DELETE", "/v2.0/ports/" + gone.path("id").asText(), null);

        L2Lab.await(
                "flows of the deleted port removed",
                () -> !portFlows.matcher(lab.flows("compute1", "br-int")).find());
        assertThat(L2Lab.pings(vmGone, "10.22.0.10", 3)).isFalse();
    }

    @Test
    void vlanProviderNetworkReachesATaggedPeerBehindTheMappedBridge() {
        String network =
                lab.network(
                        "{\"name\": \"vlan101\", \"provider:network_type\": \"vlan\","
                                + " \"provider:physical_network\": \"physnet1\","
                                + " \"provider:segmentation_id\": 101}");
        lab.subnet(network, "10.19.0.0/24");
        JsonNode port = lab.port(network, "compute1", "10.19.0.11");
        Vm vm = lab.vm("vlan1", "compute1", port);
        lab.awaitActive(port);
        // This kernel has no 8021q module: the peer's frames are tagged by its OVS port.
        lab.lab.exec("compute1", "ip", "netns", "add", "vlanpeer");
        try {
            peerBehindTaggedPort("compute1", "vlanpeer", "10.19.0.99/24", 101);
            Counters before = lab.counters("compute1", "br-vlan", "vpeer0");

            assertThat(L2Lab.reaches(vm, "10.19.0.99")).isTrue();
            assertThat(L2Lab.pings(vm, "10.19.0.99", 5)).isTrue();

            L2Lab.await(
                    "the peer's port counted the pings",
                    () ->
                            lab.counters("compute1", "br-vlan", "vpeer0").received()
                                            - before.received()
                                    >= 5);
        } finally {
            lab.lab.exec("compute1", "ovs-vsctl", "--if-exists", "del-port", "br-vlan", "vpeer0");
            lab.lab.exec("compute1", "ip", "link", "del", "vpeer0");
            lab.lab.exec("compute1", "ip", "netns", "del", "vlanpeer");
        }
    }

    @Test
    void restartedSwitchCarriesTrafficAcrossNodesAgainWithoutRestartingTheAgent() {
        String network = lab.network("{\"name\": \"vswitchd\"}");
        lab.subnet(network, "10.18.0.0/24");
        JsonNode one = lab.port(network, "compute1", "10.18.0.11");
        JsonNode two = lab.port(network, "compute2", "10.18.0.12");
        Vm first = lab.vm("vsd1", "compute1", one);
        lab.vm("vsd2", "compute2", two);
        lab.awaitActive(one, two);
        assertThat(L2Lab.reaches(first, "10.18.0.12")).isTrue();

        lab.lab.restartSwitchDaemon("compute1");

        L2Lab.await("vsd1 reaches vsd2 again", () -> L2Lab.reaches(first, "10.18.0.12"));
        assertCrossing(
                "compute1", GRE_TO_COMPUTE2, "compute2", GRE_TO_COMPUTE1, first, "10.18.0.12");
    }

    /** A namespace on {@code host} whose untagged frames its OVS access port on br-vlan tags. */
    private static void peerBehindTaggedPort(
            String host, String namespace, String address, int vlan) {
        lab.lab.exec(host, "ip", "link", "add", "vpeer0", "type", "veth", "peer", "name", "vpeer1");
        lab.lab.exec(host, "ip", "link", "set", "vpeer1", "netns", namespace);
        lab.lab.exec(host, "ip", "link", "set", "vpeer0", "up");
        lab.lab.exec(host, "ethtool", "-K", "vpeer0", "tx", "off");
        lab.lab.exec(
                host, "ip", "netns", "exec", namespace, "ip", "addr", "add", address, "dev",
                "vpeer1");
        lab.lab.exec(host, "ip", "netns", "exec", namespace, "ip", "link", "set", "vpeer1", "up");
        lab.lab.exec(
                host, "ip", "netns", "exec", namespace, "ethtool", "-K", "vpeer1", "tx", "off");
        assertThat(
                        lab.lab
                                .exec(
                                        host,
                                        "ovs-vsctl",
                                        "add-port",
                                        "br-vlan",
                                        "vpeer0",
                                        "tag=" + vlan)
                                .succeeded())
                .isTrue();
    }

    /**
     * Pings {@code address} from {@code vm} and checks that the tunnel port at each end counted at
     * least as many packets each way.
     */
    private static void assertCrossing(
            String here, String portHere, String there, String portThere, Vm vm, String address) {
        Counters hereBefore = lab.counters(here, "br-tun", portHere);
        Counters thereBefore = lab.counters(there, "br-tun", portThere);

        assertThat(L2Lab.pings(vm, address, 10)).isTrue();

        // The switches count tunnel packets as their datapath flows are revalidated, a moment
        // after the packets pass.
        L2Lab.await(
                "10 packets each way counted on "
                        + portHere
                        + " of "
                        + here
                        + " and "
                        + portThere
                        + " of "
                        + there,
                () -> {
                    Counters hereAfter = lab.counters(here, "br-tun", portHere);
                    Counters thereAfter = lab.counters(there, "br-tun", portThere);
                    return hereAfter.sent() - hereBefore.sent() >= 10
                            && hereAfter.received() - hereBefore.received() >= 10
                            && thereAfter.sent() - thereBefore.sent() >= 10
                            && thereAfter.received() - thereBefore.received() >= 10;
                });
    }
}
