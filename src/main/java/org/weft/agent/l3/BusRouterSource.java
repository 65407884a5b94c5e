package org.weft.agent.l3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.bus.Subscription;
import org.weft.bus.Topics;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L3Messages;

/**
 * The server as the l3 agent's router source: {@code sync_routers} for the routers of this host,
 * {@code update_floatingip_statuses} for what became of their floating IPs, and the {@code
 * routers_updated} and {@code router_deleted} notifications passed to the agent. (The full
 * resynchronisation after a broker outage or a revival comes from the agent's {@code
 * StateReporter}.)
 */
public final class BusRouterSource implements RouterSource {
    private static final Logger log = LoggerFactory.getLogger(BusRouterSource.class);
    private static final int DEFAULT_MTU = 1500;

    private final Bus bus;
    private final String host;

    public BusRouterSource(Bus bus, String host) {
        this.bus = bus;
        this.host = host;
    }

    /** Passes the server's router notifications for this host to {@code agent}. */
    public Subscription listen(L3Agent agent) {
        Handlers handlers =
                Handlers.forTopic(Topics.L3_AGENT)
                        .on(
                                Topics.ROUTERS_UPDATED,
                                message ->
                                        agent.routersUpdated(
                                                message.routerIds().stream()
                                                        .map(RouterId::new)
                                                        .toList()))
                        .on(
                                Topics.ROUTER_DELETED,
                                message -> agent.routerDeleted(new RouterId(message.routerId())))
                        .build();
        return bus.subscribe(handlers, host);
    }

    @Override
    public List<Router> routers(Collection<RouterId> ids) {
        L3Messages.RouterSyncReply reply =
                bus.call(
                        Topics.SYNC_ROUTERS,
                        new L3Messages.RouterSyncRequest(
                                host, ids.stream().map(RouterId::value).toList()));
        List<Router> routers = new ArrayList<>();
        for (L3Messages.RouterInfo info : reply.routers()) {
            routers.add(routerOf(info));
        }
        return routers;
    }

    @Override
    public void reportFloatingIpStatuses(RouterId router, Map<String, String> statuses) {
        bus.call(
                Topics.UPDATE_FLOATINGIP_STATUSES,
                new L3Messages.FloatingIpStatuses(router.value(), statuses));
    }

    /** The router the agent makes of the server's description. */
    static Router routerOf(L3Messages.RouterInfo info) {
        List<FloatingIp> floatingIps = new ArrayList<>();
        for (L3Messages.FloatingIp floatingIp : info.floatingIps()) {
            if (floatingIp.fixedIpAddress() != null && !floatingIp.fixedIpAddress().isBlank()) {
                floatingIps.add(
                        new FloatingIp(
                                floatingIp.id(),
                                floatingIp.floatingIpAddress(),
                                floatingIp.fixedIpAddress()));
            }
        }
        return new Router(
                new RouterId(info.id()),
                info.projectId() == null ? "" : info.projectId(),
                info.adminStateUp(),
                Optional.ofNullable(info.gateway()).map(port -> gatewayOf(port, info.enableSnat())),
                interfacesOf(info.interfaces()),
                floatingIps,
                info.routes().stream()
                        .map(route -> new ExtraRoute(route.destination(), route.nexthop()))
                        .toList());
    }

    private static List<RouterInterface> interfacesOf(List<L3Messages.RouterInterface> subnets) {
        // The server sends one entry per subnet; a port on several subnets is one device.
        Map<String, List<L3Messages.RouterInterface>> byPort = new LinkedHashMap<>();
        for (L3Messages.RouterInterface subnet : subnets) {
            byPort.computeIfAbsent(subnet.portId(), key -> new ArrayList<>()).add(subnet);
        }
        List<RouterInterface> interfaces = new ArrayList<>();
        byPort.forEach(
                (portId, entries) -> {
                    L3Messages.RouterInterface first = entries.get(0);
                    interfaces.add(
                            new RouterInterface(
                                    portId,
                                    first.networkId(),
                                    first.macAddress(),
                                    first.mtu() == null ? DEFAULT_MTU : first.mtu(),
                                    entries.stream().map(BusRouterSource::addressOf).toList()));
                });
        return interfaces;
    }

    private static PortAddress addressOf(L3Messages.RouterInterface subnet) {
        return new PortAddress(
                subnet.ipAddress(),
                subnet.cidr(),
                Optional.empty(),
                Optional.ofNullable(subnet.ipv6RaMode()).map(Ipv6RaMode::of));
    }

    private static RouterGateway gatewayOf(L3Messages.GatewayPort port, boolean enableSnat) {
        Map<String, L3Messages.SubnetGateway> subnets = new LinkedHashMap<>();
        port.subnets().forEach(subnet -> subnets.put(subnet.subnetId(), subnet));
        List<PortAddress> addresses = new ArrayList<>();
        for (FixedIp fixedIp : port.fixedIps()) {
            L3Messages.SubnetGateway subnet = subnets.get(fixedIp.subnetId());
            if (subnet == null) {
                log.warn(
                        "gateway port={} has address={} on subnet={} the server did not describe;"
                                + " ignoring it",
                        port.portId(),
                        fixedIp.ipAddress(),
                        fixedIp.subnetId());
                continue;
            }
            addresses.add(PortAddress.of(fixedIp.ipAddress(), subnet.cidr(), subnet.gatewayIp()));
        }
        return new RouterGateway(
                port.portId(),
                port.networkId(),
                port.macAddress(),
                port.mtu() == null ? DEFAULT_MTU : port.mtu(),
                addresses,
                enableSnat);
    }
}
