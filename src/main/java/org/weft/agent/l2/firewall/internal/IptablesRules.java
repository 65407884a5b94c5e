package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.PolicyRule.Direction;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;

/**
 * The {@code iptables_hybrid} driver's chains for one IP version, as {@code iptables-restore}
 * lines, and the address sets ({@code ipset}) they match. A hybrid-plugged port's packets cross its
 * own Linux bridge {@code qbr…} between the VM's {@code tap…} and {@code qvb…}; bridge netfilter
 * shows them to iptables with physdev matches:
 *
 * <pre>
 * raw    PREROUTING -> weft-ct:  in from tap… or qvb…: conntrack zone of the port
 * filter FORWARD    -> weft-fwd: out to tap…: weft-i&lt;port&gt; (ingress); in from tap…: weft-o&lt;port&gt;
 *        weft-i&lt;port&gt;  established/related accepted, invalid dropped, DHCP replies and neighbour
 *                      discovery accepted, each of the port's groups' weft-gi&lt;group&gt;, then dropped
 *        weft-o&lt;port&gt;  DHCP client accepted, sources checked in weft-s&lt;port&gt;, DHCP server and
 *                      router advertisements dropped, established/related accepted, invalid
 *                      dropped, each group's weft-ge&lt;group&gt;, then dropped
 *        weft-s&lt;port&gt;  the port's addresses with its MAC (and allowed pairs) return, the rest dropped
 *        weft-gi&lt;group&gt;, weft-ge&lt;group&gt;  the group's ingress or egress rules, each accepting
 * </pre>
 *
 * <p>A group's rules are written once, in its own chains, whatever the number of its ports; a rule
 * naming a remote group matches the set {@code weft4-<group>} (or {@code weft6-}) of the members'
 * addresses, so a member joining or leaving changes one set entry and no rule.
 *
 * <p>The zone of a port is its OpenFlow port number on {@code br-int}, so that two ports of one
 * host talking are tracked once on each side, and a restarted agent finds the zones again. The last
 * rule of each port chain is its drop; its packet counter is what the rules refused.
 */
public final class IptablesRules {
    public static final String RAW = "raw";
    public static final String FILTER = "filter";
    public static final String ZONES = "weft-ct";
    public static final String DISPATCH = "weft-fwd";

    private static final List<Integer> NEIGHBOUR_DISCOVERY = List.of(130, 131, 132, 135, 136);
    private static final int ROUTER_SOLICITATION = 133;
    private static final int ROUTER_ADVERTISEMENT = 134;

    private IptablesRules() {}

