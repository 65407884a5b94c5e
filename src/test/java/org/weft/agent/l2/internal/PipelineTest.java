package org.weft.agent.l2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l2.IntegrationTables.ACCEPTED;
import static org.weft.agent.l2.IntegrationTables.CLASSIFY;
import static org.weft.agent.l2.IntegrationTables.SPOOF;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.IntegrationTables;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.Field;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowKey;
import org.weft.dataplane.openflow.Match;
import org.weft.dataplane.openflow.OfPort;
import org.weft.dataplane.ovsdb.TunnelType;

class PipelineTest {
    private static final String MAC = "fa:16:3e:00:00:01";
    private static final LocalNetwork GRE_NET =
            new LocalNetwork("net-gre", "gre", Optional.empty(), Optional.of(77), 1);
    private static final LocalNetwork VXLAN_NET =
            new LocalNetwork("net-vxlan", "vxlan", Optional.empty(), Optional.of(5000), 2);
    private static final LocalNetwork VLAN_NET =
            new LocalNetwork("net-vlan", "vlan", Optional.of("physnet1"), Optional.of(100), 3);
    private static final LocalNetwork FLAT_NET =
            new LocalNetwork("net-flat", "flat", Optional.of("physnet1"), Optional.empty(), 4);
    private static final PhysicalBridge BR_VLAN =
            new PhysicalBridge("physnet1", "br-vlan", "int-br-vlan", "phy-br-vlan", 40, 1);
    private static final TunnelPeer GRE_TO_C2 =
            new TunnelPeer(TunnelType.GRE, "10.20.20.54", "compute2", "gre-0a141436", 11);
    private static final TunnelPeer GRE_TO_NET =
            new TunnelPeer(TunnelType.GRE, "10.20.20.52", "network", "gre-0a141434", 12);
    private static final TunnelPeer VXLAN_TO_C2 =
            new TunnelPeer(TunnelType.VXLAN, "10.20.20.54", "compute2", "vxlan-0a141436", 13);

    @Test
    void portWithPortSecurityIsClassifiedIntoTheSpoofTable() {
        List<Flow> flows = integration(List.of(port(5, "net-gre", 1, true, "compute:nova")));

        assertThat(flow(flows, CLASSIFY, Match.builder().inPort(OfPort.of(5)).build()).gotoTable())
                .hasValue(SPOOF);
        assertThat(spoofMatches(flows, 5))
                .anySatisfy(
                        match ->
                                assertThat(match.toString())
                                        .contains("ipv4_src=0x0a000005")
                                        .contains("eth_src=0xfa163e000001"))
                .anySatisfy(
                        match ->
                                assertThat(match.toString())
                                        .contains("arp_spa=0x0a000005")
                                        .contains("arp_sha=0xfa163e000001"))
                .anySatisfy(
                        match ->
                                assertThat(match.toString())
                                        .contains("ipv4_src=0x00000000")
                                        .contains("udp_dst=0x0043"))
                .anySatisfy(match -> assertThat(match.toString()).contains("ipv6_src=0xfe80"));
        assertThat(flow(flows, SPOOF, Match.all()).actions()).isEmpty();
    }

    @Test
    void networkPortsAndPortsWithoutPortSecurityGoStraightToAccepted() {
        List<Flow> flows =
                integration(
                        List.of(
                                port(6, "net-gre", 1, true, "network:dhcp"),
                                port(7, "net-gre", 1, false, "compute:nova")));

        for (int ofport : List.of(6, 7)) {
            assertThat(
                            flow(flows, CLASSIFY, Match.builder().inPort(OfPort.of(ofport)).build())
                                    .gotoTable())
                    .hasValue(ACCEPTED);
            assertThat(spoofMatches(flows, ofport)).isEmpty();
        }
    }

    @Test
    void allowedAddressPairIsAcceptedFromItsOwnMacWithItsPrefix() {
        WiredPort port =
                new WiredPort(
                        "p1",
                        "tap1",
                        5,
                        "net-gre",
                        1,
                        MAC,
                        List.of(new FixedIp("s1", "10.0.0.5")),
                        List.of(new AllowedAddressPair("10.9.0.0/16", "fa:16:3e:99:99:99")),
                        true,
                        List.of(),
                        "compute:nova");

        assertThat(spoofMatches(integration(List.of(port)), 5))
                .anySatisfy(
                        match ->
                                assertThat(match.toString())
                                        .contains("ipv4_src=0x0a090000/0xffff0000")
                                        .contains("eth_src=0xfa163e999999"));
    }

