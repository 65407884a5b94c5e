package org.weft.agent.l3;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A router as this agent must make it: what the server's router sync answers for one router.
 *
 * @param adminStateUp a router that is administratively down keeps no namespace here
 */
public record Router(
        RouterId id,
        String projectId,
        boolean adminStateUp,
        Optional<RouterGateway> gateway,
        List<RouterInterface> interfaces,
        List<FloatingIp> floatingIps,
        List<ExtraRoute> routes) {

    public Router {
        Objects.requireNonNull(id);
        Objects.requireNonNull(projectId);
        Objects.requireNonNull(gateway);
        interfaces = List.copyOf(interfaces);
        floatingIps = List.copyOf(floatingIps);
        routes = List.copyOf(routes);
    }

    /** This router with {@code floatingIp} added (or, for its id, replaced). */
    public Router withFloatingIp(FloatingIp floatingIp) {
        List<FloatingIp> changed =
                new java.util.ArrayList<>(
                        floatingIps.stream().filter(f -> !f.id().equals(floatingIp.id())).toList());
        changed.add(floatingIp);
        return new Router(id, projectId, adminStateUp, gateway, interfaces, changed, routes);
    }

    /** This router without the floating IP {@code floatingIpId}. */
    public Router withoutFloatingIp(String floatingIpId) {
        return new Router(
                id,
                projectId,
                adminStateUp,
                gateway,
                interfaces,
                floatingIps.stream().filter(f -> !f.id().equals(floatingIpId)).toList(),
                routes);
    }
}
