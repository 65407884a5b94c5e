package org.weft.agent.l2.internal;

import static org.weft.agent.l2.IntegrationTables.ACCEPTED;
import static org.weft.agent.l2.IntegrationTables.AGENT_COOKIE;
import static org.weft.agent.l2.IntegrationTables.CLASSIFY;
import static org.weft.agent.l2.IntegrationTables.LEARNED_COOKIE;
import static org.weft.agent.l2.IntegrationTables.SPOOF;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.Field;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowKey;
import org.weft.dataplane.openflow.LearnSpec;
import org.weft.dataplane.openflow.Match;
import org.weft.dataplane.openflow.OfPort;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * The flows of each bridge, computed from the host's {@link SwitchState} alone: the same state
 * always gives the same flows, which is what lets a restarted agent leave every unchanged flow in
 * place. See {@link org.weft.agent.l2.IntegrationTables} for {@code br-int}'s tables.
 *
 * <p>{@code br-tun}:
 *
 * <pre>
 *  0 CLASSIFY        patch-int: FROM_INTEGRATION; a tunnel port: the table of its type
 *  2 FROM_INTEGRATION  unicast: UNICAST; multicast and broadcast: FLOOD
 *  3/4/6 FROM_GRE/VXLAN/GENEVE  tunnel key of a local network: push its local VLAN, LEARN
 * 10 LEARN           learn (VLAN, source MAC) -> (tunnel key, tunnel port) into UNICAST,
 *                    then out of patch-int
 * 20 UNICAST         learned destinations; unknown ones: FLOOD
 * 22 FLOOD           local VLAN: pop it, set the network's key, out of the tunnels to the
 *                    hosts the network reaches (of its type)
 * </pre>
 *
 * <p>A mapped bridge: traffic from {@code phy-<bridge>} in a local VLAN of a network of its
 * physical network leaves with the network's VLAN (or untagged, flat), other traffic from it is
 * dropped, and the rest is switched {@code NORMAL}.
 */
public final class Pipeline {
    public static final int TUNNEL_CLASSIFY = 0;
    public static final int FROM_INTEGRATION = 2;
    public static final int FROM_GRE = 3;
    public static final int FROM_VXLAN = 4;
    public static final int FROM_GENEVE = 6;
    public static final int LEARN = 10;
    public static final int UNICAST = 20;
    public static final int FLOOD = 22;

    /** How long a learned remote MAC address is kept without being seen again, in seconds. */
    static final int LEARNED_LIFETIME = 300;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int ETH_IPV6 = 0x86dd;
    private static final String MULTICAST_BIT = "01:00:00:00:00:00";
    private static final String ZERO_MAC = "00:00:00:00:00:00";

    private Pipeline() {}

    /** The flows of {@code br-int}, the firewall driver's included. */
    public static List<Flow> integration(SwitchState state, Collection<Flow> firewall) {
        Flows flows = new Flows();
        flows.add(Flow.of(CLASSIFY, 0, Match.all()));
        flows.add(Flow.of(SPOOF, 0, Match.all()));
        flows.add(Flow.of(ACCEPTED, 0, Match.all(), Action.normal()));
        state.integrationPatch()
                .ifPresent(
                        patch ->
                                flows.add(Flow.of(CLASSIFY, 100, inPort(patch)).goingTo(ACCEPTED)));
        for (LocalNetwork network : state.networks().values()) {
            physicalIngress(state, network, flows);
        }
        for (WiredPort port : state.ports()) {
            flows.add(
                    Flow.of(CLASSIFY, 100, inPort(port.ofport()))
                            .goingTo(port.antiSpoofing() ? SPOOF : ACCEPTED));
            if (port.antiSpoofing()) {
                antiSpoofing(port, flows);
            }
        }
        return flows.withCookie(firewall);
    }

