package org.weft.agent.l2.firewall.internal;

import static org.weft.agent.l2.IntegrationTables.ACCEPTED;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.weft.agent.l2.IntegrationTables;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.PolicyRule.Direction;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.CtState;
import org.weft.dataplane.openflow.Field;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowKey;
import org.weft.dataplane.openflow.Match;
import org.weft.dataplane.openflow.OfPort;

/**
 * The {@code openvswitch} driver's flows in {@code br-int}. Every packet of a wired port, once its
 * sources are checked, reaches table {@link IntegrationTables#ACCEPTED}; there the driver notes its
 * network (the local VLAN, in {@code reg6}) and, for a port's own packets, the port ({@code reg5}),
 * and sends it through egress, then ingress:
 *
 * <pre>
 * 60 ACCEPTED       in_port of a wired port: reg5 = ofport, reg6 = its VLAN, to EGRESS;
 *                   tagged with a local VLAN (from br-tun, a physical bridge): reg6, to INGRESS
 * 70 EGRESS         from a filtered port: DHCP client and neighbour discovery pass to INGRESS,
 *                   DHCP server and router advertisements dropped, IP: reg4 = its policy, tracked
 *                   in the port's zone into EGRESS_STATE; ARP to INGRESS; other ports' packets
 *                   to INGRESS
 * 71 EGRESS_STATE   established or related: INGRESS; invalid: dropped; new: EGRESS_RULES
 * 72 EGRESS_RULES   the egress rules of policy reg4: committed in zone reg5, to INGRESS; else
 *                   the port's drop
 * 80 INGRESS        to a filtered port's MAC or an allowed pair's in its network: reg7 = ofport;
 *                   DHCP replies and neighbour discovery to DELIVER; IP: reg4 = its policy,
 *                   tracked in the port's zone into INGRESS_STATE; the rest (ARP) to DELIVER;
 *                   other destinations: NORMAL
 * 81 INGRESS_STATE  established or related: DELIVER; invalid: dropped; new: INGRESS_RULES
 * 82 INGRESS_RULES  the ingress rules of policy reg4: committed in zone reg7, to DELIVER; else
 *                   the port's drop
 * 83 DELIVER        out of the port, without the VLAN tag if it has one
 * </pre>
 *
 * <p>A policy is the rules of one set of security groups, remote groups expanded; the ports with
 * that set share its flows, so a group of 1,000 rules on 100 ports is 1,000 rule flows, and a rule
 * added to it is one flow more. Its number, in {@code reg4}, is given by the caller.
 *
 * <p>A port's conntrack zone is its OpenFlow port number, so that each port tracks its own
 * connections (two ports of one host talking are tracked once on each side) and a restarted agent
 * finds them again. Each filtered port has a drop flow of its own at priority 1 in each rules
 * table: its packet counter is what the port's rules refused.
 *
 * <p>Known gap, as in Neutron's own driver: only unicast to a filtered port's MAC addresses goes
 * through its ingress rules. Broadcast and multicast, and unicast for another MAC that {@code
 * NORMAL} floods because it has not learned where that MAC is, reach the port unfiltered.
 */
public final class FirewallFlows {
    public static final int EGRESS = 70;
    public static final int EGRESS_STATE = 71;
    public static final int EGRESS_RULES = 72;
    public static final int INGRESS = 80;
    public static final int INGRESS_STATE = 81;
    public static final int INGRESS_RULES = 82;
    public static final int DELIVER = 83;

    static final int POLICY = 4;
    static final int SOURCE = 5;
    static final int NETWORK = 6;
    static final int TARGET = 7;

    /** The priority of a rule's flow; the port's own drop flow is below. */
    public static final int RULE = 10;

    public static final int DROP = 1;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86dd;
    private static final List<Integer> NEIGHBOUR_DISCOVERY = List.of(130, 131, 132, 133, 135, 136);
    private static final int ROUTER_ADVERTISEMENT = 134;

    private FirewallFlows() {}

