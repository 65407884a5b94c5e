package org.weft.agent.dhcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A subnet as the DHCP agent needs it: what the server sends with a network.
 *
 * @param gatewayIp the subnet's gateway; empty when the subnet has none ({@code gateway_ip: null})
 * @param dnsNameservers the DNS servers handed to hosts; empty to hand out dnsmasq's own address
 * @param ipv6AddressMode for IPv6 subnets, how hosts get their address; empty when not set
 * @param ipv6RaMode for IPv6 subnets, who sends router advertisements; empty when not set
 */
public record DhcpSubnet(
        String id,
        String networkId,
        int ipVersion,
        String cidr,
        Optional<String> gatewayIp,
        boolean enableDhcp,
        List<String> dnsNameservers,
        List<HostRoute> hostRoutes,
        Optional<Ipv6Mode> ipv6AddressMode,
        Optional<Ipv6Mode> ipv6RaMode) {

    public DhcpSubnet {
        Objects.requireNonNull(id);
        Objects.requireNonNull(networkId);
        Objects.requireNonNull(cidr);
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException(
                    "subnet " + id + ": ip_version must be 4 or 6, not " + ipVersion);
        }
        gatewayIp = Objects.requireNonNull(gatewayIp);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
        ipv6AddressMode = Objects.requireNonNull(ipv6AddressMode);
        ipv6RaMode = Objects.requireNonNull(ipv6RaMode);
    }

    /** An IPv4 subnet with DHCP on, its gateway, and no DNS servers or host routes of its own. */
    public static DhcpSubnet ipv4(String id, String networkId, String cidr, String gatewayIp) {
        return new DhcpSubnet(
                id,
                networkId,
                4,
                cidr,
                Optional.ofNullable(gatewayIp),
                true,
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty());
    }

    /** An IPv6 subnet with DHCP on, in the given address mode, with no RA mode of its own. */
    public static DhcpSubnet ipv6(
            String id, String networkId, String cidr, String gatewayIp, Ipv6Mode addressMode) {
        return new DhcpSubnet(
                id,
                networkId,
                6,
                cidr,
                Optional.ofNullable(gatewayIp),
                true,
                List.of(),
                List.of(),
                Optional.of(addressMode),
                Optional.empty());
    }

    public DhcpSubnet withDnsNameservers(List<String> servers) {
        return new DhcpSubnet(
                id,
                networkId,
                ipVersion,
                cidr,
                gatewayIp,
                enableDhcp,
                servers,
                hostRoutes,
                ipv6AddressMode,
                ipv6RaMode);
    }

    public DhcpSubnet withHostRoutes(List<HostRoute> routes) {
        return new DhcpSubnet(
                id,
                networkId,
                ipVersion,
                cidr,
                gatewayIp,
                enableDhcp,
                dnsNameservers,
                routes,
                ipv6AddressMode,
                ipv6RaMode);
    }

    public DhcpSubnet withEnableDhcp(boolean enabled) {
        return new DhcpSubnet(
                id,
                networkId,
                ipVersion,
                cidr,
                gatewayIp,
                enabled,
                dnsNameservers,
                hostRoutes,
                ipv6AddressMode,
                ipv6RaMode);
    }

    /**
     * Whether dnsmasq serves this subnet: DHCP is on, and for IPv6 the hosts use DHCPv6 for their
     * address or their options (SLAAC-only subnets are left to router advertisements).
     */
    public boolean servedByDhcp() {
        if (!enableDhcp) {
            return false;
        }
        if (ipVersion == 4) {
            return true;
        }
        return ipv6AddressMode.map(mode -> mode != Ipv6Mode.SLAAC).orElse(ipv6RaMode.isEmpty());
    }

    /** Whether hosts get their address from dnsmasq on this subnet (not only options). */
    public boolean assignsAddresses() {
        return servedByDhcp()
                && (ipVersion == 4 || ipv6AddressMode.orElse(null) != Ipv6Mode.DHCPV6_STATELESS);
    }
}