    /** The flows of {@code br-tun}. */
    public static List<Flow> tunnel(SwitchState state, String localHost) {
        Flows flows = new Flows();
        flows.add(Flow.of(TUNNEL_CLASSIFY, 0, Match.all()));
        flows.add(Flow.of(FROM_INTEGRATION, 0, Match.all()));
        for (int table : List.of(FROM_GRE, FROM_VXLAN, FROM_GENEVE, FLOOD)) {
            flows.add(Flow.of(table, 0, Match.all()));
        }
        flows.add(Flow.of(UNICAST, 0, Match.all()).goingTo(FLOOD));
        if (state.tunnelPatch().isEmpty()) {
            return flows.withCookie(List.of());
        }
        int patch = state.tunnelPatch().getAsInt();
        flows.add(Flow.of(TUNNEL_CLASSIFY, 1, inPort(patch)).goingTo(FROM_INTEGRATION));
        flows.add(
                Flow.of(
                                FROM_INTEGRATION,
                                1,
                                Match.builder().ethDst(ZERO_MAC, MULTICAST_BIT).build())
                        .goingTo(UNICAST));
        flows.add(
                Flow.of(
                                FROM_INTEGRATION,
                                1,
                                Match.builder().ethDst(MULTICAST_BIT, MULTICAST_BIT).build())
                        .goingTo(FLOOD));
        flows.add(
                Flow.of(LEARN, 1, Match.all(), learnRemoteMac(), Action.output(OfPort.of(patch))));
        for (TunnelPeer peer : state.tunnels()) {
            flows.add(
                    Flow.of(TUNNEL_CLASSIFY, 1, inPort(peer.ofport()))
                            .goingTo(tableOf(peer.type())));
        }
        for (LocalNetwork network : state.networks().values()) {
            if (network.isTunnel() && network.segmentationId().isPresent()) {
                tunnelNetwork(state, network, localHost, flows);
            }
        }
        return flows.withCookie(List.of());
    }

    /** The flows of the bridge of {@code bridge}'s physical network. */
    public static List<Flow> physical(SwitchState state, PhysicalBridge bridge) {
        Flows flows = new Flows();
        flows.add(Flow.of(0, 0, Match.all(), Action.normal()));
        flows.add(Flow.of(0, 2, inPort(bridge.bridgeOfport())));
        for (LocalNetwork network : state.networks().values()) {
            if (!network.physicalNetwork()
                    .equals(java.util.Optional.of(bridge.physicalNetwork()))) {
                continue;
            }
            Match fromIntegration =
                    Match.builder()
                            .inPort(OfPort.of(bridge.bridgeOfport()))
                            .vlanVid(network.localVlan())
                            .build();
            if (network.isVlan() && network.segmentationId().isPresent()) {
                flows.add(
                        Flow.of(
                                0,
                                4,
                                fromIntegration,
                                Action.setVlanVid(network.segmentationId().get()),
                                Action.normal()));
            } else if (network.isFlat()) {
                flows.add(Flow.of(0, 4, fromIntegration, Action.popVlan(), Action.normal()));
            }
        }
        return flows.withCookie(List.of());
    }

    /** The table a tunnel type's traffic enters {@code br-tun} at. */
    public static int tableOf(TunnelType type) {
        return switch (type) {
            case GRE -> FROM_GRE;
            case VXLAN -> FROM_VXLAN;
            case GENEVE -> FROM_GENEVE;
        };
    }

    private static void physicalIngress(SwitchState state, LocalNetwork network, Flows flows) {
        if (network.physicalNetwork().isEmpty()) {
            return;
        }
        PhysicalBridge bridge = state.physicalBridges().get(network.physicalNetwork().get());
        if (bridge == null) {
            return;
        }
        Match.Builder match = Match.builder().inPort(OfPort.of(bridge.integrationOfport()));
        if (network.isVlan() && network.segmentationId().isPresent()) {
            flows.add(
                    Flow.of(
                                    CLASSIFY,
                                    100,
                                    match.vlanVid(network.segmentationId().get()).build(),
                                    Action.setVlanVid(network.localVlan()))
                            .goingTo(ACCEPTED));
        } else if (network.isFlat()) {
            flows.add(
                    Flow.of(
                                    CLASSIFY,
                                    100,
                                    match.noVlan().build(),
                                    Action.pushVlan(),
                                    Action.setVlanVid(network.localVlan()))
                            .goingTo(ACCEPTED));
        }
    }

