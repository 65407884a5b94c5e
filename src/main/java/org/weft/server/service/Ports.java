package org.weft.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.ForbiddenException;
import org.weft.server.NotFoundException;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.MacAddress;
import org.weft.server.ipam.MacGenerator;
import org.weft.server.policy.Access;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Constraints;
import org.weft.store.Documents;
import org.weft.store.DuplicateKeyException;
import org.weft.store.Transaction;

/**
 * Creating, changing and deleting ports: their addresses (fixed IPs from the network's subnets, a
 * MAC address from {@code base_mac}), their security groups and their binding to a host; and the
 * queries and status changes the agents need.
 */
public final class Ports {
    /** Ports deleted with their network rather than keeping it in use (Neutron's list). */
    private static final Set<String> DELETED_WITH_NETWORK =
            Set.of("network:dhcp", "network:distributed", "network:floatingip_agent_gateway");

    private static final int MAC_TRIES = 16;

    private final ServiceContext context;
    private final Networks networks;
    private final Subnets subnets;
    private final PortBinder binder;
    private final PortSecurityGroups securityGroups;
    private final IpAllocator addresses = new IpAllocator();
    private final MacGenerator macs;
    private java.util.function.BiConsumer<Transaction, Port> beforeApiDelete = (tx, port) -> {};
    private java.util.function.BiConsumer<Transaction, Port> beforeDelete = (tx, port) -> {};

    Ports(
            ServiceContext context,
            Networks networks,
            Subnets subnets,
            PortBinder binder,
            PortSecurityGroups securityGroups) {
        this.context = context;
        this.networks = networks;
        this.subnets = subnets;
        this.binder = binder;
        this.securityGroups = securityGroups;
        this.macs = new MacGenerator(context.settings.baseMac(), new java.util.Random());
    }

    /**
     * Runs {@code check} before a port is deleted through the API (it may refuse: a router's port,
     * say), and {@code cleanup} before any port is deleted (floating IPs let go of it).
     */
    void beforeDelete(
            java.util.function.BiConsumer<Transaction, Port> check,
            java.util.function.BiConsumer<Transaction, Port> cleanup) {
        this.beforeApiDelete = check;
        this.beforeDelete = cleanup;
    }

    static boolean isDeletedWithNetwork(Port port) {
        return DELETED_WITH_NETWORK.contains(port.deviceOwner());
    }

    public ResourceKind<Port> kind() {
        return context.portKind;
    }

    public Port get(Caller caller, PortId id) {
        return context.store.inTransaction(tx -> require(tx, caller, id));
    }

    public Port require(Transaction tx, Caller caller, PortId id) {
        return context.portKind.require(tx, caller, id.value());
    }

    /** The ports bound to {@code host} (their {@code binding:host_id}), for its agents. */
    public List<Port> onHost(String host) {
        return context.store.inTransaction(tx -> Tables.PORTS.where(tx, "binding_host = ?", host));
    }

    /** The ports of a network, for the DHCP agent. */
    public List<Port> onNetwork(NetworkId network) {
        return context.store.inTransaction(
                tx -> Tables.PORTS.where(tx, "network_id = ?", network.value()));
    }

    /** The ports of a device ({@code device_id}): a router's interfaces and gateway, say. */
    public List<Port> ofDevice(String deviceId) {
        return context.store.inTransaction(tx -> Tables.PORTS.where(tx, "device_id = ?", deviceId));
    }

