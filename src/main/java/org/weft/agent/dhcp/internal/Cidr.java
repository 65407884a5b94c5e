package org.weft.agent.dhcp.internal;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP network written as an address and a prefix length ({@code 10.0.0.0/24}, {@code
 * fd00:1::/64}). Addresses are parsed as literals only: nothing here ever asks a DNS server.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network);
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range for " + network);
        }
        network = masked(network, prefixLength);
    }

    /** Parses {@code address/prefix}; the host bits of the address are cleared. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        InetAddress address = address(text.substring(0, slash));
        try {
            return new Cidr(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + text, e);
        }
    }

    /** Parses an IPv4 or IPv6 address literal. */
    public static InetAddress address(String text) {
        String literal = text.strip();
        boolean ipv6 = literal.indexOf(':') >= 0;
        if (!ipv6 && !isDottedQuad(literal)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            // With a colon or a dotted quad, getByName parses the literal and never resolves.
            return InetAddress.getByName(ipv6 ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    public int ipVersion() {
        return network instanceof Inet6Address ? 6 : 4;
    }

    /** The network address as text: {@code 10.0.0.0}, {@code fd00:1::}. */
    public String networkAddress() {
        return text(network);
    }

    /** The IPv4 netmask as a dotted quad: {@code 255.255.255.0}. */
    public String netmask() {
        if (ipVersion() != 4) {
            throw new IllegalStateException("an IPv6 network has no netmask: " + this);
        }
        long mask = prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
        return (mask >> 24)
                + "."
                + ((mask >> 16) & 255)
                + "."
                + ((mask >> 8) & 255)
                + "."
                + (mask & 255);
    }

    /** How many addresses the network holds. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.getAddress().length * 8 - prefixLength);
    }

    public boolean contains(InetAddress address) {
        return address.getAddress().length == network.getAddress().length
                && masked(address, prefixLength).equals(network);
    }

    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /** An address of this network with this network's prefix: {@code 10.0.0.2/24}. */
    public String withPrefix(String address) {
        return text(address(address)) + "/" + prefixLength;
    }

    /** The canonical text of an address, IPv6 in its shortest form. */
    public static String text(InetAddress address) {
        if (address instanceof Inet6Address) {
            return shortIpv6(address.getAddress());
        }
        return address.getHostAddress();
    }

    private static String shortIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 255) << 8) | (bytes[2 * i + 1] & 255);
        }
        // RFC 5952 §4.2.3: the longest run of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return networkAddress() + "/" + prefixLength;
    }
}
