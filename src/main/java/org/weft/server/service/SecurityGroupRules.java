package org.weft.server.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.weft.server.BadRequestException;

/**
 * Neutron's rules for security group rules: the IP protocols it knows by name, which of them take
 * ports and which take an ICMP type and code, the checks a new rule passes, and the key by which
 * two rules are the same rule.
 */
public final class SecurityGroupRules {
    private SecurityGroupRules() {}

    /** Neutron's protocol names with their numbers, in its order (its messages list them so). */
    public static final Map<String, Integer> PROTOCOLS = protocols();

    private static final Map<String, String> NAME_OF_NUMBER = namesOfNumbers();
    private static final List<Integer> PORT_PROTOCOLS = List.of(33, 132, 6, 17, 136);
    private static final String PORT_PROTOCOL_NAMES = "DCCP, SCTP, TCP, UDP, UDPLITE";
    private static final Set<String> IPV6_ONLY =
            Set.of(
                    "ipv6-encap",
                    "ipv6-frag",
                    "ipv6-icmp",
                    "icmpv6",
                    "ipv6-nonxt",
                    "ipv6-opts",
                    "ipv6-route",
                    "41",
                    "44",
                    "58",
                    "59",
                    "60",
                    "43");

    private static Map<String, Integer> protocols() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("ah", 51);
        map.put("dccp", 33);
        map.put("egp", 8);
        map.put("esp", 50);
        map.put("gre", 47);
        map.put("hopopt", 0);
        map.put("icmp", 1);
        map.put("igmp", 2);
        map.put("ip", 0);
        map.put("ipip", 4);
        map.put("ipv6-encap", 41);
        map.put("ipv6-frag", 44);
        map.put("ipv6-icmp", 58);
        map.put("icmpv6", 58);
        map.put("ipv6-nonxt", 59);
        map.put("ipv6-opts", 60);
        map.put("ipv6-route", 43);
        map.put("ospf", 89);
        map.put("pgm", 113);
        map.put("rsvp", 46);
        map.put("sctp", 132);
        map.put("tcp", 6);
        map.put("udp", 17);
        map.put("udplite", 136);
        map.put("vrrp", 112);
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, String> namesOfNumbers() {
        // As Neutron reverses its map: a later name of the same number wins.
        Map<String, String> names = new LinkedHashMap<>();
        PROTOCOLS.forEach((name, number) -> names.put(String.valueOf(number), name));
        return names;
    }

    /** The protocol's number; a protocol given as a number is that number. */
    static int number(String protocol) {
        Integer known = PROTOCOLS.get(protocol);
        return known != null ? known : Integer.parseInt(protocol);
    }

    /**
     * The protocol as stored: ICMP of IPv6 rules under its IPv6 name, as Neutron makes it
     * canonical.
     */
    static Optional<String> canonicalProtocol(Optional<String> protocol, String ethertype) {
        if (ethertype.equals("IPv6")
                && protocol.filter(p -> p.equals("icmp") || p.equals("icmpv6")).isPresent()) {
            return Optional.of("ipv6-icmp");
        }
        return protocol;
    }

    /**
     * The ports as stored: the whole range of a port protocol is no range at all, as Neutron makes
     * it canonical.
     */
    static boolean isWholePortRange(
            Optional<String> protocol, Optional<Integer> min, Optional<Integer> max) {
        return protocol.filter(p -> PORT_PROTOCOLS.contains(number(p))).isPresent()
                && min.filter(port -> port == 1).isPresent()
                && max.filter(port -> port == 65535).isPresent();
    }

    /** Checks the ports against the protocol, then the protocol against the ethertype. */
    static void check(
            Optional<String> protocol,
            Optional<Integer> min,
            Optional<Integer> max,
            String ethertype) {
        checkPorts(protocol, min, max);
        if (protocol.filter(IPV6_ONLY::contains).isPresent() && ethertype.equals("IPv4")) {
            throw new BadRequestException(
                    "SecurityGroupEthertypeConflictWithProtocol",
                    "Invalid ethertype " + ethertype + " for protocol " + protocol.get() + ".");
        }
    }