    private static void tunnelNetwork(
            SwitchState state, LocalNetwork network, String localHost, Flows flows) {
        TunnelType type = TunnelType.parse(network.networkType());
        long key = network.segmentationId().get();
        flows.add(
                Flow.of(
                                tableOf(type),
                                1,
                                Match.builder().tunnelId(key).build(),
                                Action.pushVlan(),
                                Action.setVlanVid(network.localVlan()))
                        .goingTo(LEARN));
        Set<String> hosts = state.networkHosts().getOrDefault(network.networkId(), Set.of());
        List<Action> flood = new ArrayList<>();
        for (TunnelPeer peer : state.tunnels()) {
            if (peer.type() == type
                    && hosts.contains(peer.host())
                    && !peer.host().equals(localHost)) {
                flood.add(Action.output(OfPort.of(peer.ofport())));
            }
        }
        if (flood.isEmpty()) {
            return;
        }
        List<Action> actions = new ArrayList<>();
        actions.add(Action.popVlan());
        actions.add(Action.setTunnelId(key));
        actions.addAll(flood);
        flows.add(Flow.of(FLOOD, 1, Match.builder().vlanVid(network.localVlan()).build(), actions));
    }

    /**
     * {@code learn(table=20, hard_timeout=300, priority=1, NXM_OF_VLAN_TCI[0..11],
     * NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[], load:0->NXM_OF_VLAN_TCI[],
     * load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[], output:NXM_OF_IN_PORT[])}: replies to this packet's
     * source go back into the tunnel it came from, with its key and without the local VLAN.
     */
    private static Action learnRemoteMac() {
        return new Action.Learn(
                UNICAST,
                1,
                0,
                LEARNED_LIFETIME,
                LEARNED_COOKIE,
                List.of(
                        LearnSpec.matchSameBits(Field.NXM_OF_VLAN_TCI, 0, 12),
                        LearnSpec.matchFromField(Field.NXM_OF_ETH_DST, Field.NXM_OF_ETH_SRC),
                        LearnSpec.loadValue(Field.NXM_OF_VLAN_TCI, 0, 16, 0),
                        LearnSpec.loadFromField(Field.NXM_NX_TUN_ID, Field.NXM_NX_TUN_ID),
                        LearnSpec.outputTo(Field.NXM_OF_IN_PORT)));
    }

    /**
     * A port with port security sends only from its MAC address (or an allowed pair's) and from its
     * fixed IPs and allowed address pairs, ARP included; besides, DHCP discovery, ARP probes and
     * its IPv6 link-local and unspecified (duplicate address detection) sources.
     */
    private static void antiSpoofing(WiredPort port, Flows flows) {
        Map<String, List<Source>> byMac = new LinkedHashMap<>();
        for (FixedIp ip : port.fixedIps()) {
            byMac.computeIfAbsent(port.macAddress(), mac -> new ArrayList<>())
                    .add(Source.parse(ip.ipAddress()));
        }
        for (AllowedAddressPair pair : port.allowedAddressPairs()) {
            String mac = pair.macAddress() == null ? port.macAddress() : pair.macAddress();
            byMac.computeIfAbsent(mac, ignored -> new ArrayList<>())
                    .add(Source.parse(pair.ipAddress()));
        }
        byMac.putIfAbsent(port.macAddress(), new ArrayList<>());
        for (Map.Entry<String, List<Source>> entry : byMac.entrySet()) {
            String mac = entry.getKey();
            for (Source source : entry.getValue()) {
                if (source.isIpv4()) {
                    flows.add(
                            accept(
                                    port,
                                    100,
                                    mac,
                                    ETH_IPV4,
                                    b -> b.ipv4Src(source.address(), source.prefix())));
                    flows.add(
                            accept(
                                    port,
                                    100,
                                    mac,
                                    ETH_ARP,
                                    b ->
                                            b.field(
                                                            Field.ARP_SPA,
                                                            source.address().getAddress(),
                                                            source.mask())
                                                    .field(Field.ARP_SHA, macBytes(mac), null)));
                } else {
                    flows.add(
                            accept(
                                    port,
                                    100,
                                    mac,
                                    ETH_IPV6,
                                    b -> b.ipv6Src(source.address(), source.prefix())));
                }
            }
        }
        String mac = port.macAddress();
        flows.add(
                accept(
                        port,
                        90,
                        mac,
                        ETH_IPV4,
                        b ->
                                b.ipv4Src(Source.parse("0.0.0.0").address(), 32)
                                        .ipProto(17)
                                        .udpSrc(68)
                                        .udpDst(67)));
        flows.add(
                accept(
                        port,
                        90,
                        mac,
                        ETH_ARP,
                        b ->
                                b.field(Field.ARP_SPA, new byte[4], null)
                                        .field(Field.ARP_SHA, macBytes(mac), null)));
        flows.add(accept(port, 90, mac, ETH_IPV6, b -> b.ipv6Src(linkLocal(mac), 128)));
        flows.add(
                accept(
                        port,
                        90,
                        mac,
                        ETH_IPV6,
                        b -> b.ipv6Src(Source.parse("::").address(), 128).ipProto(58)));
    }