    @Test
    void unknownPortsAndOtherVlansOfThePhysicalBridgeAreDroppedAtClassification() {
        List<Flow> flows = integration(List.of());

        assertThat(flow(flows, CLASSIFY, Match.all()).actions()).isEmpty();
        assertThat(flow(flows, ACCEPTED, Match.all()).actions()).containsExactly(Action.normal());
    }

    @Test
    void floodGoesOnlyToTheHostsOfTheNetworkOverTunnelsOfItsType() {
        SwitchState state =
                state(
                        List.of(
                                port(5, "net-gre", 1, true, "compute:nova"),
                                port(6, "net-vxlan", 2, true, "compute:nova")),
                        Map.of(
                                "net-gre",
                                Set.of("compute1", "compute2"),
                                "net-vxlan",
                                Set.of("compute1", "compute2")));

        List<Flow> flows = Pipeline.tunnel(state, "compute1");

        assertThat(flow(flows, Pipeline.FLOOD, Match.builder().vlanVid(1).build()).actions())
                .containsExactly(
                        Action.popVlan(), Action.setTunnelId(77), Action.output(OfPort.of(11)));
        assertThat(flow(flows, Pipeline.FLOOD, Match.builder().vlanVid(2).build()).actions())
                .containsExactly(
                        Action.popVlan(), Action.setTunnelId(5000), Action.output(OfPort.of(13)));
        assertThat(flow(flows, Pipeline.FROM_GRE, Match.builder().tunnelId(77).build()).actions())
                .containsExactly(Action.pushVlan(), Action.setVlanVid(1));
        assertThat(
                        flow(
                                        flows,
                                        Pipeline.TUNNEL_CLASSIFY,
                                        Match.builder().inPort(OfPort.of(13)).build())
                                .gotoTable())
                .hasValue(Pipeline.FROM_VXLAN);
    }

    @Test
    void networkNoOtherHostReachesFloodsNowhere() {
        SwitchState state =
                state(
                        List.of(port(5, "net-gre", 1, true, "compute:nova")),
                        Map.of("net-gre", Set.of("compute1")));

        assertThat(Pipeline.tunnel(state, "compute1"))
                .noneMatch(flow -> flow.table() == Pipeline.FLOOD && flow.priority() > 0);
    }

    @Test
    void vlanNetworkIsTranslatedOnBothSidesOfThePatch() {
        SwitchState state = state(List.of(port(5, "net-vlan", 3, true, "compute:nova")), Map.of());

        Flow in =
                flow(
                        Pipeline.integration(state, List.of()),
                        CLASSIFY,
                        Match.builder().inPort(OfPort.of(40)).vlanVid(100).build());
        Flow out =
                flow(
                        Pipeline.physical(state, BR_VLAN),
                        0,
                        Match.builder().inPort(OfPort.of(1)).vlanVid(3).build());

        assertThat(in.actions()).containsExactly(Action.setVlanVid(3));
        assertThat(in.gotoTable()).hasValue(ACCEPTED);
        assertThat(out.actions()).containsExactly(Action.setVlanVid(100), Action.normal());
    }

    @Test
    void flatNetworkIsTaggedOnTheWayInAndUntaggedOnTheWayOut() {
        SwitchState state = state(List.of(port(5, "net-flat", 4, true, "compute:nova")), Map.of());

        Flow in =
                flow(
                        Pipeline.integration(state, List.of()),
                        CLASSIFY,
                        Match.builder().inPort(OfPort.of(40)).noVlan().build());
        Flow out =
                flow(
                        Pipeline.physical(state, BR_VLAN),
                        0,
                        Match.builder().inPort(OfPort.of(1)).vlanVid(4).build());

        assertThat(in.actions()).containsExactly(Action.pushVlan(), Action.setVlanVid(4));
        assertThat(out.actions()).containsExactly(Action.popVlan(), Action.normal());
    }

    @Test
    void firewallFlowsJoinTheIntegrationBridgeAsGiven() {
        Flow steer =
                Flow.of(ACCEPTED, 10, Match.builder().inPort(OfPort.of(5)).build())
                        .goingTo(IntegrationTables.FIREWALL_FIRST)
                        .withCookie(IntegrationTables.FIREWALL_COOKIE.cookie() | 1);

        List<Flow> flows =
                Pipeline.integration(
                        state(List.of(port(5, "net-gre", 1, true, "compute:nova")), Map.of()),
                        List.of(steer));

        assertThat(flows).contains(steer);
        assertThat(flows)
                .filteredOn(flow -> flow != steer)
                .allMatch(flow -> flow.cookie() == IntegrationTables.AGENT_COOKIE);
    }

