package org.weft.server.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;
import org.weft.server.NotFoundException;
import org.weft.server.ipam.IpAddress;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Constraints;
import org.weft.store.Documents;
import org.weft.store.DuplicateKeyException;
import org.weft.store.Transaction;

/**
 * Floating IPs: an address taken from an external network (held by a {@code network:floatingip}
 * port there, so that the address allocation rules of ports apply), associated with one fixed IP of
 * a port that a router with its gateway on that network can reach.
 */
public final class FloatingIps {
    private static final Logger log = LoggerFactory.getLogger(FloatingIps.class);
    static final String FIXED_ADDRESS = "floatingips_fixed_address";

    static {
        Constraints.register(FIXED_ADDRESS);
    }

    private final ServiceContext context;
    private final FloatingIpKind kind;
    private final Ports ports;

    FloatingIps(ServiceContext context, Ports ports) {
        this.context = context;
        this.kind = new FloatingIpKind(context.events);
        this.ports = ports;
    }

    public ResourceKind<FloatingIp> kind() {
        return kind;
    }

    public FloatingIp get(Caller caller, FloatingIpId id) {
        return context.store.inTransaction(tx -> kind.require(tx, caller, id.value()));
    }

    /** The floating IP with its {@code port_details} as the associated port is now. */
    public FloatingIp current(Transaction tx, FloatingIp floatingIp) {
        Optional<FloatingIp.PortDetails> details =
                floatingIp
                        .portId()
                        .flatMap(port -> Tables.PORTS.find(tx, port.value()))
                        .map(FloatingIp.PortDetails::of);
        ObjectNode document = Documents.tree(floatingIp);
        document.set("port_details", Documents.MAPPER.valueToTree(details));
        return Documents.fromTree(document, FloatingIp.class);
    }

