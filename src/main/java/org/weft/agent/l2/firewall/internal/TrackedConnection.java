package org.weft.agent.l2.firewall.internal;

import java.net.Inet4Address;
import java.net.InetAddress;

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
}