    private static void checkPorts(
            Optional<String> protocol, Optional<Integer> min, Optional<Integer> max) {
        if (min.isEmpty() && max.isEmpty()) {
            return;
        }
        if (protocol.isEmpty()) {
            throw new BadRequestException(
                    "SecurityGroupProtocolRequiredWithPorts",
                    "Must also specify protocol if port range is given.");
        }
        int number = number(protocol.get());
        if (PORT_PROTOCOLS.contains(number)) {
            if (min.orElse(-1) == 0 || max.orElse(-1) == 0) {
                throw invalidPort("0");
            }
            if (min.isEmpty() || max.isEmpty() || min.get() > max.get()) {
                throw new BadRequestException(
                        "SecurityGroupInvalidPortRange",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
        } else if (number == 1 || number == 58) {
            checkIcmp(min, "type", "port_range_min");
            checkIcmp(max, "code", "port_range_max");
            if (min.isEmpty()) {
                throw new BadRequestException(
                        "SecurityGroupMissingIcmpType",
                        "ICMP code (port-range-max) "
                                + max.get()
                                + " is provided but ICMP type (port-range-min) is missing.");
            }
        } else {
            throw new BadRequestException(
                    "SecurityGroupInvalidProtocolForPort",
                    "Ports cannot be specified for protocol "
                            + number
                            + ". Ports are only supported for "
                            + PORT_PROTOCOL_NAMES
                            + ".");
        }
    }

    private static void checkIcmp(Optional<Integer> value, String field, String attribute) {
        if (value.isPresent() && (value.get() < 0 || value.get() > 255)) {
            throw new BadRequestException(
                    "SecurityGroupInvalidIcmpValue",
                    "Invalid value for ICMP "
                            + field
                            + " ("
                            + attribute
                            + ") "
                            + value.get()
                            + ". It must be 0 to 255.");
        }
    }

    /** Neutron's {@code SecurityGroupInvalidPortValue} for {@code port} as given. */
    public static BadRequestException invalidPort(String port) {
        return new BadRequestException(
                "SecurityGroupInvalidPortValue", "Invalid value for port " + port);
    }

    /**
     * What makes two rules the same rule, as Neutron compares them: every attribute but ids and
     * description, the protocol as its name and number, a prefix of all addresses as none.
     */
    static String key(SecurityGroupRule rule) {
        List<String> parts = new ArrayList<>();
        parts.add(rule.direction());
        parts.add(rule.ethertype());
        parts.add(rule.portRangeMax().map(String::valueOf).orElse("+"));
        parts.add(rule.portRangeMin().map(String::valueOf).orElse("+"));
        parts.add(rule.protocol().map(p -> protocolKey(p, rule.ethertype())).orElse("+"));
        parts.add(rule.remoteGroupId().map(SecurityGroupId::value).orElse("+"));
        parts.add(rule.remoteAddressGroupId().orElse("+"));
        parts.add(
                rule.remoteIpPrefix()
                        .filter(prefix -> !prefix.equals("0.0.0.0/0") && !prefix.equals("::/0"))
                        .orElse("+"));
        return String.join("_", parts);
    }

    private static String protocolKey(String protocol, String ethertype) {
        String named = protocol;
        if (ethertype.equals("IPv6")) {
            if (protocol.equals("icmp") || protocol.equals("icmpv6")) {
                named = "ipv6-icmp";
            } else if (protocol.equals("1")) {
                named = "58";
            }
        }
        if (PROTOCOLS.containsKey(named)) {
            return named + "/" + PROTOCOLS.get(named);
        }
        return NAME_OF_NUMBER.getOrDefault(named, named) + "/" + named;
    }
}
