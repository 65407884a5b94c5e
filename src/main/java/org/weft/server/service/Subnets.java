package org.weft.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.ForbiddenException;
import org.weft.server.ipam.AllocationPools;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.IpRange;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Documents;
import org.weft.store.Transaction;

/** Creating, changing and deleting subnets, with Neutron's checks of their addresses. */
public final class Subnets {
    private static final Logger log = LoggerFactory.getLogger(Subnets.class);
    private static final List<String> EUI64_MODES = List.of("slaac", "dhcpv6-stateless");

    private final ServiceContext context;
    private final Networks networks;
    private Ports ports;

    Subnets(ServiceContext context, Networks networks) {
        this.context = context;
        this.networks = networks;
    }

    void wire(Ports ports) {
        this.ports = ports;
    }

    public ResourceKind<Subnet> kind() {
        return context.subnetKind;
    }

    public Subnet get(Caller caller, SubnetId id) {
        return context.store.inTransaction(tx -> require(tx, caller, id));
    }

    public Subnet require(Transaction tx, Caller caller, SubnetId id) {
        return context.subnetKind.require(tx, caller, id.value());
    }

    /** The subnets of a network, in id order. */
    public List<Subnet> onNetwork(Transaction tx, NetworkId network) {
        return Tables.SUBNETS.where(tx, "network_id = ?", network.value());
    }