    /** The chains of every table, each by name with its rules in order. */
    public static Map<String, Map<String, List<String>>> render(
            List<WiredPort> ports, GroupPolicies groups, int version) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        Map<String, List<String>> filter = new LinkedHashMap<>();
        List<String> zones = new ArrayList<>();
        List<String> dispatch = new ArrayList<>();
        raw.put(ZONES, zones);
        filter.put(DISPATCH, dispatch);
        for (WiredPort port : ports) {
            String tap = device("tap", port);
            for (String device : List.of(tap, device("qvb", port))) {
                zones.add("-m physdev --physdev-in " + device + " -j CT --zone " + zone(port));
            }
            dispatch.add(
                    "-m physdev --physdev-out "
                            + tap
                            + " --physdev-is-bridged -j "
                            + chain("i", port));
            dispatch.add(
                    "-m physdev --physdev-in "
                            + tap
                            + " --physdev-is-bridged -j "
                            + chain("o", port));
            filter.put(chain("i", port), ingress(port, version));
            filter.put(chain("o", port), egress(port, version));
            filter.put(chain("s", port), sources(port, version));
        }
        for (String group : groups.rules().keySet().stream().sorted().toList()) {
            for (Direction direction : Direction.values()) {
                List<String> rules = new ArrayList<>();
                for (PolicyRule rule : groups.rules(group, direction, version)) {
                    rules.add(match(rule) + " -j ACCEPT");
                }
                filter.put(groupChain(direction, group), rules);
            }
        }
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        tables.put(RAW, raw);
        tables.put(FILTER, filter);
        return tables;
    }

    /**
     * The address sets the chains of one IP version match, by name: one per remote group their
     * rules name, holding its members' addresses.
     */
    public static Map<String, Set<Prefix>> sets(GroupPolicies groups, int version) {
        Map<String, Set<Prefix>> sets = new TreeMap<>();
        for (List<PolicyRule> rules : groups.rules().values()) {
            for (PolicyRule rule : rules) {
                if (rule.ipVersion() == version) {
                    rule.remoteGroup()
                            .ifPresent(
                                    remote ->
                                            sets.put(
                                                    set(remote, version),
                                                    groups.members(remote, version)));
                }
            }
        }
        return sets;
    }

    /** {@code weft-gi} (ingress) or {@code weft-ge} (egress) and the group id's first ten. */
    static String groupChain(Direction direction, String group) {
        return (direction == Direction.INGRESS ? "weft-gi" : "weft-ge") + shortId(group);
    }

    /** {@code weft4-} or {@code weft6-} and the group id's first ten characters. */
    static String set(String group, int version) {
        return "weft" + version + "-" + shortId(group);
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(10, id.length()));
    }

    /** {@code weft-i}, {@code weft-o} or {@code weft-s} and the port id's first ten characters. */
    public static String chain(String kind, WiredPort port) {
        return "weft-" + kind + shortId(port.portId());
    }

    /** os-vif's name of the port's device: prefix and the port id's first eleven characters. */
    public static String device(String prefix, WiredPort port) {
        return prefix + port.portId().substring(0, Math.min(11, port.portId().length()));
    }

    /** The port's conntrack zone. */
    public static int zone(WiredPort port) {
        return port.ofport();
    }

    private static List<String> ingress(WiredPort port, int version) {
        List<String> rules = new ArrayList<>();
        rules.add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        rules.add("-m conntrack --ctstate INVALID -j DROP");
        if (version == 4) {
            rules.add("-p udp -m udp --sport 67 --dport 68 -j ACCEPT");
        } else {
            List<Integer> types = new ArrayList<>(NEIGHBOUR_DISCOVERY);
            types.add(ROUTER_ADVERTISEMENT);
            types.forEach(type -> rules.add(icmpv6(type) + " -j ACCEPT"));
            rules.add("-p udp -m udp --sport 547 --dport 546 -j ACCEPT");
        }
        groupJumps(port, Direction.INGRESS, rules);
        rules.add("-j DROP");
        return rules;
    }

    private static List<String> egress(WiredPort port, int version) {
        List<String> rules = new ArrayList<>();
        if (version == 4) {
            rules.add("-s 0.0.0.0/32 -p udp -m udp --sport 68 --dport 67 -j ACCEPT");
            rules.add("-j " + chain("s", port));
            rules.add("-p udp -m udp --sport 68 --dport 67 -j ACCEPT");
            rules.add("-p udp -m udp --sport 67 --dport 68 -j DROP");
        } else {
            rules.add(icmpv6(ROUTER_ADVERTISEMENT) + " -j DROP");
            rules.add("-s ::/128 -p ipv6-icmp -j ACCEPT");
            rules.add("-j " + chain("s", port));
            List<Integer> types = new ArrayList<>(NEIGHBOUR_DISCOVERY);
            types.add(ROUTER_SOLICITATION);
            types.forEach(type -> rules.add(icmpv6(type) + " -j ACCEPT"));
            rules.add("-p udp -m udp --sport 546 --dport 547 -j ACCEPT");
            rules.add("-p udp -m udp --sport 547 -j DROP");
        }
        rules.add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        rules.add("-m conntrack --ctstate INVALID -j DROP");
        groupJumps(port, Direction.EGRESS, rules);
        rules.add("-j DROP");
        return rules;
    }

    private static void groupJumps(WiredPort port, Direction direction, List<String> rules) {
        for (String group : new java.util.LinkedHashSet<>(port.securityGroups())) {
            rules.add("-j " + groupChain(direction, group));
        }
    }

    private static List<String> sources(WiredPort port, int version) {
        List<String> rules = new ArrayList<>();
        String mac = port.macAddress().toLowerCase(java.util.Locale.ROOT);
        for (FixedIp ip : port.fixedIps()) {
            Prefix address = Prefix.parse(ip.ipAddress());
            if (address.ipVersion() == version) {
                rules.add("-s " + address + " -m mac --mac-source " + mac + " -j RETURN");
            }
        }
        for (AllowedAddressPair pair : port.allowedAddressPairs()) {
            Prefix address = Prefix.parse(pair.ipAddress());
            String pairMac =
                    pair.macAddress() == null
                            ? mac
                            : pair.macAddress().toLowerCase(java.util.Locale.ROOT);
            if (address.ipVersion() == version) {
                rules.add("-s " + address + " -m mac --mac-source " + pairMac + " -j RETURN");
            }
        }
        if (version == 6) {
            rules.add(
                    "-s "
                            + new Prefix(linkLocal(mac), 128)
                            + " -m mac --mac-source "
                            + mac
                            + " -j RETURN");
        }
        rules.add("-j DROP");
        return rules;
    }

    /** The match part of a rule's line. */
    static String match(PolicyRule rule) {
        StringBuilder line = new StringBuilder();
        boolean ingress = rule.direction() == Direction.INGRESS;
        rule.remote()
                .ifPresent(
                        remote -> line.append(ingress ? "-s " : "-d ").append(remote).append(' '));
        rule.remoteGroup()
                .ifPresent(
                        remote ->
                                line.append("-m set --match-set ")
                                        .append(set(remote, rule.ipVersion()))
                                        .append(ingress ? " src " : " dst "));
        if (rule.protocol().isEmpty()) {
            return line.toString().strip();
        }
        int protocol = rule.protocol().getAsInt();
        switch (protocol) {
            case PolicyRule.TCP -> line.append("-p tcp -m tcp");
            case PolicyRule.UDP -> line.append("-p udp -m udp");
            case PolicyRule.SCTP -> line.append("-p sctp -m sctp");
            case PolicyRule.DCCP -> line.append("-p dccp -m dccp");
            case PolicyRule.UDPLITE -> line.append("-p udplite -m multiport");
            case PolicyRule.ICMP -> line.append("-p icmp");
            case PolicyRule.ICMPV6 -> line.append("-p ipv6-icmp");
            default -> line.append("-p ").append(protocol);
        }
        if (rule.hasPortRange()) {
            int min = rule.portMin().getAsInt();
            int max = rule.portMax().getAsInt();
            line.append(protocol == PolicyRule.UDPLITE ? " --dports " : " --dport ")
                    .append(min == max ? String.valueOf(min) : min + ":" + max);
        }
        if (rule.icmpType().isPresent()) {
            String type =
                    rule.icmpType().getAsInt()
                            + rule.icmpCode().stream()
                                    .mapToObj(code -> "/" + code)
                                    .findFirst()
                                    .orElse("");
            line.append(
                    protocol == PolicyRule.ICMP
                            ? " -m icmp --icmp-type " + type
                            : " -m icmp6 --icmpv6-type " + type);
        }
        return line.toString();
    }

    private static String icmpv6(int type) {
        return "-p ipv6-icmp -m icmp6 --icmpv6-type " + type;
    }

    /** The IPv6 link-local address of {@code mac} (RFC 4291 appendix A). */
    static java.net.InetAddress linkLocal(String mac) {
        String[] parts = mac.split(":");
        byte[] address = new byte[16];
        address[0] = (byte) 0xfe;
        address[1] = (byte) 0x80;
        address[8] = (byte) (Integer.parseInt(parts[0], 16) ^ 0x02);
        address[9] = (byte) Integer.parseInt(parts[1], 16);
        address[10] = (byte) Integer.parseInt(parts[2], 16);
        address[11] = (byte) 0xff;
        address[12] = (byte) 0xfe;
        address[13] = (byte) Integer.parseInt(parts[3], 16);
        address[14] = (byte) Integer.parseInt(parts[4], 16);
        address[15] = (byte) Integer.parseInt(parts[5], 16);
        try {
            return java.net.InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