    public FloatingIp create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        ServiceContext.requireAdminFor(caller, request, "create_floatingip", "floating_ip_address");
        FloatingIp floatingIp =
                context.store.inTransaction(tx -> create(tx, caller, owner, request));
        log.info(
                "floating IP created: floatingip={} address={} port={}",
                floatingIp.id(),
                floatingIp.floatingIpAddress(),
                floatingIp.portId().map(PortId::value).orElse("none"));
        return floatingIp;
    }

    private FloatingIp create(Transaction tx, Caller caller, ProjectId owner, Attributes request) {
        NetworkId networkId = NetworkId.of(request.string("floating_network_id", ""));
        Network network = context.networkKind.require(tx, caller, networkId.value());
        if (!network.routerExternal()) {
            throw new BadRequestException(
                    "BadRequest",
                    "Bad floatingip request: Network "
                            + networkId
                            + " is not a valid external network.");
        }
        requirePortForFixedIp(request);
        FloatingIpId id = FloatingIpId.random();
        Port address = allocate(tx, owner, network, id, request);
        Instant now = context.now();
        FloatingIp floatingIp =
                new FloatingIp(
                        id,
                        owner,
                        address.fixedIps().get(0).ipAddress(),
                        networkId,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Port.DOWN,
                        request.string("description", ""),
                        Optional.empty(),
                        List.of(),
                        now,
                        now,
                        0);
        if (request.string("port_id").isPresent()) {
            floatingIp = associated(tx, caller, floatingIp, request);
        }
        insert(tx, floatingIp);
        context.quotas.charge(tx, owner, "floatingip", 1);
        kind.publish(tx, Change.created(floatingIp));
        return floatingIp;
    }

    private static void requirePortForFixedIp(Attributes request) {
        if (request.string("fixed_ip_address").isPresent() && request.string("port_id").isEmpty()) {
            throw badFloatingIpRequest("fixed_ip_address cannot be specified without a port_id.");
        }
    }

    /** The port on the external network that holds the floating IP's address. */
    private Port allocate(
            Transaction tx, ProjectId owner, Network network, FloatingIpId id, Attributes request) {
        ObjectNode wanted = JsonNodeFactory.instance.objectNode();
        wanted.put("network_id", network.id().value());
        wanted.put("device_id", id.value());
        wanted.put("device_owner", FloatingIp.PORT_OWNER);
        wanted.put("port_security_enabled", false);
        Optional<String> subnet = request.string("subnet_id");
        Optional<String> address = request.string("floating_ip_address");
        if (subnet.isPresent() || address.isPresent()) {
            ObjectNode fixedIp = wanted.putArray("fixed_ips").addObject();
            subnet.ifPresent(value -> fixedIp.put("subnet_id", value));
            address.ifPresent(value -> fixedIp.put("ip_address", value));
        }
        return ports.create(tx, Caller.service(), owner, Attributes.of(wanted));
    }

    private void insert(Transaction tx, FloatingIp floatingIp) {
        try {
            tx.inSavepoint(() -> FloatingIpKind.TABLE.insert(tx, floatingIp));
        } catch (DuplicateKeyException e) {
            throw alreadyAssociated(e, floatingIp);
        }
    }

    private static RuntimeException alreadyAssociated(
            DuplicateKeyException e, FloatingIp floatingIp) {
        if (!e.constraint().equals(FIXED_ADDRESS)) {
            return e;
        }
        return new ConflictException(
                "FloatingIPPortAlreadyAssociated",
                "Cannot associate floating IP "
                        + floatingIp.floatingIpAddress()
                        + " ("
                        + floatingIp.id()
                        + ") with port "
                        + floatingIp.portId().map(PortId::value).orElse("")
                        + " using fixed IP "
                        + floatingIp.fixedIpAddress().map(Object::toString).orElse("")
                        + ", as that fixed IP already has a floating IP on external network "
                        + floatingIp.floatingNetworkId()
                        + ".");
    }

    /**
     * {@code floatingIp} associated with the port and fixed IP {@code request} names, through the
     * router that reaches the fixed IP's subnet from the floating IP's network.
     */
    private FloatingIp associated(
            Transaction tx, Caller caller, FloatingIp floatingIp, Attributes request) {
        Port port = ports.require(tx, caller, PortId.of(request.string("port_id", "")));
        if (!caller.admin() && !port.projectId().equals(floatingIp.projectId())) {
            throw badFloatingIpRequest(
                    "Cannot create floating IP and bind it to Port "
                            + port.id()
                            + ", since that port is owned by a different tenant.");
        }
        FixedIp fixedIp = fixedIpOf(port, request.string("fixed_ip_address"));
        RouterId router = routerFor(tx, floatingIp.floatingNetworkId(), port, fixedIp);
        ObjectNode document = Documents.tree(floatingIp);
        document.put("port_id", port.id().value());
        document.put("fixed_ip_address", fixedIp.ipAddress().toString());
        document.put("router_id", router.value());
        document.set("port_details", Documents.MAPPER.valueToTree(FloatingIp.PortDetails.of(port)));
        return Documents.fromTree(document, FloatingIp.class);
    }

    private static FixedIp fixedIpOf(Port port, Optional<String> wanted) {
        if (wanted.isPresent()) {
            IpAddress address = IpAddress.parse(wanted.get());
            return port.fixedIps().stream()
                    .filter(fixedIp -> fixedIp.ipAddress().equals(address))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    badFloatingIpRequest(
                                            "Port "
                                                    + port.id()
                                                    + " does not have fixed ip "
                                                    + wanted.get()
                                                    + "."));
        }
        List<FixedIp> v4 =
                port.fixedIps().stream().filter(f -> f.ipAddress().version() == 4).toList();
        if (v4.isEmpty()) {
            throw badFloatingIpRequest("Port " + port.id() + " does not have any IPv4 address");
        }
        if (v4.size() > 1) {
            throw badFloatingIpRequest(
                    "Port "
                            + port.id()
                            + " has multiple fixed IPv4 addresses. Must provide a specific IPv4"
                            + " address when assigning a floating IP");
        }
        return v4.get(0);
    }

    /** The router with its gateway on {@code network} and an interface on the fixed IP's subnet. */
    private static RouterId routerFor(
            Transaction tx, NetworkId network, Port port, FixedIp fixedIp) {
        return tx.queryOne(
                        "SELECT r.id FROM routers r JOIN router_ports rp ON rp.router_id = r.id"
                                + " JOIN ip_allocations a ON a.port_id = rp.port_id"
                                + " WHERE r.gateway_network_id = ? AND rp.port_type = ?"
                                + " AND a.subnet_id = ? ORDER BY r.id",
                        row -> RouterId.of(row.getString(1)),
                        network.value(),
                        Router.INTERFACE_OWNER,
                        fixedIp.subnetId().value())
                .orElseThrow(
                        () ->
                                new NotFoundException(
                                        "ExternalGatewayForFloatingIPNotFound",
                                        "External network "
                                                + network
                                                + " is not reachable from subnet "
                                                + fixedIp.subnetId()
                                                + ".  Therefore, cannot associate Port "
                                                + port.id()
                                                + " with a Floating IP."));
    }

    private static BadRequestException badFloatingIpRequest(String reason) {
        return new BadRequestException("BadRequest", "Bad floatingip request: " + reason);
    }

    /** Changes the association ({@code port_id}, null to end it) or the description. */
    public FloatingIp update(
            Caller caller, FloatingIpId id, Attributes changes, OptionalLong ifMatch) {
        FloatingIp updated =
                context.store.inTransaction(
                        tx -> {
                            FloatingIp current = kind.require(tx, caller, id.value());
                            ServiceContext.checkRevision(current, ifMatch);
                            ServiceContext.requireOwner(caller, current, "update_floatingip");
                            requirePortForFixedIp(changes);
                            FloatingIp changed = current;
                            if (changes.has("port_id")) {
                                changed = disassociated(current);
                                if (changes.string("port_id").isPresent()) {
                                    changed = associated(tx, caller, changed, changes);
                                }
                            }
                            ObjectNode document = Documents.tree(changed);
                            changes.string("description")
                                    .ifPresent(text -> document.put("description", text));
                            FloatingIp result = Documents.fromTree(document, FloatingIp.class);
                            try {
                                return tx.inSavepoint(
                                        () -> kind.replace(tx, current, result, context.now()));
                            } catch (DuplicateKeyException e) {
                                throw alreadyAssociated(e, result);
                            }
                        });
        log.info(
                "floating IP updated: floatingip={} port={}",
                id,
                updated.portId().map(PortId::value).orElse("none"));
        return updated;
    }

    private static FloatingIp disassociated(FloatingIp floatingIp) {
        ObjectNode document = Documents.tree(floatingIp);
        document.putNull("port_id");
        document.putNull("fixed_ip_address");
        document.putNull("router_id");
        document.putNull("port_details");
        return Documents.fromTree(document, FloatingIp.class);
    }

    public void delete(Caller caller, FloatingIpId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    FloatingIp floatingIp = kind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(floatingIp, ifMatch);
                    ServiceContext.requireOwner(caller, floatingIp, "delete_floatingip");
                    FloatingIpKind.TABLE.delete(tx, floatingIp.resourceId());
                    for (Port port :
                            Tables.PORTS.where(
                                    tx,
                                    "device_id = ? AND device_owner = ?",
                                    id.value(),
                                    FloatingIp.PORT_OWNER)) {
                        ports.delete(tx, port);
                    }
                    Tags.deleteAll(tx, floatingIp.resourceId());
                    context.quotas.refund(tx, floatingIp.projectId(), "floatingip", 1);
                    kind.publish(tx, Change.deleted(floatingIp));
                    return floatingIp;
                });
        log.info("floating IP deleted: floatingip={}", id);
    }

    /** Ends the associations of a port that is being deleted, as the reference does. */
    void disassociateFrom(Transaction tx, Port port) {
        for (FloatingIp floatingIp :
                FloatingIpKind.TABLE.where(tx, "port_id = ?", port.id().value())) {
            kind.replace(tx, floatingIp, disassociated(floatingIp), context.now());
        }
    }

    /**
     * Records what an L3 agent reports of a router's floating IPs ({@code ACTIVE}, {@code DOWN},
     * {@code ERROR}); unknown ids are skipped, as they may have gone meanwhile.
     */
    public void updateStatuses(Map<FloatingIpId, String> statuses) {
        context.store.inTransaction(
                tx -> {
                    for (Map.Entry<FloatingIpId, String> status : statuses.entrySet()) {
                        Optional<FloatingIp> current =
                                FloatingIpKind.TABLE.find(tx, status.getKey().value());
                        if (current.isEmpty() || current.get().status().equals(status.getValue())) {
                            continue;
                        }
                        ObjectNode document = Documents.tree(current.get());
                        document.put("status", status.getValue());
                        kind.replace(
                                tx,
                                current.get(),
                                Documents.fromTree(document, FloatingIp.class),
                                context.now());
                    }
                    return statuses.size();
                });
    }
}
