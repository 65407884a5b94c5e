package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

/**
 * One security group rule as it applies to a port, with Neutron's meaning: traffic of one direction
 * and IP version, of one protocol (or any), to a port range or of an ICMP type and code, from
 * (ingress) or to (egress) one remote prefix, the members of one remote group, or any. A rule
 * naming a remote group is either kept so, for a driver that matches the members as a set ({@link
 * #unexpanded}), or made one rule per member address ({@link #of}).
 *
 * @param protocol the IP protocol number, empty for any
 * @param portMin lowest destination port (TCP, UDP, SCTP, UDP-Lite, DCCP), empty for all
 * @param portMax highest destination port
 * @param icmpType ICMP (or ICMPv6) type, empty for any
 * @param icmpCode ICMP code, empty for any (only with a type)
 * @param remote the other end's prefix, empty for any (or for the remote group's members)
 * @param remoteGroup the group whose members the other end must be, when kept unexpanded
 */
public record PolicyRule(
        Direction direction,
        int ipVersion,
        OptionalInt protocol,
        OptionalInt portMin,
        OptionalInt portMax,
        OptionalInt icmpType,
        OptionalInt icmpCode,
        Optional<Prefix> remote,
        Optional<String> remoteGroup) {

    /** Which way the traffic goes, seen from the port. */
    public enum Direction {
        INGRESS,
        EGRESS
    }

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    public static final int SCTP = 132;
    public static final int UDPLITE = 136;
    public static final int DCCP = 33;

    /** Neutron's protocol names and their numbers. */
    private static final Map<String, Integer> PROTOCOLS =
            Map.ofEntries(
                    Map.entry("ah", 51),
                    Map.entry("dccp", DCCP),
                    Map.entry("egp", 8),
                    Map.entry("esp", 50),
                    Map.entry("gre", 47),
                    Map.entry("icmp", ICMP),
                    Map.entry("icmpv6", ICMPV6),
                    Map.entry("ipv6-icmp", ICMPV6),
                    Map.entry("igmp", 2),
                    Map.entry("ipip", 4),
                    Map.entry("ipv6-encap", 41),
                    Map.entry("ipv6-frag", 44),
                    Map.entry("ipv6-nonxt", 59),
                    Map.entry("ipv6-opts", 60),
                    Map.entry("ipv6-route", 43),
                    Map.entry("ospf", 89),
                    Map.entry("pgm", 113),
                    Map.entry("rsvp", 46),
                    Map.entry("sctp", SCTP),
                    Map.entry("tcp", TCP),
                    Map.entry("udp", UDP),
                    Map.entry("udplite", UDPLITE),
                    Map.entry("vrrp", 112));

    /**
     * What {@code rule} means for a port, given the addresses of its remote group's members ({@code
     * members}, of the rule's IP version; ignored without a remote group): no rule at all when the
     * remote group has no member of that version.
     */
    public static List<PolicyRule> of(SecurityGroupRule rule, List<String> members) {
        PolicyRule any = parse(rule);
        List<PolicyRule> rules = new ArrayList<>();
        if (rule.remoteGroupId() != null) {
            for (String member : members) {
                Prefix address = Prefix.parse(member);
                if (address.ipVersion() == any.ipVersion()) {
                    rules.add(any.withRemote(Optional.of(address), Optional.empty()));
                }
            }
            return rules;
        }
        return unexpanded(rule);
    }

    /**
     * What {@code rule} means for a port, a remote group kept as such: no rule at all when its
     * remote prefix is of the other IP version.
     */
    public static List<PolicyRule> unexpanded(SecurityGroupRule rule) {
        PolicyRule any = parse(rule);
        if (rule.remoteGroupId() != null) {
            return List.of(any.withRemote(Optional.empty(), Optional.of(rule.remoteGroupId())));
        }
        if (rule.remoteIpPrefix() == null || Prefix.parse(rule.remoteIpPrefix()).isAny()) {
            return List.of(any);
        }
        Prefix prefix = Prefix.parse(rule.remoteIpPrefix());
        if (prefix.ipVersion() != any.ipVersion()) {
            return List.of();
        }
        return List.of(any.withRemote(Optional.of(prefix), Optional.empty()));
    }

    /** The rule without its remote end: direction, version, protocol, ports or ICMP type. */
    private static PolicyRule parse(SecurityGroupRule rule) {
        Direction direction =
                switch (rule.direction()) {
                    case "ingress" -> Direction.INGRESS;
                    case "egress" -> Direction.EGRESS;
                    default ->
                            throw new IllegalArgumentException(
                                    "rule " + rule.id() + " has direction " + rule.direction());
                };
        int version = rule.ethertype().equalsIgnoreCase("IPv6") ? 6 : 4;
        OptionalInt protocol = protocolNumber(rule.protocol(), version);
        OptionalInt portMin = OptionalInt.empty();
        OptionalInt portMax = OptionalInt.empty();
        OptionalInt icmpType = OptionalInt.empty();
        OptionalInt icmpCode = OptionalInt.empty();
        if (protocol.isPresent() && hasPorts(protocol.getAsInt()) && rule.portRangeMin() != null) {
            portMin = OptionalInt.of(rule.portRangeMin());
            portMax =
                    OptionalInt.of(
                            rule.portRangeMax() == null
                                    ? rule.portRangeMin()
                                    : rule.portRangeMax());
        } else if (protocol.isPresent()
                && isIcmp(protocol.getAsInt())
                && rule.portRangeMin() != null) {
            icmpType = OptionalInt.of(rule.portRangeMin());
            if (rule.portRangeMax() != null) {
                icmpCode = OptionalInt.of(rule.portRangeMax());
            }
        }
        return new PolicyRule(
                direction,
                version,
                protocol,
                portMin,
                portMax,
                icmpType,
                icmpCode,
                Optional.empty(),
                Optional.empty());
    }

    private PolicyRule withRemote(Optional<Prefix> prefix, Optional<String> group) {
        return new PolicyRule(
                direction, ipVersion, protocol, portMin, portMax, icmpType, icmpCode, prefix,
                group);
    }

    /**
     * The number of a protocol given by name or number; empty for any ({@code null}, {@code any},
     * {@code 0}). Plain {@code icmp} on IPv6 means ICMPv6, as in Neutron.
     */
    static OptionalInt protocolNumber(String protocol, int version) {
        if (protocol == null || protocol.isBlank()) {
            return OptionalInt.empty();
        }
        String name = protocol.strip().toLowerCase(Locale.ROOT);
        if (name.equals("any")) {
            return OptionalInt.empty();
        }
        int number;
        if (name.matches("[0-9]{1,3}")) {
            number = Integer.parseInt(name);
        } else if (PROTOCOLS.containsKey(name)) {
            number = PROTOCOLS.get(name);
        } else {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "'");
        }
        if (number == 0) {
            return OptionalInt.empty();
        }
        if (number > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is not in 0-255");
        }
        if (version == 6 && number == ICMP) {
            number = ICMPV6;
        }
        return OptionalInt.of(number);
    }

    /** Whether the protocol has ports a rule's range applies to. */
    public static boolean hasPorts(int protocol) {
        return protocol == TCP
                || protocol == UDP
                || protocol == SCTP
                || protocol == UDPLITE
                || protocol == DCCP;
    }

    public static boolean isIcmp(int protocol) {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /** Whether it limits destination ports to less than all of them. */
    public boolean hasPortRange() {
        return portMin.isPresent() && !(portMin.getAsInt() <= 1 && portMax.getAsInt() >= 65535);
    }
}