    /**
     * The ports among {@code ids} that exist, each with its network (subnets left empty), read in
     * one transaction: what an L2 agent wires many ports from at once.
     */
    public List<Details> wiringOf(java.util.Collection<PortId> ids) {
        return context.store.inTransaction(
                tx -> {
                    List<Port> found = new ArrayList<>();
                    for (List<String> chunk : chunks(ids.stream().map(PortId::value).toList())) {
                        found.addAll(
                                Tables.PORTS.where(
                                        tx, "id IN (" + marks(chunk) + ")", chunk.toArray()));
                    }
                    java.util.Map<String, Network> networks = new java.util.HashMap<>();
                    List<String> networkIds =
                            found.stream()
                                    .map(port -> port.networkId().value())
                                    .distinct()
                                    .toList();
                    for (List<String> chunk : chunks(networkIds)) {
                        for (Network network :
                                Tables.NETWORKS.where(
                                        tx, "id IN (" + marks(chunk) + ")", chunk.toArray())) {
                            networks.put(network.id().value(), network);
                        }
                    }
                    return found.stream()
                            .map(
                                    port ->
                                            new Details(
                                                    port,
                                                    networks.get(port.networkId().value()),
                                                    List.of()))
                            .toList();
                });
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < values.size(); start += 500) {
            chunks.add(values.subList(start, Math.min(values.size(), start + 500)));
        }
        return chunks;
    }

    private static String marks(List<String> values) {
        return String.join(",", java.util.Collections.nCopies(values.size(), "?"));
    }

    /** A port with its network and the network's subnets: what an agent wires it from. */
    public record Details(Port port, Network network, List<Subnet> subnets) {}

    public Optional<Details> details(PortId id) {
        return context.store.inTransaction(
                tx ->
                        Tables.PORTS
                                .find(tx, id.value())
                                .map(
                                        port ->
                                                new Details(
                                                        port,
                                                        Tables.NETWORKS
                                                                .find(tx, port.networkId().value())
                                                                .orElseThrow(),
                                                        subnets.onNetwork(tx, port.networkId()))));
    }

    /**
     * Sets a port's {@code status} (an agent reporting it {@link Port#ACTIVE} or {@link
     * Port#DOWN}); a port already in that status is left as it is.
     */
    public Port updateStatus(PortId id, String status) {
        return context.store.inTransaction(
                tx -> {
                    Port current =
                            Tables.PORTS
                                    .find(tx, id.value())
                                    .orElseThrow(() -> context.portKind.notFound(id.value()));
                    if (current.status().equals(status)) {
                        return current;
                    }
                    ObjectNode document = Documents.tree(current);
                    document.put("status", status);
                    return context.portKind.replace(
                            tx, current, Documents.fromTree(document, Port.class), context.now());
                });
    }

    /**
     * Sets the {@code status} of many ports in one transaction, as an agent reports a batch; ports
     * already in that status are left as they are. Returns the ports found, in the order asked.
     */
    public List<Port> updateStatuses(java.util.Collection<PortId> ids, String status) {
        return context.store.inTransaction(
                tx -> {
                    List<Port> found = new ArrayList<>();
                    for (List<String> chunk : chunks(ids.stream().map(PortId::value).toList())) {
                        java.util.Map<String, Port> byId = new java.util.HashMap<>();
                        for (Port port :
                                Tables.PORTS.where(
                                        tx, "id IN (" + marks(chunk) + ")", chunk.toArray())) {
                            byId.put(port.id().value(), port);
                        }
                        for (String id : chunk) {
                            Port current = byId.get(id);
                            if (current == null) {
                                continue;
                            }
                            if (current.status().equals(status)) {
                                found.add(current);
                                continue;
                            }
                            ObjectNode document = Documents.tree(current);
                            document.put("status", status);
                            found.add(
                                    context.portKind.replace(
                                            tx,
                                            current,
                                            Documents.fromTree(document, Port.class),
                                            context.now()));
                        }
                    }
                    return found;
                });
    }

    /** Sets a port's binding result, as the L2 layer decides it for the port's host. */
    public Port updateBinding(PortId id, PortBinder.Binding binding) {
        return context.store.inTransaction(
                tx -> {
                    Port current =
                            Tables.PORTS
                                    .find(tx, id.value())
                                    .orElseThrow(() -> context.portKind.notFound(id.value()));
                    ObjectNode document = Documents.tree(current);
                    document.put("binding:vif_type", binding.vifType());
                    document.set("binding:vif_details", binding.vifDetails());
                    return context.portKind.replace(
                            tx, current, Documents.fromTree(document, Port.class), context.now());
                });
    }

    public Port create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        return context.store.inTransaction(tx -> create(tx, caller, owner, request));
    }

    /** Creates a port within a running transaction, for resources that own ports (routers). */
    public Port create(Transaction tx, Caller caller, ProjectId owner, Attributes request) {
        Network network =
                networks.require(tx, caller, NetworkId.of(request.string("network_id", "")));
        boolean ownsNetwork = caller.admin() || caller.owns(network.projectId());
        checkCreatePolicy(caller, owner, network, ownsNetwork, request);
        PortId id = PortId.random();
        Instant now = context.now();
        boolean portSecurity = request.bool("port_security_enabled", network.portSecurityEnabled());
        List<AddressPair> pairs = addressPairsOf(request, portSecurity);
        Optional<MacAddress> givenMac = request.string("mac_address").map(MacAddress::parse);
        // SLAAC addresses derive from this MAC. In the rare case that a generated MAC is already
        // used on the network and is drawn again at insert, they keep deriving from this one.
        MacAddress eui64Mac = givenMac.orElseGet(macs::next);
        List<FixedIp> fixedIps = allocate(tx, network, id, eui64Mac, request.node("fixed_ips"));
        List<SecurityGroupId> groups =
                portSecurity || request.has("security_groups")
                        ? securityGroups.forNewPort(tx, caller, owner, requestedGroups(request))
                        : securityGroups.forNewPortWithoutSecurity(tx, owner);
        checkPortSecurity(portSecurity, groups);
        MacAddress firstMac = eui64Mac;
        java.util.function.Function<MacAddress, Port> withMac =
                portMac ->
                        new Port(
                                id,
                                request.string("name", ""),
                                network.id(),
                                owner,
                                portMac,
                                request.bool("admin_state_up", true),
                                Port.DOWN,
                                request.string("device_id", ""),
                                request.string("device_owner", ""),
                                fixedIps,
                                withMacs(pairs, portMac),
                                extraDhcpOptionsOf(request),
                                groups,
                                request.string("description", ""),
                                request.string("binding:vnic_type", "normal"),
                                objectOf(request.node("binding:profile")),
                                request.string("binding:host_id", ""),
                                PortBinder.Binding.UNBOUND,
                                JsonNodeFactory.instance.objectNode(),
                                portSecurity,
                                List.of(),
                                now,
                                now,
                                1);
        Port port = insert(tx, network, withMac, firstMac, givenMac.isPresent());
        storeSecurityGroups(tx, port.id(), groups);
        context.quotas.charge(tx, owner, "port", 1);
        context.portKind.publish(tx, Change.created(port));
        return port;
    }

    private static void checkCreatePolicy(
            Caller caller,
            ProjectId owner,
            Network network,
            boolean ownsNetwork,
            Attributes request) {
        if (!caller.admin() && !network.shared() && !network.projectId().equals(owner)) {
            throw new ForbiddenException(
                    "HTTPForbidden",
                    "Tenant " + owner + " not allowed to create port on this network");
        }
        ServiceContext.requireAdminFor(
                caller, request, "create_port", "binding:host_id", "binding:profile");
        if (!Access.NETWORK_OWNER.allows(caller, ownsNetwork)) {
            ServiceContext.requireAdminFor(
                    caller,
                    request,
                    "create_port",
                    "mac_address",
                    "port_security_enabled",
                    "allowed_address_pairs");
            if (request.string("device_owner", "").startsWith("network:")) {
                throw Errors.policy("rule:create_port:device_owner");
            }
            boolean givesAddress = false;
            for (JsonNode fixedIp :
                    request.node("fixed_ips").orElse(JsonNodeFactory.instance.arrayNode())) {
                givesAddress |= fixedIp.has("ip_address");
            }
            if (givesAddress) {
                throw Errors.policy("rule:create_port:fixed_ips:ip_address");
            }
        }
    }

    private static Optional<List<SecurityGroupId>> requestedGroups(Attributes request) {
        if (!request.has("security_groups") || request.isNull("security_groups")) {
            return Optional.empty();
        }
        return Optional.of(
                request.strings("security_groups").stream().map(SecurityGroupId::of).toList());
    }

    private static void checkPortSecurity(boolean portSecurity, List<SecurityGroupId> groups) {
        if (!portSecurity && !groups.isEmpty()) {
            throw new BadRequestException(
                    "PortSecurityAndIPRequiredForSecurityGroups",
                    "Port security must be enabled and port must have an IP address in order to"
                            + " use security groups.");
        }
    }

    private static List<AddressPair> addressPairsOf(Attributes request, boolean portSecurity) {
        List<AddressPair> pairs = new ArrayList<>();
        request.node("allowed_address_pairs")
                .filter(JsonNode::isArray)
                .ifPresent(
                        list ->
                                list.forEach(
                                        pair ->
                                                pairs.add(
                                                        new AddressPair(
                                                                pair.path("ip_address").asText(),
                                                                pair.hasNonNull("mac_address")
                                                                        ? MacAddress.parse(
                                                                                pair.path(
                                                                                                "mac_address")
                                                                                        .asText())
                                                                        : null))));
        if (!pairs.isEmpty() && !portSecurity) {
            throw new ConflictException(
                    "AddressPairAndPortSecurityRequired",
                    "Port Security must be enabled in order to have allowed address pairs on a"
                            + " port.");
        }
        return pairs;
    }

    private static List<AddressPair> withMacs(List<AddressPair> pairs, MacAddress mac) {
        return pairs.stream()
                .map(
                        pair ->
                                pair.macAddress() == null
                                        ? new AddressPair(pair.ipAddress(), mac)
                                        : pair)
                .toList();
    }

    private static List<ExtraDhcpOption> extraDhcpOptionsOf(Attributes request) {
        List<ExtraDhcpOption> options = new ArrayList<>();
        request.node("extra_dhcp_opts")
                .filter(JsonNode::isArray)
                .ifPresent(
                        list ->
                                list.forEach(
                                        option ->
                                                options.add(
                                                        new ExtraDhcpOption(
                                                                option.path("opt_name").asText(),
                                                                option.path("opt_value").asText(),
                                                                option.path("ip_version")
                                                                        .asInt(4)))));
        return options;
    }

    private static ObjectNode objectOf(Optional<JsonNode> node) {
        return node.filter(JsonNode::isObject)
                .map(value -> (ObjectNode) value.deepCopy())
                .orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private Port bound(Transaction tx, Port port, Network network) {
        PortBinder.Binding binding = binder.bind(tx, port, network);
        return port.withBinding(binding.vifType(), binding.vifDetails());
    }

    /**
     * Binds and inserts the port's row; a generated MAC address that the network already uses is
     * drawn again, a given one is refused.
     */
    private Port insert(
            Transaction tx,
            Network network,
            java.util.function.Function<MacAddress, Port> withMac,
            MacAddress firstMac,
            boolean macGiven) {
        MacAddress mac = firstMac;
        for (int attempt = 1; ; attempt++) {
            Port port = bound(tx, withMac.apply(mac), network);
            try {
                return tx.inSavepoint(() -> Tables.PORTS.insert(tx, port));
            } catch (DuplicateKeyException e) {
                if (!e.constraint().equals(Constraints.PORT_MAC)) {
                    throw e;
                }
                if (macGiven || attempt == MAC_TRIES) {
                    throw macInUse(port);
                }
                mac = macs.next();
            }
        }
    }

    private static ConflictException macInUse(Port port) {
        return new ConflictException(
                "MacAddressInUse",
                "Unable to complete operation for network "
                        + port.networkId()
                        + ". The mac address "
                        + port.macAddress()
                        + " is in use.");
    }

    private void storeSecurityGroups(Transaction tx, PortId port, List<SecurityGroupId> groups) {
        List<Object[]> rows = new ArrayList<>();
        for (SecurityGroupId group : groups) {
            rows.add(new Object[] {port.value(), group.value()});
        }
        tx.batch(
                "INSERT INTO port_security_groups (port_id, security_group_id) VALUES (?, ?)",
                rows);
    }

    /**
     * Takes the port's addresses: those asked for in {@code fixed_ips}, or when it is absent one
     * from an IPv4 subnet, one from an IPv6 subnet with stateful addresses, and an EUI-64 address
     * of every SLAAC subnet.
     */
    private List<FixedIp> allocate(
            Transaction tx,
            Network network,
            PortId port,
            MacAddress mac,
            Optional<JsonNode> requested) {
        List<Subnet> onNetwork = subnets.onNetwork(tx, network.id());
        if (requested.isPresent() && !requested.get().isNull()) {
            List<JsonNode> asked = new ArrayList<>();
            requested.get().forEach(asked::add);
            return allocateRequested(tx, network, onNetwork, port, mac, asked, new HashSet<>());
        }
        return allocateDefault(tx, network, onNetwork, port, mac);
    }

    /**
     * Takes the addresses of {@code asked}, in its order, beside those the port holds ({@code
     * held}, which grows with each one taken). The addresses asked for by value are taken first, so
     * that one drawn at random for another entry is never one of them.
     */
    private List<FixedIp> allocateRequested(
            Transaction tx,
            Network network,
            List<Subnet> onNetwork,
            PortId port,
            MacAddress mac,
            List<JsonNode> asked,
            Set<IpAddress> held) {
        FixedIp[] taken = new FixedIp[asked.size()];
        for (boolean byValue : List.of(true, false)) {
            for (int i = 0; i < asked.size(); i++) {
                if (asked.get(i).hasNonNull("ip_address") == byValue) {
                    taken[i] =
                            allocateRequested(
                                    tx, network, onNetwork, port, mac, asked.get(i), held);
                    held.add(taken[i].ipAddress());
                }
            }
        }
        return List.of(taken);
    }

    private FixedIp allocateRequested(
            Transaction tx,
            Network network,
            List<Subnet> onNetwork,
            PortId port,
            MacAddress mac,
            JsonNode fixedIp,
            Set<IpAddress> held) {
        Optional<IpAddress> address =
                fixedIp.hasNonNull("ip_address")
                        ? Optional.of(IpAddress.parse(fixedIp.get("ip_address").asText()))
                        : Optional.empty();
        Subnet subnet;
        if (fixedIp.hasNonNull("subnet_id")) {
            subnet = subnetOnNetwork(tx, network, onNetwork, fixedIp.get("subnet_id").asText());
        } else if (address.isPresent()) {
            subnet = subnetContaining(network, onNetwork, address.get());
        } else {
            throw Errors.invalidInput("IP allocation requires subnet_id or ip_address");
        }
        if (address.isEmpty()) {
            return allocateFrom(tx, network, subnet, port, mac, held);
        }
        checkAddressOnSubnet(subnet, address.get());
        if (!addresses.take(tx, subnet, address.get(), port)) {
            throw new ConflictException(
                    "IpAddressAlreadyAllocated",
                    "IP address " + address.get() + " already allocated in subnet " + subnet.id());
        }
        return new FixedIp(subnet.id(), address.get());
    }

    private static Subnet subnetOnNetwork(
            Transaction tx, Network network, List<Subnet> onNetwork, String subnetId) {
        for (Subnet subnet : onNetwork) {
            if (subnet.id().value().equals(subnetId)) {
                return subnet;
            }
        }
        if (Tables.SUBNETS.find(tx, subnetId).isPresent()) {
            throw Errors.invalidInput(
                    "Failed to create port on network "
                            + network.id()
                            + ", because fixed_ips included invalid subnet "
                            + subnetId);
        }
        throw Errors.notFound("Subnet", subnetId);
    }

    private static Subnet subnetContaining(
            Network network, List<Subnet> onNetwork, IpAddress address) {
        for (Subnet subnet : onNetwork) {
            if (subnet.cidr().contains(address)) {
                return subnet;
            }
        }
        throw new BadRequestException(
                "InvalidIpForNetwork",
                "IP address "
                        + address
                        + " is not a valid IP for any of the subnets on the specified network.");
    }

    private static void checkAddressOnSubnet(Subnet subnet, IpAddress address) {
        boolean v4Edge =
                subnet.ipVersion() == 4
                        && subnet.cidr().prefixLength() < 31
                        && (address.equals(subnet.cidr().first())
                                || address.equals(subnet.cidr().last()));
        boolean v6Router =
                subnet.ipVersion() == 6
                        && subnet.cidr().prefixLength() < 127
                        && address.equals(subnet.cidr().first());
        if (!subnet.cidr().contains(address) || v4Edge || v6Router) {
            throw new BadRequestException(
                    "InvalidIpForSubnet",
                    "IP address " + address + " is not a valid IP for the specified subnet.");
        }
    }

    private FixedIp allocateFrom(
            Transaction tx,
            Network network,
            Subnet subnet,
            PortId port,
            MacAddress mac,
            Set<IpAddress> held) {
        if (isEui64(subnet)) {
            IpAddress address = eui64(subnet, mac);
            if (held.contains(address) || !addresses.take(tx, subnet, address, port)) {
                throw new ConflictException(
                        "IpAddressAlreadyAllocated",
                        "IP address " + address + " already allocated in subnet " + subnet.id());
            }
            return new FixedIp(subnet.id(), address);
        }
        return addresses
                .takeAny(tx, subnet, port, held)
                .map(address -> new FixedIp(subnet.id(), address))
                .orElseThrow(() -> exhausted(network));
    }

    private List<FixedIp> allocateDefault(
            Transaction tx, Network network, List<Subnet> onNetwork, PortId port, MacAddress mac) {
        List<FixedIp> taken = new ArrayList<>();
        boolean v4Tried = false;
        boolean v4Done = false;
        boolean v6Tried = false;
        boolean v6Done = false;
        for (Subnet subnet : onNetwork) {
            if (isEui64(subnet)) {
                taken.add(allocateFrom(tx, network, subnet, port, mac, Set.of()));
                continue;
            }
            boolean v4 = subnet.ipVersion() == 4;
            if (v4 ? v4Done : v6Done) {
                continue;
            }
            if (v4) {
                v4Tried = true;
            } else {
                v6Tried = true;
            }
            Optional<IpAddress> address = addresses.takeAny(tx, subnet, port, Set.of());
            if (address.isPresent()) {
                taken.add(new FixedIp(subnet.id(), address.get()));
                if (v4) {
                    v4Done = true;
                } else {
                    v6Done = true;
                }
            }
        }
        if ((v4Tried && !v4Done) || (v6Tried && !v6Done)) {
            throw exhausted(network);
        }
        return taken;
    }

    private static ConflictException exhausted(Network network) {
        return new ConflictException(
                "IpAddressGenerationFailure",
                "No more IP addresses available on network " + network.id() + ".");
    }

    private static boolean isEui64(Subnet subnet) {
        return subnet.ipVersion() == 6
                && (subnet.ipv6AddressMode()
                                .filter(m -> m.equals("slaac") || m.equals("dhcpv6-stateless"))
                                .isPresent()
                        || (subnet.ipv6AddressMode().isEmpty()
                                && subnet.ipv6RaMode()
                                        .filter(
                                                m ->
                                                        m.equals("slaac")
                                                                || m.equals("dhcpv6-stateless"))
                                        .isPresent()));
    }

    /** The SLAAC address of {@code mac} on {@code subnet} (RFC 4291 appendix A). */
    static IpAddress eui64(Subnet subnet, MacAddress mac) {
        long m = mac.value();
        long interfaceId = ((m >>> 24) ^ 0x020000L) << 40 | 0xfffeL << 24 | (m & 0xffffffL);
        BigInteger id = new BigInteger(Long.toUnsignedString(interfaceId));
        return IpAddress.of(6, subnet.cidr().first().value().or(id));
    }

    public Port update(Caller caller, PortId id, Attributes changes, OptionalLong ifMatch) {
        return context.store.inTransaction(
                tx -> {
                    Port current = require(tx, caller, id);
                    ServiceContext.checkRevision(current, ifMatch);
                    boolean ownsNetwork =
                            caller.admin() || PortKind.ownsNetwork(tx, caller, current);
                    if (!caller.admin() && !caller.owns(current.projectId()) && !ownsNetwork) {
                        throw Errors.policy("rule:update_port");
                    }
                    ServiceContext.requireAdminFor(
                            caller,
                            changes,
                            "update_port",
                            "binding:host_id",
                            "binding:profile",
                            "mac_address");
                    if (changes.isEmpty()) {
                        return current;
                    }
                    return update(tx, caller, current, changes);
                });
    }

    private Port update(Transaction tx, Caller caller, Port current, Attributes changes) {
        Network network = Tables.NETWORKS.find(tx, current.networkId().value()).orElseThrow();
        ObjectNode document = Documents.tree(current);
        for (String simple :
                List.of(
                        "name",
                        "description",
                        "admin_state_up",
                        "device_id",
                        "device_owner",
                        "binding:vnic_type",
                        "binding:host_id",
                        "extra_dhcp_opts")) {
            changes.node(simple).ifPresent(value -> document.set(simple, value));
        }
        changes.node("binding:profile")
                .ifPresent(value -> document.set("binding:profile", objectOf(Optional.of(value))));
        if (changes.has("mac_address")) {
            document.put(
                    "mac_address", MacAddress.parse(changes.string("mac_address", "")).toString());
        }
        boolean portSecurity = changes.bool("port_security_enabled", current.portSecurityEnabled());
        document.put("port_security_enabled", portSecurity);
        if (changes.has("allowed_address_pairs")) {
            MacAddress mac = MacAddress.parse(document.path("mac_address").asText());
            document.set(
                    "allowed_address_pairs",
                    Documents.MAPPER.valueToTree(
                            withMacs(addressPairsOf(changes, portSecurity), mac)));
        } else if (!portSecurity && !current.allowedAddressPairs().isEmpty()) {
            throw new ConflictException(
                    "AddressPairAndPortSecurityRequired",
                    "Port Security must be enabled in order to have allowed address pairs on a"
                            + " port.");
        }
        List<SecurityGroupId> groups = current.securityGroups();
        if (changes.has("security_groups")) {
            groups =
                    securityGroups.forUpdate(
                            tx,
                            caller,
                            current.projectId(),
                            changes.strings("security_groups").stream()
                                    .map(SecurityGroupId::of)
                                    .toList());
        }
        if (!portSecurity && !groups.isEmpty()) {
            throw new ConflictException(
                    "PortSecurityPortHasSecurityGroup",
                    "Port has security group associated. Cannot disable port security or IP"
                            + " address until security group is removed");
        }
        document.set("security_groups", Documents.MAPPER.valueToTree(groups));
        if (changes.has("fixed_ips")) {
            refuseRouterInterfaceMove(current, changes.node("fixed_ips").get());
            document.set(
                    "fixed_ips",
                    Documents.MAPPER.valueToTree(
                            reallocate(tx, network, current, changes.node("fixed_ips").get())));
        }
        Port changed = Documents.fromTree(document, Port.class);
        if (!changed.bindingHost().equals(current.bindingHost())) {
            changed = bound(tx, changed, network);
        }
        if (!groups.equals(current.securityGroups())) {
            tx.update("DELETE FROM port_security_groups WHERE port_id = ?", current.id().value());
            storeSecurityGroups(tx, current.id(), groups);
        }
        Port result = changed;
        try {
            return tx.inSavepoint(() -> kind().replace(tx, current, result, context.now()));
        } catch (DuplicateKeyException e) {
            if (e.constraint().equals(Constraints.PORT_MAC)) {
                throw macInUse(result);
            }
            throw e;
        }
    }

    /**
     * Refuses new addresses for a router's interface port, as the reference does: the router's
     * address on a subnet changes by removing and adding the interface.
     */
    private static void refuseRouterInterfaceMove(Port current, JsonNode requested) {
        if (!current.deviceOwner().equals(Router.INTERFACE_OWNER)) {
            return;
        }
        Set<String> wanted = new java.util.HashSet<>();
        requested.forEach(fixedIp -> wanted.add(fixedIp.path("ip_address").asText()));
        Set<String> held = new java.util.HashSet<>();
        current.fixedIps().forEach(fixedIp -> held.add(fixedIp.ipAddress().toString()));
        if (!wanted.equals(held)) {
            throw new BadRequestException(
                    "BadRequest",
                    "Bad ports request: IP updates for port " + current.id() + " are not allowed.");
        }
    }

    /** Replaces a port's fixed IPs: keeps those asked for again, frees the rest, takes the new. */
    private List<FixedIp> reallocate(
            Transaction tx, Network network, Port current, JsonNode requested) {
        List<Subnet> onNetwork = subnets.onNetwork(tx, network.id());
        List<FixedIp> result = new ArrayList<>();
        List<FixedIp> kept = new ArrayList<>();
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode fixedIp : requested) {
            Optional<FixedIp> existing =
                    current.fixedIps().stream()
                            .filter(held -> matches(held, fixedIp))
                            .filter(held -> !kept.contains(held))
                            .findFirst();
            if (existing.isPresent() && fixedIp.hasNonNull("ip_address")) {
                kept.add(existing.get());
                result.add(existing.get());
            } else {
                fresh.add(fixedIp);
            }
        }
        for (FixedIp held : current.fixedIps()) {
            if (!kept.contains(held)) {
                addresses.release(tx, current.id(), held.subnetId(), held.ipAddress());
            }
        }
        Set<IpAddress> held = new HashSet<>();
        kept.forEach(fixedIp -> held.add(fixedIp.ipAddress()));
        result.addAll(
                allocateRequested(
                        tx, network, onNetwork, current.id(), current.macAddress(), fresh, held));
        return result;
    }

    private static boolean matches(FixedIp held, JsonNode requested) {
        boolean subnetMatches =
                !requested.hasNonNull("subnet_id")
                        || requested.get("subnet_id").asText().equals(held.subnetId().value());
        boolean addressMatches =
                !requested.hasNonNull("ip_address")
                        || IpAddress.isValid(requested.get("ip_address").asText())
                                && IpAddress.parse(requested.get("ip_address").asText())
                                        .equals(held.ipAddress());
        return subnetMatches && addressMatches;
    }

    /** Drops a port's addresses of one subnet (the subnet is being deleted). */
    void removeAddressesOf(Transaction tx, Port port, SubnetId subnet) {
        List<FixedIp> remaining = new ArrayList<>();
        for (FixedIp fixedIp : port.fixedIps()) {
            if (fixedIp.subnetId().equals(subnet)) {
                addresses.release(tx, port.id(), subnet, fixedIp.ipAddress());
            } else {
                remaining.add(fixedIp);
            }
        }
        ObjectNode document = Documents.tree(port);
        document.set("fixed_ips", Documents.MAPPER.valueToTree(remaining));
        kind().replace(tx, port, Documents.fromTree(document, Port.class), context.now());
    }

    public void delete(Caller caller, PortId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    Port port = require(tx, caller, id);
                    ServiceContext.checkRevision(port, ifMatch);
                    if (!caller.admin()
                            && !caller.owns(port.projectId())
                            && !PortKind.ownsNetwork(tx, caller, port)) {
                        throw Errors.policy("rule:delete_port");
                    }
                    beforeApiDelete.accept(tx, port);
                    delete(tx, port);
                    return port;
                });
    }

    /** Deletes a port within a running transaction, giving its addresses back. */
    public void delete(Transaction tx, Port port) {
        beforeDelete.accept(tx, port);
        addresses.releaseAll(tx, port.id());
        tx.update("DELETE FROM port_security_groups WHERE port_id = ?", port.id().value());
        Tags.deleteAll(tx, port.resourceId());
        if (!Tables.PORTS.delete(tx, port.resourceId())) {
            throw new NotFoundException(
                    "PortNotFound", "Port " + port.id() + " could not be found.");
        }
        context.quotas.refund(tx, port.projectId(), "port", 1);
        context.portKind.publish(tx, Change.deleted(port));
    }
}
