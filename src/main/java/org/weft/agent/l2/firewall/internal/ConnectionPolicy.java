package org.weft.agent.l2.firewall.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.PolicyRule.Direction;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;

/**
 * Whether a connection tracked in a port's zone is one the port's policy lets through, as the
 * drivers' rules would judge its first packet: a connection from one of the port's addresses (its
 * fixed IPs, allowed address pairs, IPv6 link-local address) is the port's egress, one to them its
 * ingress; it is allowed when a rule of that direction matches it (IP version, protocol or any,
 * destination port in the rule's range, ICMP type and code, the other end in the rule's remote
 * prefix), or when it is what every port may do whatever its rules (DHCP, neighbour discovery). A
 * connection that is neither from nor to the port is not the port's to judge, and is allowed.
 */
public final class ConnectionPolicy {
    private static final Set<Integer> DISCOVERY = Set.of(130, 131, 132, 133, 134, 135, 136);

    private ConnectionPolicy() {}

    /** The connections of {@code tracked} that {@code policy} no longer allows. */
    public static List<TrackedConnection> disallowed(
            PortPolicy policy, List<TrackedConnection> tracked) {
        List<TrackedConnection> cut = new ArrayList<>();
        for (TrackedConnection connection : tracked) {
            if (!allows(policy, connection)) {
                cut.add(connection);
            }
        }
        return cut;
    }

    /** Whether {@code policy} lets {@code connection} through (see the class comment). */
    public static boolean allows(PortPolicy policy, TrackedConnection connection) {
        Optional<Direction> direction = direction(policy.port(), connection);
        if (direction.isEmpty() || everyPortMay(direction.get(), connection)) {
            return true;
        }
        return policy.rules(direction.get()).stream()
                .anyMatch(rule -> matches(rule, direction.get(), connection));
    }

    /** Which way {@code connection} goes for {@code port}; empty when it is not the port's. */
    static Optional<Direction> direction(WiredPort port, TrackedConnection connection) {
        List<Prefix> addresses = addresses(port);
        if (within(addresses, connection.source())) {
            return Optional.of(Direction.EGRESS);
        }
        if (within(addresses, connection.destination())) {
            return Optional.of(Direction.INGRESS);
        }
        return Optional.empty();
    }

    /** Whether {@code rule}, a rule of {@code direction}, lets the connection's first packet by. */
    static boolean matches(PolicyRule rule, Direction direction, TrackedConnection connection) {
        if (rule.remoteGroup().isPresent()) {
            throw new IllegalArgumentException(
                    "rule " + rule + " names a remote group: expand it to its members first");
        }
        if (rule.direction() != direction || rule.ipVersion() != connection.ipVersion()) {
            return false;
        }
        InetAddress remote =
                direction == Direction.INGRESS ? connection.source() : connection.destination();
        if (rule.remote().isPresent() && !rule.remote().get().contains(remote)) {
            return false;
        }
        if (rule.protocol().isEmpty()) {
            return true;
        }
        if (rule.protocol().getAsInt() != connection.protocol()) {
            return false;
        }
        if (rule.hasPortRange()) {
            int port = connection.destinationPort();
            return connection.hasPorts()
                    && port >= rule.portMin().getAsInt()
                    && port <= rule.portMax().getAsInt();
        }
        if (rule.icmpType().isPresent() && rule.icmpType().getAsInt() != connection.icmpType()) {
            return false;
        }
        return rule.icmpCode().isEmpty() || rule.icmpCode().getAsInt() == connection.icmpCode();
    }

    /** DHCP and neighbour discovery, which both drivers let by before the rules. */
    private static boolean everyPortMay(Direction direction, TrackedConnection connection) {
        if (connection.protocol() == PolicyRule.ICMPV6) {
            return DISCOVERY.contains(connection.icmpType());
        }
        if (connection.protocol() != PolicyRule.UDP) {
            return false;
        }
        boolean v4 = connection.ipVersion() == 4;
        int client = v4 ? 68 : 546;
        int server = v4 ? 67 : 547;
        return direction == Direction.EGRESS
                ? connection.sourcePort() == client && connection.destinationPort() == server
                : connection.sourcePort() == server && connection.destinationPort() == client;
    }

    private static List<Prefix> addresses(WiredPort port) {
        List<Prefix> addresses = new ArrayList<>();
        for (FixedIp ip : port.fixedIps()) {
            addresses.add(Prefix.parse(ip.ipAddress()));
        }
        for (AllowedAddressPair pair : port.allowedAddressPairs()) {
            addresses.add(Prefix.parse(pair.ipAddress()));
        }
        addresses.add(
                new Prefix(
                        IptablesRules.linkLocal(port.macAddress().toLowerCase(Locale.ROOT)), 128));
        return addresses;
    }

    private static boolean within(List<Prefix> prefixes, InetAddress address) {
        return prefixes.stream().anyMatch(prefix -> prefix.contains(address));
    }
}
