package org.weft.agent.l3;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One fixed IP of a router port, with what the router needs to know of its subnet.
 *
 * @param ipAddress the port's address on the subnet ({@code 10.0.1.1})
 * @param subnetCidr the subnet ({@code 10.0.1.0/24})
 * @param subnetGateway the subnet's {@code gateway_ip}, the next hop of a gateway port
 * @param ipv6RaMode the subnet's {@code ipv6_ra_mode}, for IPv6 subnets that get router
 *     advertisements from this router
 */
public record PortAddress(
        String ipAddress,
        String subnetCidr,
        Optional<String> subnetGateway,
        Optional<Ipv6RaMode> ipv6RaMode) {

    public PortAddress {
        Objects.requireNonNull(ipAddress);
        Objects.requireNonNull(subnetCidr);
        Objects.requireNonNull(subnetGateway);
        Objects.requireNonNull(ipv6RaMode);
        if (!subnetCidr.contains("/")) {
            throw new IllegalArgumentException("subnet must be a CIDR: " + subnetCidr);
        }
    }

    /** An IPv4 address or an IPv6 address without router advertisements. */
    public static PortAddress of(String ipAddress, String subnetCidr, String subnetGateway) {
        return new PortAddress(
                ipAddress, subnetCidr, Optional.ofNullable(subnetGateway), Optional.empty());
    }

    public int prefixLength() {
        return Integer.parseInt(subnetCidr.substring(subnetCidr.indexOf('/') + 1));
    }

    /** The address with the subnet's prefix length, as {@code ip addr} writes it. */
    public String withPrefix() {
        return canonical(ipAddress) + "/" + prefixLength();
    }

    public boolean isIpv6() {
        return ipAddress.contains(":");
    }

    /** The textual form {@code ip} prints, so that desired and present addresses compare. */
    static String canonical(String address) {
        // Only literals reach getByName, so it never asks DNS.
        if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        try {
            String text = InetAddress.getByName(address).getHostAddress();
            return address.contains(":") ? compressIpv6(text) : text;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static String compressIpv6(String full) {
        // Java prints every group (2001:db8:0:0:0:0:0:1); iproute2 prints RFC 5952's form.
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail =
                String.join(
                        ":",
                        java.util.Arrays.copyOfRange(
                                groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