    /** The flows that do not depend on any port: the state tables and each table's default. */
    public static List<Flow> common() {
        List<Flow> flows = new ArrayList<>();
        flows.add(Flow.of(EGRESS, 0, Match.all()).goingTo(INGRESS));
        for (int table : List.of(EGRESS_STATE, INGRESS_STATE)) {
            int next = table == EGRESS_STATE ? INGRESS : DELIVER;
            int rules = table == EGRESS_STATE ? EGRESS_RULES : INGRESS_RULES;
            flows.add(Flow.of(table, 100, state("+trk+est-rel-inv")).goingTo(next));
            flows.add(Flow.of(table, 100, state("+trk+rel-inv")).goingTo(next));
            flows.add(Flow.of(table, 90, state("+trk+inv")));
            flows.add(Flow.of(table, 50, state("+trk+new-inv")).goingTo(rules));
            flows.add(Flow.of(table, 0, Match.all()));
        }
        flows.add(Flow.of(EGRESS_RULES, 0, Match.all()));
        flows.add(Flow.of(INGRESS, 0, Match.all(), Action.normal()));
        flows.add(Flow.of(INGRESS_RULES, 0, Match.all()));
        flows.add(Flow.of(DELIVER, 0, Match.all()));
        return cookied(flows);
    }

    /** The flows that mark a wired port's packets with the port and its network. */
    public static List<Flow> entry(WiredPort port) {
        return cookied(
                List.of(
                        Flow.of(
                                        ACCEPTED,
                                        50,
                                        Match.builder().inPort(OfPort.of(port.ofport())).build(),
                                        Action.setField(Field.register(SOURCE), port.ofport()),
                                        Action.setField(Field.register(NETWORK), port.localVlan()))
                                .goingTo(EGRESS)));
    }

    /** The flow that marks packets arriving tagged with {@code vlan} with their network. */
    public static List<Flow> network(int vlan) {
        return cookied(
                List.of(
                        Flow.of(
                                        ACCEPTED,
                                        40,
                                        Match.builder().vlanVid(vlan).build(),
                                        Action.setField(Field.register(NETWORK), vlan))
                                .goingTo(INGRESS)));
    }

    /**
     * The flows of a filtered port: its own needs, the steering of its traffic into the rules of
     * {@code policy}, its drops and its delivery.
     */
    public static List<Flow> filtered(WiredPort port, int policy) {
        int ofport = port.ofport();
        Flows flows = new Flows();
        egress(port, policy, flows);
        for (String mac : macs(port)) {
            ingress(port, mac, policy, flows);
        }
        flows.add(Flow.of(EGRESS_RULES, DROP, register(SOURCE, ofport).build()));
        flows.add(Flow.of(INGRESS_RULES, DROP, register(TARGET, ofport).build()));
        flows.add(
                Flow.of(
                        DELIVER,
                        100,
                        register(TARGET, ofport).anyVlan().build(),
                        Action.popVlan(),
                        Action.output(OfPort.of(ofport))));
        flows.add(
                Flow.of(
                        DELIVER,
                        100,
                        register(TARGET, ofport).noVlan().build(),
                        Action.output(OfPort.of(ofport))));
        return cookied(flows.all());
    }

    /**
     * The flows of the rules of policy {@code policy}, shared by every port whose traffic is
     * steered into it: each rule committed in the zone of the port it concerns, read from {@code
     * reg5} (egress) or {@code reg7} (ingress).
     */
    public static List<Flow> policy(int policy, List<PolicyRule> rules) {
        Flows flows = new Flows();
        for (PolicyRule rule : rules) {
            ruleFlows(policy, rule, flows);
        }
        return cookied(flows.all());
    }

