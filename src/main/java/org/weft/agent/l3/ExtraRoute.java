package org.weft.agent.l3;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * One of a router's {@code routes}: {@code destination} (a CIDR) reached through {@code nexthop}.
 */
public record ExtraRoute(String destination, String nexthop) {
    public ExtraRoute {
        Objects.requireNonNull(destination);
        if (!destination.contains("/")) {
            throw new IllegalArgumentException("route destination must be a CIDR: " + destination);
        }
        nexthop = PortAddress.canonical(nexthop);
    }

    /**
     * The destination as the kernel prints it: the network address of the CIDR, {@code default} for
     * a prefix of length 0, and a host route without its {@code /32} or {@code /128}.
     */
    public String kernelDestination() {
        String address = PortAddress.canonical(destination.substring(0, destination.indexOf('/')));
        int length = Integer.parseInt(destination.substring(destination.indexOf('/') + 1));
        boolean ipv6 = address.contains(":");
        int bits = ipv6 ? 128 : 32;
        if (length == 0) {
            return "default";
        }
        String network = PortAddress.canonical(networkOf(address, length, bits));
        return length == bits ? network : network + "/" + length;
    }

    private static String networkOf(String address, int length, int bits) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            BigInteger value = new BigInteger(1, bytes);
            BigInteger mask =
                    BigInteger.ONE
                            .shiftLeft(bits)
                            .subtract(BigInteger.ONE)
                            .shiftRight(bits - length)
                            .shiftLeft(bits - length);
            byte[] masked = value.and(mask).toByteArray();
            byte[] out = new byte[bytes.length];
            int copy = Math.min(masked.length, out.length);
            System.arraycopy(masked, masked.length - copy, out, out.length - copy, copy);
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
