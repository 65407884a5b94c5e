package org.weft.bus.message;

import java.util.List;

/** What the DHCP agent asks the plugin and the network events the server tells it. */
public final class DhcpMessages {
    private DhcpMessages() {}

    /** The networks with DHCP this host should serve. */
    public record NetworksRequest(String host) {}

    public record NetworkRequest(String networkId, String host) {}

    public record HostRoute(String destination, String nexthop) {}

    public record AllocationPool(String start, String end) {}

    /**
     * A subnet as DHCP serves it; {@code gatewayIp}, {@code ipv6AddressMode} and {@code ipv6RaMode}
     * are null when not set ({@code slaac}, {@code dhcpv6-stateful}, {@code dhcpv6-stateless}).
     */
    public record DhcpSubnet(
            String id,
            String cidr,
            int ipVersion,
            String gatewayIp,
            boolean enableDhcp,
            List<String> dnsNameservers,
            List<HostRoute> hostRoutes,
            List<AllocationPool> allocationPools,
            String ipv6AddressMode,
            String ipv6RaMode) {
        public DhcpSubnet {
            dnsNameservers = Lists.orEmpty(dnsNameservers);
            hostRoutes = Lists.orEmpty(hostRoutes);
            allocationPools = Lists.orEmpty(allocationPools);
        }
    }

    public record DhcpPort(
            String id,
            String macAddress,
            List<FixedIp> fixedIps,
            String deviceOwner,
            String deviceId) {
        public DhcpPort {
            fixedIps = Lists.orEmpty(fixedIps);
        }
    }

    /** A network as dnsmasq serves it: its subnets and every port that takes an address. */
    public record DhcpNetwork(
            String id,
            String projectId,
            boolean adminStateUp,
            Integer mtu,
            List<DhcpSubnet> subnets,
            List<DhcpPort> ports) {
        public DhcpNetwork {
            subnets = Lists.orEmpty(subnets);
            ports = Lists.orEmpty(ports);
        }
    }

    public record DhcpNetworkList(List<DhcpNetwork> networks) {
        public DhcpNetworkList {
            networks = Lists.orEmpty(networks);
        }
    }

    /** The DHCP port of a network on a host: made if missing, or given back. */
    public record DhcpPortRequest(String networkId, String deviceId, String host) {}

    public record NetworkEvent(String networkId) {}

    public record SubnetEvent(String networkId, String subnetId) {}

    public record PortEvent(String networkId, String portId) {}
}