    public Subnet create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        Subnet subnet =
                context.store.inTransaction(
                        tx -> {
                            Network network =
                                    networks.require(
                                            tx,
                                            caller,
                                            NetworkId.of(request.string("network_id", "")));
                            requireNetworkOwner(caller, owner, network);
                            return create(tx, owner, network, request);
                        });
        log.info(
                "subnet created: subnet={} network={} cidr={}",
                subnet.id(),
                subnet.networkId(),
                subnet.cidr());
        return subnet;
    }

    private static void requireNetworkOwner(Caller caller, ProjectId owner, Network network) {
        if (!caller.admin() && !network.projectId().equals(owner)) {
            throw new ForbiddenException(
                    "HTTPForbidden",
                    "Tenant " + owner + " not allowed to create subnet on this network");
        }
    }

    private Subnet create(Transaction tx, ProjectId owner, Network network, Attributes request) {
        int version = request.integer("ip_version").orElse(4);
        Cidr cidr = cidrOf(request, version);
        Optional<String> raMode = request.string("ipv6_ra_mode");
        Optional<String> addressMode = request.string("ipv6_address_mode");
        checkIpv6Modes(version, cidr, raMode, addressMode);
        boolean dhcp = request.bool("enable_dhcp", true);
        if (dhcp && version == 4 && cidr.prefixLength() >= 31) {
            throw Errors.invalidInput(
                    "Subnet has a prefix length that is incompatible with DHCP service enabled");
        }
        Optional<IpAddress> gateway = gatewayOf(request, cidr);
        checkOverlap(tx, network, cidr);
        List<IpRange> pools = poolsOf(request, cidr, gateway);
        checkSubnetpool(request);
        Instant now = context.now();
        Subnet subnet =
                new Subnet(
                        SubnetId.random(),
                        request.string("name", ""),
                        owner,
                        network.id(),
                        version,
                        Optional.empty(),
                        dhcp,
                        raMode,
                        addressMode,
                        gateway,
                        cidr,
                        pools,
                        hostRoutesOf(request.node("host_routes")),
                        nameserversOf(request.node("dns_nameservers")),
                        request.string("description", ""),
                        List.of(),
                        List.of(),
                        now,
                        now,
                        0);
        Tables.SUBNETS.insert(tx, subnet);
        networks.addSubnet(tx, network, subnet.id());
        context.quotas.charge(tx, owner, "subnet", 1);
        context.subnetKind.publish(tx, Change.created(subnet));
        return subnet;
    }

    private static Cidr cidrOf(Attributes request, int version) {
        String text =
                request.string("cidr")
                        .orElseThrow(
                                () ->
                                        new BadRequestException(
                                                "BadRequest",
                                                "Bad subnets request: a subnetpool must be"
                                                        + " specified in the absence of a cidr."));
        Cidr cidr = Cidr.parse(text);
        if (cidr.version() != version) {
            throw Errors.invalidInput(
                    "cidr '" + cidr + "' does not match the ip_version '" + version + "'");
        }
        return cidr;
    }

    private static void checkIpv6Modes(
            int version, Cidr cidr, Optional<String> raMode, Optional<String> addressMode) {
        if (version == 4) {
            if (raMode.isPresent()) {
                throw Errors.invalidInput("ipv6_ra_mode is not valid when ip_version is 4");
            }
            if (addressMode.isPresent()) {
                throw Errors.invalidInput("ipv6_address_mode is not valid when ip_version is 4");
            }
            return;
        }
        if (raMode.isPresent() && addressMode.isPresent() && !raMode.equals(addressMode)) {
            throw Errors.invalidInput(
                    "ipv6_ra_mode set to '"
                            + raMode.get()
                            + "' with ipv6_address_mode set to '"
                            + addressMode.get()
                            + "' is not valid. If both attributes are set, they must be the same"
                            + " value");
        }
        boolean eui64 =
                raMode.filter(EUI64_MODES::contains).isPresent()
                        || addressMode.filter(EUI64_MODES::contains).isPresent();
        if (eui64 && cidr.prefixLength() != 64) {
            throw Errors.invalidInput(
                    "Invalid CIDR "
                            + cidr
                            + " for IPv6 address mode. OpenStack uses the EUI-64 address format,"
                            + " which requires the prefix to be /64");
        }
    }

    /** The gateway: as given (null for none), else the first address of the subnet. */
    private static Optional<IpAddress> gatewayOf(Attributes request, Cidr cidr) {
        if (request.isNull("gateway_ip")) {
            return Optional.empty();
        }
        if (request.string("gateway_ip").isEmpty()) {
            return Optional.of(cidr.version() == 4 ? cidr.first().plus(1) : cidr.first());
        }
        IpAddress gateway = IpAddress.parse(request.string("gateway_ip").get());
        checkGateway(cidr, gateway);
        return Optional.of(gateway);
    }

    private static void checkGateway(Cidr cidr, IpAddress gateway) {
        // A gateway outside the CIDR is allowed (reached on-link); the network and broadcast
        // addresses of an IPv4 subnet are not.
        boolean v4Edge =
                cidr.version() == 4
                        && cidr.prefixLength() < 31
                        && (gateway.equals(cidr.first()) || gateway.equals(cidr.last()));
        if (gateway.version() != cidr.version() || v4Edge) {
            throw Errors.invalidInput("Gateway is not valid on subnet");
        }
    }

    private void checkOverlap(Transaction tx, Network network, Cidr cidr) {
        List<Subnet> others =
                context.settings.allowOverlappingIps()
                        ? onNetwork(tx, network.id())
                        : Tables.SUBNETS.where(tx, "ip_version = ?", cidr.version());
        for (Subnet other : others) {
            if (other.cidr().overlaps(cidr)) {
                throw Errors.invalidInput(
                        "Requested subnet with cidr: "
                                + cidr
                                + " for network: "
                                + network.id()
                                + " overlaps with another subnet");
            }
        }
    }

    private static List<IpRange> poolsOf(
            Attributes request, Cidr cidr, Optional<IpAddress> gateway) {
        Optional<JsonNode> given = request.node("allocation_pools").filter(n -> !n.isNull());
        if (given.isEmpty()) {
            return AllocationPools.defaults(cidr, gateway);
        }
        List<IpRange> pools = new ArrayList<>();
        for (JsonNode pool : given.get()) {
            pools.add(
                    new IpRange(
                            IpAddress.parse(pool.path("start").asText()),
                            IpAddress.parse(pool.path("end").asText())));
        }
        AllocationPools.validate(cidr, pools, gateway);
        return pools;
    }

    private static void checkSubnetpool(Attributes request) {
        Optional<String> pool = request.string("subnetpool_id");
        if (pool.isPresent()) {
            throw new org.weft.server.NotFoundException(
                    "SubnetPoolNotFound", "Subnet pool " + pool.get() + " could not be found.");
        }
    }

    private static List<HostRoute> hostRoutesOf(Optional<JsonNode> node) {
        List<HostRoute> routes = new ArrayList<>();
        node.filter(JsonNode::isArray)
                .ifPresent(
                        list ->
                                list.forEach(
                                        route ->
                                                routes.add(
                                                        new HostRoute(
                                                                Cidr.parse(
                                                                        route.path("destination")
                                                                                .asText()),
                                                                IpAddress.parse(
                                                                        route.path("nexthop")
                                                                                .asText())))));
        return routes;
    }

    private static List<IpAddress> nameserversOf(Optional<JsonNode> node) {
        List<IpAddress> servers = new ArrayList<>();
        node.filter(JsonNode::isArray)
                .ifPresent(
                        list -> list.forEach(item -> servers.add(IpAddress.parse(item.asText()))));
        return servers;
    }

    public Subnet update(Caller caller, SubnetId id, Attributes changes, OptionalLong ifMatch) {
        return context.store.inTransaction(
                tx -> {
                    Subnet current = require(tx, caller, id);
                    ServiceContext.checkRevision(current, ifMatch);
                    ServiceContext.requireOwner(caller, current, "update_subnet");
                    if (changes.isEmpty()) {
                        return current;
                    }
                    Subnet changed = merge(current, changes);
                    return context.subnetKind.replace(tx, current, changed, context.now());
                });
    }

    private static Subnet merge(Subnet current, Attributes changes) {
        Optional<IpAddress> gateway = current.gatewayIp();
        if (changes.has("gateway_ip")) {
            gateway = changes.string("gateway_ip").map(IpAddress::parse);
            gateway.ifPresent(address -> checkGateway(current.cidr(), address));
        }
        List<IpRange> pools = current.allocationPools();
        if (changes.has("allocation_pools")) {
            pools = poolsOf(changes, current.cidr(), gateway);
        } else if (gateway.isPresent()) {
            AllocationPools.validate(current.cidr(), pools, gateway);
        }
        boolean dhcp = changes.bool("enable_dhcp", current.enableDhcp());
        if (dhcp && current.ipVersion() == 4 && current.cidr().prefixLength() >= 31) {
            throw Errors.invalidInput(
                    "Subnet has a prefix length that is incompatible with DHCP service enabled");
        }
        ObjectNode document = Documents.tree(current);
        document.put("name", changes.string("name", current.name()));
        document.put("description", changes.string("description", current.description()));
        document.put("enable_dhcp", dhcp);
        document.set("gateway_ip", Documents.MAPPER.valueToTree(gateway));
        document.set("allocation_pools", Documents.MAPPER.valueToTree(pools));
        if (changes.has("host_routes")) {
            document.set(
                    "host_routes",
                    Documents.MAPPER.valueToTree(hostRoutesOf(changes.node("host_routes"))));
        }
        if (changes.has("dns_nameservers")) {
            document.set(
                    "dns_nameservers",
                    Documents.MAPPER.valueToTree(nameserversOf(changes.node("dns_nameservers"))));
        }
        return Documents.fromTree(document, Subnet.class);
    }

    /**
     * Deletes a subnet; refused while a port other than the network's own (DHCP) holds an address
     * from it.
     */
    public void delete(Caller caller, SubnetId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    Subnet subnet = require(tx, caller, id);
                    ServiceContext.checkRevision(subnet, ifMatch);
                    ServiceContext.requireOwner(caller, subnet, "delete_subnet");
                    deleteAddresses(tx, subnet);
                    Network network =
                            Tables.NETWORKS.find(tx, subnet.networkId().value()).orElseThrow();
                    networks.removeSubnet(tx, network, subnet.id());
                    remove(tx, subnet);
                    return subnet;
                });
        log.info("subnet deleted: subnet={}", id);
    }

    /** Deletes a subnet of a network being deleted, whose ports are already gone. */
    void deleteWithNetwork(Transaction tx, Subnet subnet) {
        remove(tx, subnet);
    }

    private void deleteAddresses(Transaction tx, Subnet subnet) {
        List<Port> holders =
                Tables.PORTS.where(
                        tx,
                        "id IN (SELECT port_id FROM ip_allocations WHERE subnet_id = ?)",
                        subnet.id().value());
        for (Port port : holders) {
            if (!Ports.isDeletedWithNetwork(port)) {
                throw new ConflictException(
                        "SubnetInUse",
                        "Unable to complete operation on subnet "
                                + subnet.id()
                                + ": One or more ports have an IP allocation from this subnet.");
            }
        }
        for (Port port : holders) {
            ports.removeAddressesOf(tx, port, subnet.id());
        }
    }

    private void remove(Transaction tx, Subnet subnet) {
        Tags.deleteAll(tx, subnet.resourceId());
        Tables.SUBNETS.delete(tx, subnet.resourceId());
        context.quotas.refund(tx, subnet.projectId(), "subnet", 1);
        context.subnetKind.publish(tx, Change.deleted(subnet));
    }
}
