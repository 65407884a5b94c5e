package org.weft.agent.dhcp.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;

/**
 * Where a network's hosts reach the metadata service: through their router, or, on an isolated
 * subnet (one whose gateway is no router's interface), through a proxy in the DHCP namespace.
 */
public final class Metadata {
    public static final String ADDRESS = "169.254.169.254";
    public static final String ADDRESS_CIDR = ADDRESS + "/32";
    private static final Cidr LINK_LOCAL = Cidr.parse("169.254.0.0/16");

    private Metadata() {}

    /** The subnets whose gateway address is held by a router interface port. */
    public static Set<String> routedSubnets(DhcpNetwork network) {
        Set<String> routed = new HashSet<>();
        for (DhcpPort port : network.ports()) {
            if (!port.isRouterInterface()) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                network.subnet(ip.subnetId())
                        .filter(subnet -> subnet.gatewayIp().equals(Optional.of(ip.ipAddress())))
                        .ifPresent(subnet -> routed.add(subnet.id()));
            }
        }
        return routed;
    }

    public static boolean isIsolated(DhcpNetwork network, DhcpSubnet subnet) {
        return !routedSubnets(network).contains(subnet.id());
    }

    /**
     * Whether the network needs a metadata proxy in its DHCP namespace: always with {@code
     * force_metadata}; with {@code enable_isolated_metadata}, when a DHCP subnet is isolated or,
     * with {@code enable_metadata_network} too, when the network has a link-local subnet.
     */
    public static boolean needsProxy(DnsmasqSettings settings, DhcpNetwork network) {
        var dhcpSubnets = network.subnets().stream().filter(DhcpSubnet::enableDhcp).toList();
        if (dhcpSubnets.isEmpty()) {
            return false;
        }
        if (settings.forceMetadata()) {
            return true;
        }
        if (!settings.enableIsolatedMetadata()) {
            return false;
        }
        if (settings.enableMetadataNetwork() && hasLinkLocalSubnet(network)) {
            return true;
        }
        Set<String> routed = routedSubnets(network);
        return dhcpSubnets.stream().anyMatch(subnet -> !routed.contains(subnet.id()));
    }

    private static boolean hasLinkLocalSubnet(DhcpNetwork network) {
        return network.subnets().stream()
                .filter(subnet -> subnet.ipVersion() == 4)
                .anyMatch(subnet -> LINK_LOCAL.contains(Cidr.parse(subnet.cidr())));
    }
}
