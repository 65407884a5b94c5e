package org.weft.agent.l2.firewall.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * One connection a conntrack zone holds, by its original direction (as its first packet went): the
 * protocol, the addresses, and the destination and source ports (TCP, UDP, SCTP, UDP-Lite, DCCP) or
 * the ICMP type, code and identifier; fields the protocol lacks are 0.
 */
public record TrackedConnection(
        int protocol,
        InetAddress source,
        InetAddress destination,
        int sourcePort,
        int destinationPort,
        int icmpType,
        int icmpCode,
        int icmpId) {

    public TrackedConnection {
        if (source.getAddress().length != destination.getAddress().length) {
            throw new IllegalArgumentException(
                    "connection from "
                            + source.getHostAddress()
                            + " to "
                            + destination.getHostAddress()
                            + " mixes IP versions");
        }
    }

    /** A connection of a protocol with ports. */
    public static TrackedConnection ported(
            int protocol,
            InetAddress source,
            InetAddress destination,
            int sourcePort,
            int destinationPort) {
        return new TrackedConnection(
                protocol, source, destination, sourcePort, destinationPort, 0, 0, 0);
    }

    /** An ICMP or ICMPv6 exchange (an echo, say). */
    public static TrackedConnection icmp(
            int protocol, InetAddress source, InetAddress destination, int type, int code, int id) {
        return new TrackedConnection(protocol, source, destination, 0, 0, type, code, id);
    }

    /** A connection of any other protocol, known by its addresses alone. */
    public static TrackedConnection other(
            int protocol, InetAddress source, InetAddress destination) {
        return new TrackedConnection(protocol, source, destination, 0, 0, 0, 0, 0);
    }

    public int ipVersion() {
        return source instanceof Inet4Address ? 4 : 6;
    }

    public boolean hasPorts() {
        return PolicyRule.hasPorts(protocol);
    }

    public boolean isIcmp() {
        return PolicyRule.isIcmp(protocol);
    }

    @Override
    public String toString() {
        String ends = source.getHostAddress() + " > " + destination.getHostAddress();
        if (hasPorts()) {
            ends =
                    source.getHostAddress()
                            + ":"
                            + sourcePort
                            + " > "
                            + destination.getHostAddress()
                            + ":"
                            + destinationPort;
        } else if (isIcmp()) {
            ends += " type " + icmpType + " code " + icmpCode + " id " + icmpId;
        }
        return "proto " + protocol + " " + ends;
    }

    /**
     * The connection a conntrack listing names by its original direction's fields, as both the
     * kernel's {@code conntrack -L} and Open vSwitch's {@code dump-conntrack} spell them ({@code
     * src}, {@code dst}, {@code sport}, {@code dport}, or {@code type}, {@code code}, {@code id}).
     */
    static TrackedConnection of(int protocol, Map<String, String> fields) {
        InetAddress source = address(fields.get("src"));
        InetAddress destination = address(fields.get("dst"));
        if (PolicyRule.hasPorts(protocol) && fields.containsKey("dport")) {
            return ported(
                    protocol,
                    source,
                    destination,
                    Integer.parseInt(fields.getOrDefault("sport", "0")),
                    Integer.parseInt(fields.get("dport")));
        }
        if (PolicyRule.isIcmp(protocol) && fields.containsKey("type")) {
            return icmp(
                    protocol,
                    source,
                    destination,
                    Integer.parseInt(fields.get("type")),
                    Integer.parseInt(fields.getOrDefault("code", "0")),
                    Integer.parseInt(fields.getOrDefault("id", "0")));
        }
        return other(protocol, source, destination);
    }

    /** An address as conntrack prints it; never a host name to look up. */
    static InetAddress address(String literal) {
        if (literal == null || !literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + literal + "' is not an address");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an address", e);
        }
    }
}
