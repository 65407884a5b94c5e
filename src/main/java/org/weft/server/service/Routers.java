package org.weft.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.ipam.IpAddress;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Documents;
import org.weft.store.Transaction;

/**
 * Routers: their gateway on an external network (a {@code network:router_gateway} port), their
 * interfaces on subnets ({@code network:router_interface} ports, taking the subnet's gateway
 * address), their extra routes, and what the L3 agents build them from ({@link #states}).
 */
public final class Routers {
    private static final Logger log = LoggerFactory.getLogger(Routers.class);
    private static final int MAX_ROUTES = 30;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ServiceContext context;
    private final RouterKind kind;
    private final Ports ports;

    Routers(ServiceContext context, Ports ports) {
        this.context = context;
        this.kind = new RouterKind(context.events);
        this.ports = ports;
    }

    public ResourceKind<Router> kind() {
        return kind;
    }

    public Router get(Caller caller, RouterId id) {
        return context.store.inTransaction(tx -> kind.require(tx, caller, id.value()));
    }

    public Router create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        requireAdminForGatewayDetails(caller, request, "create_router");
        Router router =
                context.store.inTransaction(
                        tx -> {
                            Instant now = context.now();
                            Router made =
                                    new Router(
                                            RouterId.random(),
                                            request.string("name", ""),
                                            owner,
                                            request.bool("admin_state_up", true),
                                            "ACTIVE",
                                            Optional.empty(),
                                            request.string("description", ""),
                                            List.of(),
                                            false,
                                            false,
                                            request.strings("availability_zone_hints"),
                                            List.of(),
                                            Optional.empty(),
                                            List.of(),
                                            now,
                                            now,
                                            1);
                            RouterKind.TABLE.insert(tx, made);
                            context.quotas.charge(tx, owner, "router", 1);
                            kind.publish(tx, Change.created(made));
                            Optional<JsonNode> gateway = gatewayRequest(request);
                            if (gateway.isEmpty()) {
                                return made;
                            }
                            Router withGateway = withGateway(tx, made, gateway.get());
                            return kind.replace(tx, made, withGateway, context.now(), 1);
                        });
        log.info("router created: router={} project={}", router.id(), owner);
        return router;
    }

    /** The gateway a request asks for; empty for none ({@code null} or {@code {}}). */
    private static Optional<JsonNode> gatewayRequest(Attributes request) {
        return request.node("external_gateway_info")
                .filter(node -> node.isObject() && !node.isEmpty());
    }

    private static void requireAdminForGatewayDetails(
            Caller caller, Attributes request, String action) {
        Optional<JsonNode> gateway = gatewayRequest(request);
        if (caller.admin() || gateway.isEmpty()) {
            return;
        }
        for (String detail : List.of("enable_snat", "external_fixed_ips")) {
            if (gateway.get().has(detail)) {
                throw Errors.policy("rule:" + action + ":external_gateway_info:" + detail);
            }
        }
    }

    public Router update(Caller caller, RouterId id, Attributes changes, OptionalLong ifMatch) {
        requireAdminForGatewayDetails(caller, changes, "update_router");
        Router router =
                context.store.inTransaction(
                        tx -> {
                            Router current = kind.require(tx, caller, id.value());
                            ServiceContext.checkRevision(current, ifMatch);
                            ServiceContext.requireOwner(caller, current, "update_router");
                            return update(tx, current, changes);
                        });
        log.info("router updated: router={}", id);
        return router;
    }

    private Router update(Transaction tx, Router current, Attributes changes) {
        if (changes.isEmpty()) {
            return current;
        }
        ObjectNode document = Documents.tree(current);
        for (String simple : List.of("name", "description", "admin_state_up")) {
            changes.node(simple).ifPresent(value -> document.set(simple, value));
        }
        int steps = 0;
        Router changed = Documents.fromTree(document, Router.class);
        if (changes.has("routes")) {
            List<HostRoute> routes = routesOf(changes.node("routes").get());
            checkRoutes(tx, current, routes);
            ObjectNode withRoutes = Documents.tree(changed);
            withRoutes.set("routes", Documents.MAPPER.valueToTree(routes));
            changed = Documents.fromTree(withRoutes, Router.class);
        }
        if (changes.has("external_gateway_info")) {
            Optional<JsonNode> wanted = gatewayRequest(changes);
            Optional<GatewayInfo> had = current.gateway();
            boolean sameNetwork =
                    had.isPresent()
                            && wanted.isPresent()
                            && had.get()
                                    .networkId()
                                    .value()
                                    .equals(wanted.get().path("network_id").asText());
            if (sameNetwork && !wanted.get().has("external_fixed_ips")) {
                changed = withSnat(changed, wanted.get());
            } else {
                if (had.isPresent()) {
                    changed = withoutGateway(tx, changed);
                    steps += 3;
                }
                if (wanted.isPresent()) {
                    changed = withGateway(tx, changed, wanted.get());
                    steps += 2;
                }
            }
        }
        return kind.replace(tx, current, changed, context.now(), Math.max(steps, 1));
    }

    private static Router withSnat(Router router, JsonNode wanted) {
        GatewayInfo gateway = router.gateway().orElseThrow();
        boolean snat = wanted.path("enable_snat").asBoolean(gateway.enableSnat());
        ObjectNode document = Documents.tree(router);
        document.set(
                "external_gateway_info",
                Documents.MAPPER.valueToTree(
                        new GatewayInfo(gateway.networkId(), gateway.externalFixedIps(), snat)));
        return Documents.fromTree(document, Router.class);
    }

    /** {@code router} with a new gateway port on the external network {@code wanted} names. */
    private Router withGateway(Transaction tx, Router router, JsonNode wanted) {
        NetworkId networkId = NetworkId.of(wanted.path("network_id").asText());
        Network network = context.networkKind.require(tx, Caller.service(), networkId.value());
        if (!network.routerExternal()) {
            throw new BadRequestException(
                    "BadRequest",
                    "Bad router request: Network " + networkId + " is not an external network.");
        }
        ObjectNode request = JSON.objectNode();
        request.put("network_id", networkId.value());
        request.put("device_id", router.id().value());
        request.put("device_owner", Router.GATEWAY_OWNER);
        request.put("port_security_enabled", false);
        if (wanted.has("external_fixed_ips")) {
            request.set("fixed_ips", wanted.get("external_fixed_ips"));
        }
        Port port = ports.create(tx, Caller.service(), router.projectId(), Attributes.of(request));
        own(tx, router, port, Router.GATEWAY_OWNER);
        ObjectNode document = Documents.tree(router);
        document.set(
                "external_gateway_info",
                Documents.MAPPER.valueToTree(
                        new GatewayInfo(
                                networkId,
                                port.fixedIps(),
                                wanted.path("enable_snat").asBoolean(true))));
        return Documents.fromTree(document, Router.class);
    }

    private Router withoutGateway(Transaction tx, Router router) {
        GatewayInfo gateway = router.gateway().orElseThrow();
        boolean neededByFloatingIps =
                tx.queryLong(
                                "SELECT COUNT(*) FROM floatingips WHERE router_id = ? AND"
                                        + " floating_network_id = ?",
                                router.id().value(),
                                gateway.networkId().value())
                        > 0;
        if (neededByFloatingIps) {
            throw new ConflictException(
                    "RouterExternalGatewayInUseByFloatingIp",
                    "Gateway cannot be updated for router "
                            + router.id()
                            + ", since a gateway to external network "
                            + gateway.networkId()
                            + " is required by one or more floating IPs.");
        }
        for (Port port : portsOf(tx, router.id(), Router.GATEWAY_OWNER)) {
            release(tx, port);
        }
        ObjectNode document = Documents.tree(router);
        document.putNull("external_gateway_info");
        return Documents.fromTree(document, Router.class);
    }

    private static void own(Transaction tx, Router router, Port port, String type) {
        tx.update(
                "INSERT INTO router_ports (port_id, router_id, port_type) VALUES (?, ?, ?)",
                port.id().value(),
                router.id().value(),
                type);
    }

    private void release(Transaction tx, Port port) {
        tx.update("DELETE FROM router_ports WHERE port_id = ?", port.id().value());
        ports.delete(tx, port);
    }

    /** The ports {@code router} owns as {@code type}, in id order. */
    static List<Port> portsOf(Transaction tx, RouterId router, String type) {
        return Tables.PORTS.where(
                tx,
                "id IN (SELECT port_id FROM router_ports WHERE router_id = ? AND port_type = ?)",
                router.value(),
                type);
    }

    /**
     * Deletes a router and its gateway port; refused while it has interfaces, as the reference
     * refuses it.
     */
    public void delete(Caller caller, RouterId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    Router router = kind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(router, ifMatch);
                    ServiceContext.requireOwner(caller, router, "delete_router");
                    List<Port> interfaces = portsOf(tx, id, Router.INTERFACE_OWNER);
                    if (!interfaces.isEmpty()) {
                        throw new ConflictException(
                                "RouterInUse",
                                "Router "
                                        + id
                                        + " has ports still attached: "
                                        + String.join(
                                                ",",
                                                interfaces.stream()
                                                        .map(port -> port.id().value())
                                                        .toList()));
                    }
                    if (router.gateway().isPresent()) {
                        withoutGateway(tx, router);
                    }
                    Tags.deleteAll(tx, router.resourceId());
                    RouterKind.TABLE.delete(tx, router.resourceId());
                    context.quotas.refund(tx, router.projectId(), "router", 1);
                    kind.publish(tx, Change.deleted(router));
                    return router;
                });
        log.info("router deleted: router={}", id);
    }

    /** What {@code add_router_interface} and {@code remove_router_interface} answer. */
    public record InterfaceInfo(
            RouterId routerId,
            ProjectId projectId,
            PortId portId,
            NetworkId networkId,
            List<SubnetId> subnetIds) {}

    /**
     * Adds an interface on {@code subnet} (a new port holding the subnet's gateway address) or on
     * an existing {@code port} of the caller's, exactly one of them.
     */
    public InterfaceInfo addInterface(
            Caller caller, RouterId id, Optional<SubnetId> subnet, Optional<PortId> port) {
        InterfaceInfo info =
                context.store.inTransaction(
                        tx -> {
                            Router router = kind.require(tx, caller, id.value());
                            ServiceContext.requireOwner(caller, router, "add_router_interface");
                            Port attached =
                                    subnet.isPresent()
                                            ? interfaceOnSubnet(tx, caller, router, subnet.get())
                                            : interfaceOnPort(tx, caller, router, port.get());
                            own(tx, router, attached, Router.INTERFACE_OWNER);
                            kind.replace(tx, router, router, context.now(), 1);
                            return infoOf(router, attached);
                        });
        log.info("router interface added: router={} port={}", id, info.portId());
        return info;
    }

    private static InterfaceInfo infoOf(Router router, Port port) {
        return new InterfaceInfo(
                router.id(),
                router.projectId(),
                port.id(),
                port.networkId(),
                port.fixedIps().stream().map(FixedIp::subnetId).toList());
    }

    private Port interfaceOnSubnet(Transaction tx, Caller caller, Router router, SubnetId id) {
        Subnet subnet = context.subnetKind.require(tx, caller, id.value());
        if (subnet.gatewayIp().isEmpty()) {
            throw badRouterRequest("Subnet for router interface must have a gateway IP.");
        }
        checkNewSubnet(tx, router, subnet);
        ObjectNode request = JSON.objectNode();
        request.put("network_id", subnet.networkId().value());
        ArrayNode fixedIps = request.putArray("fixed_ips");
        fixedIps.addObject()
                .put("subnet_id", subnet.id().value())
                .put("ip_address", subnet.gatewayIp().get().toString());
        request.put("device_id", router.id().value());
        request.put("device_owner", Router.INTERFACE_OWNER);
        request.put("port_security_enabled", false);
        Port port;
        try {
            port = ports.create(tx, Caller.service(), router.projectId(), Attributes.of(request));
        } catch (ConflictException e) {
            // A concurrent request may have just given this router its port on the subnet: the
            // gateway address is then taken, and the check sees that request's committed port.
            checkNewSubnet(tx, router, subnet);
            throw e;
        }
        // The reference makes the port first and then binds it to the router: two revisions.
        return ports.kind().replace(tx, port, port, context.now());
    }

    private Port interfaceOnPort(Transaction tx, Caller caller, Router router, PortId id) {
        Port port = ports.require(tx, caller, id);
        if (!port.deviceId().isEmpty()) {
            throw new ConflictException(
                    "PortInUse",
                    "Unable to complete operation on port "
                            + port.id()
                            + " for network "
                            + port.networkId()
                            + ". Port already has an attached device "
                            + port.deviceId()
                            + ".");
        }
        if (port.fixedIps().isEmpty()) {
            throw badRouterRequest("Router port must have at least one fixed IP");
        }
        for (FixedIp fixedIp : port.fixedIps()) {
            checkNewSubnet(
                    tx, router, Tables.SUBNETS.find(tx, fixedIp.subnetId().value()).orElseThrow());
        }
        ObjectNode document = Documents.tree(port);
        document.put("device_id", router.id().value());
        document.put("device_owner", Router.INTERFACE_OWNER);
        return ports.kind()
                .replace(tx, port, Documents.fromTree(document, Port.class), context.now());
    }

    /** Refuses a subnet the router is already on, or one that overlaps one it is on. */
    private static void checkNewSubnet(Transaction tx, Router router, Subnet subnet) {
        for (Port attached : portsOf(tx, router.id(), Router.INTERFACE_OWNER)) {
            for (FixedIp fixedIp : attached.fixedIps()) {
                if (fixedIp.subnetId().equals(subnet.id())) {
                    throw badRouterRequest(
                            "Router already has a port on subnet " + subnet.id() + ".");
                }
                Subnet other = Tables.SUBNETS.find(tx, fixedIp.subnetId().value()).orElseThrow();
                if (other.cidr().overlaps(subnet.cidr())) {
                    throw badRouterRequest(
                            "Cidr "
                                    + subnet.cidr()
                                    + " of subnet "
                                    + subnet.id()
                                    + " overlaps with cidr "
                                    + other.cidr()
                                    + " of subnet "
                                    + other.id()
                                    + ".");
                }
            }
        }
    }

    private static BadRequestException badRouterRequest(String reason) {
        return new BadRequestException("BadRequest", "Bad router request: " + reason);
    }

    /**
     * Removes the interface on {@code subnet} or the interface {@code port}; refused while an extra
     * route or a floating IP needs it.
     */
    public InterfaceInfo removeInterface(
            Caller caller, RouterId id, Optional<SubnetId> subnet, Optional<PortId> port) {
        InterfaceInfo info =
                context.store.inTransaction(
                        tx -> {
                            Router router = kind.require(tx, caller, id.value());
                            ServiceContext.requireOwner(caller, router, "remove_router_interface");
                            Port attached = attachedInterface(tx, router, subnet, port);
                            InterfaceInfo removed = infoOf(router, attached);
                            for (SubnetId onPort : removed.subnetIds()) {
                                checkUnneeded(tx, router, onPort);
                            }
                            release(tx, attached);
                            kind.replace(tx, router, router, context.now(), 1);
                            return removed;
                        });
        log.info("router interface removed: router={} port={}", id, info.portId());
        return info;
    }

    private static Port attachedInterface(
            Transaction tx, Router router, Optional<SubnetId> subnet, Optional<PortId> port) {
        List<Port> interfaces = portsOf(tx, router.id(), Router.INTERFACE_OWNER);
        if (port.isPresent()) {
            return interfaces.stream()
                    .filter(candidate -> candidate.id().equals(port.get()))
                    .filter(
                            candidate ->
                                    subnet.isEmpty()
                                            || candidate.fixedIps().stream()
                                                    .anyMatch(
                                                            f -> f.subnetId().equals(subnet.get())))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new NotFoundException(
                                            "RouterInterfaceNotFound",
                                            "Router "
                                                    + router.id()
                                                    + " does not have an interface with id "
                                                    + port.get()));
        }
        return interfaces.stream()
                .filter(
                        candidate ->
                                candidate.fixedIps().stream()
                                        .anyMatch(f -> f.subnetId().equals(subnet.get())))
                .findFirst()
                .orElseThrow(
                        () ->
                                new NotFoundException(
                                        "RouterInterfaceNotFoundForSubnet",
                                        "Router "
                                                + router.id()
                                                + " has no interface on subnet "
                                                + subnet.get()));
    }

    private static void checkUnneeded(Transaction tx, Router router, SubnetId subnetId) {
        Subnet subnet = Tables.SUBNETS.find(tx, subnetId.value()).orElseThrow();
        for (HostRoute route : router.routes()) {
            if (subnet.cidr().contains(route.nexthop())) {
                throw new ConflictException(
                        "RouterInterfaceInUseByRoute",
                        "Router interface for subnet "
                                + subnetId
                                + " on router "
                                + router.id()
                                + " cannot be deleted, as it is required by one or more routes.");
            }
        }
        long floatingIps =
                tx.queryLong(
                        "SELECT COUNT(*) FROM floatingips WHERE router_id = ? AND port_id IN"
                                + " (SELECT port_id FROM ip_allocations WHERE subnet_id = ?)",
                        router.id().value(),
                        subnetId.value());
        if (floatingIps > 0) {
            throw new ConflictException(
                    "RouterInterfaceInUseByFloatingIP",
                    "Router interface for subnet "
                            + subnetId
                            + " on router "
                            + router.id()
                            + " cannot be deleted, as it is required by one or more floating"
                            + " IPs.");
        }
    }

    /** Adds {@code routes} to the router's extra routes ({@code add_extraroutes}). */
    public Router addRoutes(Caller caller, RouterId id, List<HostRoute> routes) {
        return changeRoutes(
                caller,
                id,
                current -> {
                    List<HostRoute> all = new ArrayList<>(current);
                    routes.stream().filter(route -> !all.contains(route)).forEach(all::add);
                    return all;
                });
    }

    /** Removes {@code routes} from the router's extra routes ({@code remove_extraroutes}). */
    public Router removeRoutes(Caller caller, RouterId id, List<HostRoute> routes) {
        return changeRoutes(
                caller,
                id,
                current -> current.stream().filter(route -> !routes.contains(route)).toList());
    }

    private Router changeRoutes(
            Caller caller, RouterId id, java.util.function.UnaryOperator<List<HostRoute>> edit) {
        return context.store.inTransaction(
                tx -> {
                    Router current = kind.require(tx, caller, id.value());
                    ServiceContext.requireOwner(caller, current, "update_router");
                    List<HostRoute> routes = edit.apply(current.routes());
                    checkRoutes(tx, current, routes);
                    ObjectNode document = Documents.tree(current);
                    document.set("routes", Documents.MAPPER.valueToTree(routes));
                    return kind.replace(
                            tx,
                            current,
                            Documents.fromTree(document, Router.class),
                            context.now(),
                            1);
                });
    }

    static List<HostRoute> routesOf(JsonNode routes) {
        List<HostRoute> parsed = new ArrayList<>();
        for (JsonNode route : routes) {
            parsed.add(Documents.fromTree(route, HostRoute.class));
        }
        return parsed;
    }

    /** Neutron's checks of extra routes: each next hop on a router subnet, none the router's. */
    private static void checkRoutes(Transaction tx, Router router, List<HostRoute> routes) {
        if (routes.size() > MAX_ROUTES) {
            throw new BadRequestException(
                    "RoutesExhausted",
                    "Unable to complete operation for "
                            + router.id()
                            + ". The number of routes exceeds the maximum "
                            + MAX_ROUTES
                            + ".");
        }
        List<Subnet> subnets = new ArrayList<>();
        List<IpAddress> own = new ArrayList<>();
        List<Port> routerPorts = new ArrayList<>(portsOf(tx, router.id(), Router.INTERFACE_OWNER));
        routerPorts.addAll(portsOf(tx, router.id(), Router.GATEWAY_OWNER));
        for (Port port : routerPorts) {
            for (FixedIp fixedIp : port.fixedIps()) {
                own.add(fixedIp.ipAddress());
                Tables.SUBNETS.find(tx, fixedIp.subnetId().value()).ifPresent(subnets::add);
            }
        }
        for (HostRoute route : routes) {
            if (subnets.stream().noneMatch(subnet -> subnet.cidr().contains(route.nexthop()))) {
                throw invalidRoutes(routes, "the nexthop is not connected with router");
            }
            if (own.contains(route.nexthop())) {
                throw invalidRoutes(routes, "the nexthop is used by router");
            }
        }
    }

    private static BadRequestException invalidRoutes(List<HostRoute> routes, String reason) {
        List<String> shown = new ArrayList<>();
        for (HostRoute route : routes) {
            shown.add(
                    "{'destination': '"
                            + route.destination()
                            + "', 'nexthop': '"
                            + route.nexthop()
                            + "'}");
        }
        return new BadRequestException(
                "InvalidRoutes",
                "Invalid format for routes: [" + String.join(", ", shown) + "], " + reason);
    }

    /**
     * Refuses the direct deletion of a port a router or a floating IP owns, as the reference does;
     * they go with their interface, gateway or floating IP.
     */
    void refuseDirectDeletion(Transaction tx, Port port) {
        boolean owned =
                port.deviceOwner().equals(Router.INTERFACE_OWNER)
                                || port.deviceOwner().equals(Router.GATEWAY_OWNER)
                        ? tx.queryLong(
                                        "SELECT COUNT(*) FROM router_ports WHERE port_id = ?",
                                        port.id().value())
                                > 0
                        : port.deviceOwner().equals(FloatingIp.PORT_OWNER)
                                && FloatingIpKind.TABLE.find(tx, port.deviceId()).isPresent();
        if (owned) {
            throw new ConflictException(
                    "ServicePortInUse",
                    "Port "
                            + port.id()
                            + " cannot be deleted directly via the port API: has device owner "
                            + port.deviceOwner()
                            + ".");
        }
    }

    /** One router as an L3 agent builds it. */
    public record RouterState(
            Router router,
            Optional<Port> gatewayPort,
            List<Subnet> gatewaySubnets,
            Integer gatewayMtu,
            List<Interface> interfaces,
            List<FloatingIp> floatingIps) {}

    /** One address of an interface port: the port, its subnet and the subnet's network. */
    public record Interface(Port port, FixedIp fixedIp, Subnet subnet, Network network) {}

    /** The routers with {@code ids} (every router when empty) as their L3 agents build them. */
    public List<RouterState> states(Collection<RouterId> ids) {
        return context.store.inTransaction(
                tx -> {
                    List<Router> routers =
                            ids.isEmpty()
                                    ? RouterKind.TABLE.where(tx, "1 = 1")
                                    : ids.stream()
                                            .map(id -> RouterKind.TABLE.find(tx, id.value()))
                                            .flatMap(Optional::stream)
                                            .toList();
                    List<RouterState> states = new ArrayList<>();
                    for (Router router : routers) {
                        states.add(stateOf(tx, router));
                    }
                    return states;
                });
    }

    private static RouterState stateOf(Transaction tx, Router router) {
        Optional<Port> gateway =
                portsOf(tx, router.id(), Router.GATEWAY_OWNER).stream().findFirst();
        List<Subnet> gatewaySubnets =
                gateway.map(
                                port ->
                                        Tables.SUBNETS.where(
                                                tx, "network_id = ?", port.networkId().value()))
                        .orElse(List.of());
        List<Interface> interfaces = new ArrayList<>();
        for (Port port : portsOf(tx, router.id(), Router.INTERFACE_OWNER)) {
            Network network = Tables.NETWORKS.find(tx, port.networkId().value()).orElseThrow();
            for (FixedIp fixedIp : port.fixedIps()) {
                Tables.SUBNETS
                        .find(tx, fixedIp.subnetId().value())
                        .ifPresent(
                                subnet ->
                                        interfaces.add(
                                                new Interface(port, fixedIp, subnet, network)));
            }
        }
        List<FloatingIp> floatingIps =
                FloatingIpKind.TABLE.where(tx, "router_id = ?", router.id().value());
        Integer gatewayMtu =
                gateway.flatMap(port -> Tables.NETWORKS.find(tx, port.networkId().value()))
                        .map(Network::mtu)
                        .orElse(null);
        return new RouterState(
                router, gateway, gatewaySubnets, gatewayMtu, interfaces, floatingIps);
    }
}
