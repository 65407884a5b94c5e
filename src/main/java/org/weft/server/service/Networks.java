package org.weft.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Documents;
import org.weft.store.Transaction;

/** Creating, changing and deleting networks. */
public final class Networks {
    private static final Logger log = LoggerFactory.getLogger(Networks.class);
    private static final String[] ADMIN_ON_CREATE = {
        "shared",
        "router:external",
        "provider:network_type",
        "provider:physical_network",
        "provider:segmentation_id"
    };
    private static final String[] PROVIDER = {
        "provider:network_type", "provider:physical_network", "provider:segmentation_id"
    };

    private final ServiceContext context;
    private final SegmentAllocator segments;
    private Subnets subnets;
    private Ports ports;
    private java.util.function.BiConsumer<Transaction, ProjectId> beforeCreate = (tx, owner) -> {};

    Networks(ServiceContext context, SegmentAllocator segments) {
        this.context = context;
        this.segments = segments;
    }

    /** Runs {@code step} first in every network create: the project's default group, say. */
    void beforeCreate(java.util.function.BiConsumer<Transaction, ProjectId> step) {
        this.beforeCreate = step;
    }

    void wire(Subnets subnets, Ports ports) {
        this.subnets = subnets;
        this.ports = ports;
    }

    public ResourceKind<Network> kind() {
        return context.networkKind;
    }

    public Network get(Caller caller, NetworkId id) {
        return context.store.inTransaction(tx -> require(tx, caller, id));
    }

    /** The network if {@code caller} may see it, within a running transaction. */
    public Network require(Transaction tx, Caller caller, NetworkId id) {
        return context.networkKind.require(tx, caller, id.value());
    }

    public Network create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        ServiceContext.requireAdminFor(caller, request, "create_network", ADMIN_ON_CREATE);
        Network network = context.store.inTransaction(tx -> create(tx, owner, request));
        log.info("network created: network={} project={}", network.id(), owner);
        return network;
    }

    private Network create(Transaction tx, ProjectId owner, Attributes request) {
        beforeCreate.accept(tx, owner);
        NetworkId id = NetworkId.random();
        Segment requested =
                new Segment(
                        request.string("provider:network_type"),
                        request.string("provider:physical_network"),
                        request.integer("provider:segmentation_id"));
        Segment segment = segments.allocate(tx, id, requested);
        Instant now = context.now();
        Network network =
                new Network(
                        id,
                        request.string("name", ""),
                        owner,
                        request.bool("admin_state_up", true),
                        request.integer("mtu").orElse(segments.mtu(segment)),
                        "ACTIVE",
                        List.of(),
                        request.bool("shared", false),
                        request.strings("availability_zone_hints"),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        request.bool("router:external", false),
                        request.string("description", ""),
                        request.bool("port_security_enabled", true),
                        List.of(),
                        now,
                        now,
                        1,
                        segment.networkType(),
                        segment.physicalNetwork(),
                        segment.segmentationId());
        Tables.NETWORKS.insert(tx, network);
        context.quotas.charge(tx, owner, "network", 1);
        context.networkKind.publish(tx, Change.created(network));
        return network;
    }

    public Network update(Caller caller, NetworkId id, Attributes changes, OptionalLong ifMatch) {
        return context.store.inTransaction(
                tx -> {
                    Network current = require(tx, caller, id);
                    ServiceContext.checkRevision(current, ifMatch);
                    ServiceContext.requireOwner(caller, current, "update_network");
                    ServiceContext.requireAdminFor(
                            caller, changes, "update_network", ADMIN_ON_CREATE);
                    refuseProviderChange(changes);
                    if (changes.isEmpty()) {
                        return current;
                    }
                    ObjectNode document = Documents.tree(current);
                    document.setAll(changes.asJson());
                    Network changed = Documents.fromTree(document, Network.class);
                    return context.networkKind.replace(tx, current, changed, context.now());
                });
    }

    private static void refuseProviderChange(Attributes changes) {
        for (String attribute : PROVIDER) {
            if (changes.has(attribute)) {
                throw Errors.invalidInput(
                        "Plugin does not support updating the following provider network"
                                + " attributes: provider:network_type,"
                                + " provider:physical_network");
            }
        }
    }

    /**
     * Deletes a network with its subnets and its DHCP ports; refused while other ports (VMs, router
     * interfaces) are on it.
     */
    public void delete(Caller caller, NetworkId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    Network network = require(tx, caller, id);
                    ServiceContext.checkRevision(network, ifMatch);
                    ServiceContext.requireOwner(caller, network, "delete_network");
                    delete(tx, network);
                    return network;
                });
        log.info("network deleted: network={}", id);
    }

    private void delete(Transaction tx, Network network) {
        List<Port> onNetwork =
                Tables.PORTS.where(tx, "network_id = ?", network.id().value()).stream()
                        .sorted(java.util.Comparator.comparing(Port::createdAt))
                        .toList();
        List<String> inUse = new ArrayList<>();
        for (Port port : onNetwork) {
            if (!Ports.isDeletedWithNetwork(port)) {
                inUse.add(port.id().value());
            }
        }
        if (!inUse.isEmpty()) {
            throw new ConflictException(
                    "NetworkInUse",
                    "Unable to complete operation on network "
                            + network.id()
                            + ". There are one or more ports still in use on the network, id for"
                            + " these ports is: "
                            + String.join(",", inUse)
                            + ".");
        }
        for (Port port : onNetwork) {
            ports.delete(tx, port);
        }
        for (Subnet subnet : Tables.SUBNETS.where(tx, "network_id = ?", network.id().value())) {
            subnets.deleteWithNetwork(tx, subnet);
        }
        Tags.deleteAll(tx, network.resourceId());
        Tables.NETWORKS.delete(tx, network.resourceId());
        segments.release(tx, network.id(), network.segment());
        context.quotas.refund(tx, network.projectId(), "network", 1);
        context.networkKind.publish(tx, Change.deleted(network));
    }

    /** Records that {@code subnet} now exists on {@code network}. */
    Network addSubnet(Transaction tx, Network network, SubnetId subnet) {
        List<SubnetId> all = new ArrayList<>(network.subnets());
        all.add(subnet);
        all.sort(java.util.Comparator.comparing(SubnetId::value));
        return replaceSubnets(tx, network, all);
    }

    /** Records that {@code subnet} is gone from {@code network}. */
    Network removeSubnet(Transaction tx, Network network, SubnetId subnet) {
        List<SubnetId> all = new ArrayList<>(network.subnets());
        all.remove(subnet);
        return replaceSubnets(tx, network, all);
    }

    private Network replaceSubnets(Transaction tx, Network network, List<SubnetId> all) {
        ObjectNode document = Documents.tree(network);
        document.set("subnets", Documents.MAPPER.valueToTree(all));
        Network changed = Documents.fromTree(document, Network.class);
        return context.networkKind.replace(tx, network, changed, context.now());
    }
}