    /**
     * Whatever the ports and their order, every wired port has one classification flow, no two
     * flows share a key (the programmer would refuse them), and the flows are the same set.
     */
    @Property(tries = 200)
    void flowsDependOnTheStateOnlyAndNeverShareAKey(
            @ForAll @IntRange(min = 0, max = 12) int portCount, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<WiredPort> ports = new ArrayList<>();
        List<LocalNetwork> nets = List.of(GRE_NET, VXLAN_NET, VLAN_NET, FLAT_NET);
        for (int i = 0; i < portCount; i++) {
            LocalNetwork net = nets.get(random.nextInt(nets.size()));
            String ip = "10.0." + random.nextInt(3) + "." + (1 + random.nextInt(5));
            ports.add(
                    new WiredPort(
                            "port-" + i,
                            "tap" + i,
                            100 + i,
                            net.networkId(),
                            net.localVlan(),
                            String.format("fa:16:3e:00:01:%02x", i),
                            List.of(new FixedIp("s", ip), new FixedIp("s", ip)),
                            random.nextBoolean()
                                    ? List.of(new AllowedAddressPair(ip, null))
                                    : List.of(),
                            random.nextBoolean(),
                            List.of(),
                            random.nextInt(4) == 0 ? "network:router_interface" : "compute:nova"));
        }
        Map<String, Set<String>> hosts =
                Map.of("net-gre", Set.of("compute2", "network"), "net-vxlan", Set.of("compute2"));
        List<WiredPort> shuffled = new ArrayList<>(ports);
        Collections.shuffle(shuffled, random);

        List<Flow> flows = Pipeline.integration(state(ports, hosts), List.of());
        List<Flow> again = Pipeline.integration(state(shuffled, hosts), List.of());
        List<Flow> tunnel = Pipeline.tunnel(state(ports, hosts), "compute1");

        assertThat(new HashSet<>(again)).isEqualTo(new HashSet<>(flows));
        assertThat(keys(flows)).doesNotHaveDuplicates();
        assertThat(keys(tunnel)).doesNotHaveDuplicates();
        for (WiredPort port : ports) {
            assertThat(flows)
                    .filteredOn(
                            flow ->
                                    flow.table() == CLASSIFY
                                            && flow.match()
                                                    .equals(
                                                            Match.builder()
                                                                    .inPort(
                                                                            OfPort.of(
                                                                                    port.ofport()))
                                                                    .build()))
                    .hasSize(1);
        }
    }

    private static List<FlowKey> keys(List<Flow> flows) {
        return flows.stream().map(Flow::key).toList();
    }

    private static List<Flow> integration(List<WiredPort> ports) {
        return Pipeline.integration(state(ports, Map.of()), List.of());
    }

    private static SwitchState state(List<WiredPort> ports, Map<String, Set<String>> hosts) {
        Map<String, LocalNetwork> networks = new LinkedHashMap<>();
        for (LocalNetwork net : List.of(GRE_NET, VXLAN_NET, VLAN_NET, FLAT_NET)) {
            if (ports.stream().anyMatch(port -> port.networkId().equals(net.networkId()))) {
                networks.put(net.networkId(), net);
            }
        }
        return new SwitchState(
                networks,
                ports,
                OptionalInt.of(30),
                OptionalInt.of(10),
                Map.of("physnet1", BR_VLAN),
                List.of(GRE_TO_C2, GRE_TO_NET, VXLAN_TO_C2),
                hosts);
    }

    private static WiredPort port(
            int ofport, String network, int vlan, boolean security, String owner) {
        return new WiredPort(
                "port-" + ofport,
                "tap" + ofport,
                ofport,
                network,
                vlan,
                MAC,
                List.of(new FixedIp("subnet", "10.0.0.5")),
                List.of(),
                security,
                List.of(),
                owner);
    }

    private static Flow flow(List<Flow> flows, int table, Match match) {
        return flows.stream()
                .filter(flow -> flow.table() == table && flow.match().equals(match))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no flow table=" + table + " " + match + " in " + flows));
    }

    private static List<Match> spoofMatches(List<Flow> flows, int ofport) {
        return flows.stream()
                .filter(flow -> flow.table() == SPOOF)
                .map(Flow::match)
                .filter(
                        match ->
                                match.entry(Field.IN_PORT)
                                        .map(e -> e.longValue() == ofport)
                                        .orElse(false))
                .toList();
    }
}
