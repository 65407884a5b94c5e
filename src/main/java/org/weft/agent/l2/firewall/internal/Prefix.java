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

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