    private static void egress(WiredPort port, int policy, Flows flows) {
        int ofport = port.ofport();
        flows.add(
                Flow.of(EGRESS, 110, udp(from(ofport), ETH_IPV4, 68, 67).build()).goingTo(INGRESS));
        flows.add(
                Flow.of(EGRESS, 110, udp(from(ofport), ETH_IPV6, 546, 547).build())
                        .goingTo(INGRESS));
        for (int type : NEIGHBOUR_DISCOVERY) {
            flows.add(Flow.of(EGRESS, 110, icmpv6(from(ofport), type).build()).goingTo(INGRESS));
        }
        flows.add(Flow.of(EGRESS, 105, udpSource(from(ofport), ETH_IPV4, 67).build()));
        flows.add(Flow.of(EGRESS, 105, udpSource(from(ofport), ETH_IPV6, 547).build()));
        flows.add(Flow.of(EGRESS, 105, icmpv6(from(ofport), ROUTER_ADVERTISEMENT).build()));
        for (int ethType : List.of(ETH_IPV4, ETH_IPV6)) {
            flows.add(
                    Flow.of(
                            EGRESS,
                            100,
                            from(ofport).ethType(ethType).build(),
                            Action.setField(Field.register(POLICY), policy),
                            Action.Ct.track(ofport, EGRESS_STATE)));
        }
        flows.add(Flow.of(EGRESS, 90, from(ofport).build()).goingTo(INGRESS));
    }

    /** The flows that steer what is sent to {@code mac} in the port's network into its rules. */
    private static void ingress(WiredPort port, String mac, int policy, Flows flows) {
        int ofport = port.ofport();
        Action target = Action.setField(Field.register(TARGET), ofport);
        flows.add(
                Flow.of(INGRESS, 110, udp(to(port, mac), ETH_IPV4, 67, 68).build(), target)
                        .goingTo(DELIVER));
        flows.add(
                Flow.of(INGRESS, 110, udp(to(port, mac), ETH_IPV6, 547, 546).build(), target)
                        .goingTo(DELIVER));
        List<Integer> discovery = new ArrayList<>(NEIGHBOUR_DISCOVERY);
        discovery.add(ROUTER_ADVERTISEMENT);
        for (int type : discovery) {
            flows.add(
                    Flow.of(INGRESS, 110, icmpv6(to(port, mac), type).build(), target)
                            .goingTo(DELIVER));
        }
        for (int ethType : List.of(ETH_IPV4, ETH_IPV6)) {
            flows.add(
                    Flow.of(
                            INGRESS,
                            100,
                            to(port, mac).ethType(ethType).build(),
                            target,
                            Action.setField(Field.register(POLICY), policy),
                            Action.ctClear(),
                            Action.Ct.track(ofport, INGRESS_STATE)));
        }
        flows.add(Flow.of(INGRESS, 90, to(port, mac).build(), target).goingTo(DELIVER));
    }

    /**
     * The MAC addresses the port receives on: its own, and those of its allowed address pairs,
     * whose traffic must cross the same rules.
     */
    static Set<String> macs(WiredPort port) {
        Set<String> macs = new LinkedHashSet<>();
        macs.add(port.macAddress().toLowerCase(Locale.ROOT));
        for (AllowedAddressPair pair : port.allowedAddressPairs()) {
            if (pair.macAddress() != null) {
                macs.add(pair.macAddress().toLowerCase(Locale.ROOT));
            }
        }
        return macs;
    }