    private static Flow accept(
            WiredPort port,
            int priority,
            String mac,
            int etherType,
            java.util.function.UnaryOperator<Match.Builder> more) {
        Match.Builder match =
                Match.builder().inPort(OfPort.of(port.ofport())).ethSrc(mac).ethType(etherType);
        return Flow.of(SPOOF, priority, more.apply(match).build()).goingTo(ACCEPTED);
    }

    private static Match inPort(int ofport) {
        return Match.builder().inPort(OfPort.of(ofport)).build();
    }

    /** The IPv6 link-local address of {@code mac} (RFC 4291 appendix A). */
    static InetAddress linkLocal(String mac) {
        byte[] octets = macBytes(mac);
        byte[] address = new byte[16];
        address[0] = (byte) 0xfe;
        address[1] = (byte) 0x80;
        address[8] = (byte) (octets[0] ^ 0x02);
        address[9] = octets[1];
        address[10] = octets[2];
        address[11] = (byte) 0xff;
        address[12] = (byte) 0xfe;
        address[13] = octets[3];
        address[14] = octets[4];
        address[15] = octets[5];
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] macBytes(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + mac + "' is not a MAC address");
        }
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    /** A source address or prefix a port may send from: a fixed IP or an allowed pair. */
    record Source(InetAddress address, int prefix) {
        static Source parse(String text) {
            String[] parts = text.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            int full = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : full;
            if (prefix < 0 || prefix > full) {
                throw new IllegalArgumentException("prefix of '" + text + "' is out of range");
            }
            return new Source(address, prefix);
        }

        boolean isIpv4() {
            return address.getAddress().length == 4;
        }

        byte[] mask() {
            byte[] mask = new byte[address.getAddress().length];
            for (int bit = 0; bit < prefix; bit++) {
                mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
            return mask;
        }

        private static InetAddress literal(String text) {
            if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("'" + text + "' is not an address");
            }
            try {
                return InetAddress.getByName(text);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an address");
            }
        }
    }

    /** Flows by key: a flow computed twice (a fixed IP that is also a pair) is kept once. */
    private static final class Flows {
        private final Map<FlowKey, Flow> byKey = new LinkedHashMap<>();

        void add(Flow flow) {
            byKey.put(flow.key(), flow);
        }

        List<Flow> withCookie(Collection<Flow> others) {
            List<Flow> all = new ArrayList<>(byKey.size() + others.size());
            for (Flow flow : byKey.values()) {
                all.add(flow.withCookie(AGENT_COOKIE));
            }
            all.addAll(others);
            return all;
        }
    }
}
