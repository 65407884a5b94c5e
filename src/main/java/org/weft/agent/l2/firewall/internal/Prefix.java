package org.weft.agent.l2.firewall.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address prefix a rule matches: {@code 10.0.0.0/8}, or one address ({@code /32}, {@code /128}).
 */
public record Prefix(InetAddress address, int length) {

    public Prefix {
        int full = address.getAddress().length * 8;
        if (length < 0 || length > full) {
            throw new IllegalArgumentException(
                    "prefix length "
                            + length
                            + " of "
                            + address.getHostAddress()
                            + " is out of range");
        }
    }

    /** Parses {@code 10.0.0.0/8} or a bare address. */
    public static Prefix parse(String text) {
        String[] parts = text.strip().split("/", 2);
        if (!parts[0].matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + text + "' is not an address or prefix");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(parts[0]);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address or prefix", e);
        }
        int full = address.getAddress().length * 8;
        return new Prefix(address, parts.length == 2 ? Integer.parseInt(parts[1]) : full);
    }

    public int ipVersion() {
        return address instanceof Inet4Address ? 4 : 6;
    }

    /** Whether it matches every address of its version ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean isAny() {
        return length == 0;
    }

    /** Whether {@code other} is inside it (never for an address of the other IP version). */
    public boolean contains(InetAddress other) {
        byte[] mine = address.getAddress();
        byte[] theirs = other.getAddress();
        if (mine.length != theirs.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (mine[i] != theirs[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (mine[full] & mask) == (theirs[full] & mask);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