    /** The flows of one rule of policy {@code policy}: none for what OVS cannot match. */
    static void ruleFlows(int policy, PolicyRule rule, Flows flows) {
        boolean ingress = rule.direction() == Direction.INGRESS;
        Match.Builder base =
                register(POLICY, policy).ethType(rule.ipVersion() == 4 ? ETH_IPV4 : ETH_IPV6);
        rule.remote()
                .ifPresent(
                        remote -> {
                            if (rule.ipVersion() == 4 && ingress) {
                                base.ipv4Src(remote.address(), remote.length());
                            } else if (rule.ipVersion() == 4) {
                                base.ipv4Dst(remote.address(), remote.length());
                            } else if (ingress) {
                                base.ipv6Src(remote.address(), remote.length());
                            } else {
                                base.ipv6Dst(remote.address(), remote.length());
                            }
                        });
        Action commit =
                Action.Ct.commit(0).withZoneFrom(Field.register(ingress ? TARGET : SOURCE), 0, 16);
        int next = ingress ? DELIVER : INGRESS;
        int table = ingress ? INGRESS_RULES : EGRESS_RULES;
        if (rule.protocol().isEmpty()) {
            flows.add(Flow.of(table, RULE, base.build(), commit).goingTo(next));
            return;
        }
        int protocol = rule.protocol().getAsInt();
        base.ipProto(protocol);
        if (PolicyRule.isIcmp(protocol)) {
            boolean v4 = protocol == PolicyRule.ICMP;
            rule.icmpType()
                    .ifPresent(
                            type -> base.field(v4 ? Field.ICMPV4_TYPE : Field.ICMPV6_TYPE, type));
            rule.icmpCode()
                    .ifPresent(
                            code -> base.field(v4 ? Field.ICMPV4_CODE : Field.ICMPV6_CODE, code));
            flows.add(Flow.of(table, RULE, base.build(), commit).goingTo(next));
            return;
        }
        if (!rule.hasPortRange()) {
            flows.add(Flow.of(table, RULE, base.build(), commit).goingTo(next));
            return;
        }
        Field portField =
                switch (protocol) {
                    case PolicyRule.TCP -> Field.TCP_DST;
                    case PolicyRule.UDP -> Field.UDP_DST;
                    case PolicyRule.SCTP -> Field.SCTP_DST;
                    // Open vSwitch does not parse the ports of UDP-Lite and DCCP: a rule limited
                    // to some of them cannot be told apart, and allows nothing.
                    default -> null;
                };
        if (portField == null) {
            return;
        }
        Match template = base.build();
        for (PortMasks.Masked masked :
                PortMasks.of(rule.portMin().getAsInt(), rule.portMax().getAsInt())) {
            Match.Builder match = Match.builder();
            template.entries()
                    .forEach(
                            entry ->
                                    match.field(
                                            entry.field(),
                                            entry.value(),
                                            entry.mask().orElse(null)));
            match.field(portField, masked.value(), masked.mask());
            flows.add(Flow.of(table, RULE, match.build(), commit).goingTo(next));
        }
    }

    private static Match state(String flags) {
        return Match.builder().ctState(CtState.parse(flags)).build();
    }

    private static Match.Builder register(int register, int value) {
        return Match.builder().register(register, value);
    }

    private static Match.Builder from(int ofport) {
        return register(SOURCE, ofport);
    }

    private static Match.Builder to(WiredPort port, String mac) {
        return register(NETWORK, port.localVlan()).ethDst(mac);
    }

    private static Match.Builder udp(
            Match.Builder match, int ethType, int source, int destination) {
        return match.ethType(ethType)
                .ipProto(PolicyRule.UDP)
                .field(Field.UDP_SRC, source)
                .field(Field.UDP_DST, destination);
    }

    private static Match.Builder udpSource(Match.Builder match, int ethType, int source) {
        return match.ethType(ethType).ipProto(PolicyRule.UDP).field(Field.UDP_SRC, source);
    }

    private static Match.Builder icmpv6(Match.Builder match, int type) {
        return match.ethType(ETH_IPV6).ipProto(PolicyRule.ICMPV6).field(Field.ICMPV6_TYPE, type);
    }

    private static List<Flow> cookied(List<Flow> flows) {
        long cookie = IntegrationTables.FIREWALL_COOKIE.cookie();
        return flows.stream().map(flow -> flow.withCookie(cookie)).toList();
    }

    /** Flows by key: two rules that come to the same match give one flow. */
    static final class Flows {
        private final Map<FlowKey, Flow> byKey = new LinkedHashMap<>();

        void add(Flow flow) {
            byKey.putIfAbsent(flow.key(), flow);
        }

        List<Flow> all() {
            return List.copyOf(byKey.values());
        }
    }
}
