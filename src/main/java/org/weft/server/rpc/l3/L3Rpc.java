package org.weft.server.rpc.l3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.Ack;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L3Messages;
import org.weft.server.scheduler.L3Scheduler;
import org.weft.server.service.FloatingIp;
import org.weft.server.service.FloatingIpId;
import org.weft.server.service.GatewayInfo;
import org.weft.server.service.HostRoute;
import org.weft.server.service.Port;
import org.weft.server.service.Router;
import org.weft.server.service.RouterId;
import org.weft.server.service.Routers;
import org.weft.server.service.Services;
import org.weft.server.service.Subnet;

/**
 * The plugin's answers to L3 agents: {@code sync_routers} with each router as the agent builds it
 * (interfaces with their subnets and MTUs, the gateway port with the external subnets, floating
 * IPs, extra routes) and {@code update_floatingip_statuses}.
 *
 * <p>An agent is given only the routers its {@link L3Scheduler} binds to it; asking for its routers
 * first places there those without an agent, as Neutron's {@code router_auto_schedule} does.
 */
public final class L3Rpc {
    private static final Logger log = LoggerFactory.getLogger(L3Rpc.class);

    private final Services services;
    private final L3Scheduler scheduler;

    public L3Rpc(Services services, L3Scheduler scheduler) {
        this.services = services;
        this.scheduler = scheduler;
    }

    /** Adds the L3 agents' methods to the plugin topic's handlers. */
    public Handlers.Builder addTo(Handlers.Builder plugin) {
        return plugin.on(Topics.SYNC_ROUTERS, this::syncRouters)
                .on(Topics.UPDATE_FLOATINGIP_STATUSES, this::updateFloatingIpStatuses);
    }

    public L3Messages.RouterSyncReply syncRouters(L3Messages.RouterSyncRequest request) {
        if (request.routerIds().isEmpty()) {
            // A full sync, as at the agent's start: it may take routers that have no agent.
            scheduler.scheduleTo(request.host());
        }
        Set<String> hosted = new HashSet<>(scheduler.hostedOn(request.host()));
        List<RouterId> ids =
                (request.routerIds().isEmpty() ? List.copyOf(hosted) : request.routerIds())
                        .stream().filter(hosted::contains).map(RouterId::of).toList();
        List<L3Messages.RouterInfo> routers = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Routers.RouterState state : services.routers().states(ids)) {
                routers.add(describe(state));
            }
        }
        log.debug("routers synced host={} routers={}", request.host(), routers.size());
        return new L3Messages.RouterSyncReply(routers);
    }

    public Ack updateFloatingIpStatuses(L3Messages.FloatingIpStatuses statuses) {
        Map<FloatingIpId, String> byId = new LinkedHashMap<>();
        statuses.statuses().forEach((id, status) -> byId.put(FloatingIpId.of(id), status));
        services.floatingIps().updateStatuses(byId);
        log.debug("floating IP statuses router={} statuses={}", statuses.routerId(), byId);
        return Ack.INSTANCE;
    }

    static L3Messages.RouterInfo describe(Routers.RouterState state) {
        Router router = state.router();
        return new L3Messages.RouterInfo(
                router.id().value(),
                router.projectId().value(),
                router.adminStateUp(),
                router.gateway().map(GatewayInfo::enableSnat).orElse(false),
                state.gatewayPort().map(port -> gateway(port, state)).orElse(null),
                state.interfaces().stream().map(L3Rpc::routerInterface).toList(),
                state.floatingIps().stream().map(L3Rpc::floatingIp).toList(),
                router.routes().stream().map(L3Rpc::route).toList());
    }

    private static L3Messages.GatewayPort gateway(Port port, Routers.RouterState state) {
        return new L3Messages.GatewayPort(
                port.id().value(),
                port.networkId().value(),
                port.macAddress().toString(),
                port.fixedIps().stream()
                        .map(f -> new FixedIp(f.subnetId().value(), f.ipAddress().toString()))
                        .toList(),
                state.gatewaySubnets().stream().map(L3Rpc::subnetGateway).toList(),
                state.gatewayMtu());
    }

    private static L3Messages.SubnetGateway subnetGateway(Subnet subnet) {
        return new L3Messages.SubnetGateway(
                subnet.id().value(),
                subnet.cidr().toString(),
                subnet.gatewayIp().map(Object::toString).orElse(null));
    }

    private static L3Messages.RouterInterface routerInterface(Routers.Interface attached) {
        Subnet subnet = attached.subnet();
        return new L3Messages.RouterInterface(
                attached.port().id().value(),
                attached.network().id().value(),
                subnet.id().value(),
                subnet.cidr().toString(),
                attached.fixedIp().ipAddress().toString(),
                attached.port().macAddress().toString(),
                attached.network().mtu(),
                subnet.ipVersion() == 6 ? subnet.ipv6RaMode().orElse(null) : null);
    }

    private static L3Messages.FloatingIp floatingIp(FloatingIp floatingIp) {
        return new L3Messages.FloatingIp(
                floatingIp.id().value(),
                floatingIp.floatingIpAddress().toString(),
                floatingIp.fixedIpAddress().map(Object::toString).orElse(null),
                floatingIp.portId().map(Object::toString).orElse(null),
                floatingIp.status());
    }

    private static L3Messages.ExtraRoute route(HostRoute route) {
        return new L3Messages.ExtraRoute(
                route.destination().toString(), route.nexthop().toString());
    }
}
