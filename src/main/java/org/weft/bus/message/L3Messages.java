package org.weft.bus.message;

import java.util.List;
import java.util.Map;

/** What the L3 agent asks the plugin about its routers, and the router updates it is told. */
public final class L3Messages {
    private L3Messages() {}

    /** The routers of {@code host}; all of them when {@code routerIds} is empty. */
    public record RouterSyncRequest(String host, List<String> routerIds) {
        public RouterSyncRequest {
            routerIds = Lists.orEmpty(routerIds);
        }
    }

    /**
     * A {@code qr-} port: the router's address on one subnet. {@code ipv6RaMode} is the subnet's
     * {@code ipv6_ra_mode} ({@code slaac}, {@code dhcpv6-stateless}, {@code dhcpv6-stateful}), null
     * for IPv4 and for IPv6 subnets this router does not advertise.
     */
    public record RouterInterface(
            String portId,
            String networkId,
            String subnetId,
            String cidr,
            String ipAddress,
            String macAddress,
            Integer mtu,
            String ipv6RaMode) {}

    public record SubnetGateway(String subnetId, String cidr, String gatewayIp) {}

    /** The {@code qg-} port on the external network and that network's subnets. */
    public record GatewayPort(
            String portId,
            String networkId,
            String macAddress,
            List<FixedIp> fixedIps,
            List<SubnetGateway> subnets,
            Integer mtu) {
        public GatewayPort {
            fixedIps = Lists.orEmpty(fixedIps);
            subnets = Lists.orEmpty(subnets);
        }
    }

    public record FloatingIp(
            String id,
            String floatingIpAddress,
            String fixedIpAddress,
            String portId,
            String status) {}

    /** One of the router's {@code routes}: {@code destination} (a CIDR) via {@code nexthop}. */
    public record ExtraRoute(String destination, String nexthop) {}

    /** A router as the L3 agent builds it; {@code gateway} is null without an external gateway. */
    public record RouterInfo(
            String id,
            String projectId,
            boolean adminStateUp,
            boolean enableSnat,
            GatewayPort gateway,
            List<RouterInterface> interfaces,
            List<FloatingIp> floatingIps,
            List<ExtraRoute> routes) {
        public RouterInfo {
            interfaces = Lists.orEmpty(interfaces);
            floatingIps = Lists.orEmpty(floatingIps);
            routes = Lists.orEmpty(routes);
        }
    }

    public record RouterSyncReply(List<RouterInfo> routers) {
        public RouterSyncReply {
            routers = Lists.orEmpty(routers);
        }
    }

    /** Floating IP id to its new status ({@code ACTIVE}, {@code DOWN}, {@code ERROR}). */
    public record FloatingIpStatuses(String routerId, Map<String, String> statuses) {
        public FloatingIpStatuses {
            statuses = Lists.orEmpty(statuses);
        }
    }

    public record RoutersUpdated(List<String> routerIds) {
        public RoutersUpdated {
            routerIds = Lists.orEmpty(routerIds);
        }
    }

    public record RouterDeleted(String routerId) {}
}
