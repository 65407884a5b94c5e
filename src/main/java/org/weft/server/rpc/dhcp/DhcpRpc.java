package org.weft.server.rpc.dhcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.Ack;
import org.weft.bus.message.DhcpMessages;
import org.weft.server.Errors;
import org.weft.server.policy.Caller;
import org.weft.server.scheduler.DhcpScheduler;
import org.weft.server.service.Attributes;
import org.weft.server.service.FixedIp;
import org.weft.server.service.Network;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Port;
import org.weft.server.service.Services;
import org.weft.server.service.Subnet;
import org.weft.server.service.SubnetId;

/**
 * The plugin's answers to DHCP agents: {@code get_active_networks_info}, {@code get_network_info},
 * {@code ensure_dhcp_port} and {@code release_dhcp_port}, from the service layer.
 *
 * <p>An agent is given only the networks its {@link DhcpScheduler} binds to it; asking for its
 * networks first places there those that want more agents, as Neutron's {@code
 * network_auto_schedule} does.
 */
public final class DhcpRpc {
    private static final Logger log = LoggerFactory.getLogger(DhcpRpc.class);
    private static final String OWNER_DHCP = "network:dhcp";

    private final Services services;
    private final DhcpScheduler scheduler;
    private final Caller caller = Caller.service();

    public DhcpRpc(Services services, DhcpScheduler scheduler) {
        this.services = services;
        this.scheduler = scheduler;
    }

    /** Adds the DHCP agents' methods to the plugin topic's handlers. */
    public Handlers.Builder addTo(Handlers.Builder plugin) {
        return plugin.on(Topics.GET_ACTIVE_NETWORKS_INFO, this::activeNetworks)
                .on(Topics.GET_NETWORK_INFO, this::network)
                .on(Topics.ENSURE_DHCP_PORT, this::ensureDhcpPort)
                .on(Topics.RELEASE_DHCP_PORT, this::releaseDhcpPort);
    }

    /** The networks the asking host's agent hosts, in full. */
    public DhcpMessages.DhcpNetworkList activeNetworks(DhcpMessages.NetworksRequest request) {
        scheduler.scheduleTo(request.host());
        List<DhcpMessages.DhcpNetwork> networks =
                scheduler.hostedOn(request.host()).stream()
                        .map(id -> find(NetworkId.of(id)))
                        .flatMap(Optional::stream)
                        .filter(Network::adminStateUp)
                        .map(this::describe)
                        .toList();
        log.debug("active networks host={} networks={}", request.host(), networks.size());
        return new DhcpMessages.DhcpNetworkList(networks);
    }

    /**
     * One network in full; a network that is gone, or that the asking host's agent does not host,
     * throws the API's not-found error.
     */
    public DhcpMessages.DhcpNetwork network(DhcpMessages.NetworkRequest request) {
        NetworkId id = NetworkId.of(request.networkId());
        Network network = services.networks().get(caller, id);
        if (!scheduler.hosts(request.host(), id.value())) {
            throw Errors.notFound("Network", id.value());
        }
        return describe(network);
    }

    /**
     * The port of device {@code deviceId} on the network, with an address on each DHCP subnet: the
     * one there is (given the addresses it lacks), or a new one bound to the asking host.
     */
    public DhcpMessages.DhcpPort ensureDhcpPort(DhcpMessages.DhcpPortRequest request) {
        NetworkId networkId = NetworkId.of(request.networkId());
        Set<SubnetId> dhcpSubnets =
                subnetsOf(networkId).stream()
                        .filter(Subnet::enableDhcp)
                        .map(Subnet::id)
                        .collect(Collectors.toSet());
        Optional<Port> existing = dhcpPort(networkId, request.deviceId());
        Port port;
        if (existing.isEmpty()) {
            port = services.ports().create(caller, newPort(request, dhcpSubnets));
            log.info(
                    "created DHCP port={} network={} host={}",
                    port.id(),
                    networkId,
                    request.host());
        } else if (!subnetIds(existing.get()).equals(dhcpSubnets)) {
            port =
                    services.ports()
                            .update(
                                    caller,
                                    existing.get().id(),
                                    Attributes.empty()
                                            .with(
                                                    "fixed_ips",
                                                    fixedIps(existing.get(), dhcpSubnets)),
                                    OptionalLong.empty());
            log.info(
                    "updated DHCP port={} network={} addresses={}",
                    port.id(),
                    networkId,
                    port.fixedIps());
        } else {
            port = existing.get();
        }
        return describe(port);
    }

    /** Deletes the DHCP ports of device {@code deviceId} on the network. */
    public Ack releaseDhcpPort(DhcpMessages.DhcpPortRequest request) {
        NetworkId networkId = NetworkId.of(request.networkId());
        for (Port port : services.ports().onNetwork(networkId)) {
            if (port.deviceId().equals(request.deviceId())) {
                services.ports().delete(caller, port.id(), OptionalLong.empty());
                log.info(
                        "released DHCP port={} network={} host={}",
                        port.id(),
                        networkId,
                        request.host());
            }
        }
        return Ack.INSTANCE;
    }

    private Optional<Network> find(NetworkId id) {
        return services.store()
                .inTransaction(tx -> services.networks().kind().table().find(tx, id.value()));
    }

    private List<Subnet> subnetsOf(NetworkId network) {
        return services.store().inTransaction(tx -> services.subnets().onNetwork(tx, network));
    }

    private Optional<Port> dhcpPort(NetworkId network, String deviceId) {
        return services.ports().onNetwork(network).stream()
                .filter(port -> port.deviceOwner().equals(OWNER_DHCP))
                .filter(port -> port.deviceId().equals(deviceId))
                .findFirst();
    }

    private Attributes newPort(DhcpMessages.DhcpPortRequest request, Set<SubnetId> subnets) {
        Network network = services.networks().get(caller, NetworkId.of(request.networkId()));
        ArrayNode fixedIps = JsonNodeFactory.instance.arrayNode();
        subnets.forEach(subnet -> fixedIps.addObject().put("subnet_id", subnet.value()));
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("network_id", request.networkId());
        attributes.put("project_id", network.projectId().value());
        attributes.put("device_id", request.deviceId());
        attributes.put("device_owner", OWNER_DHCP);
        attributes.put("binding:host_id", request.host());
        attributes.set("fixed_ips", fixedIps);
        return Attributes.of(attributes);
    }

    /** The port's addresses on subnets still wanted, and a request for each subnet it lacks. */
    private static ArrayNode fixedIps(Port port, Set<SubnetId> wanted) {
        ArrayNode fixedIps = JsonNodeFactory.instance.arrayNode();
        Set<SubnetId> have = new HashSet<>();
        for (FixedIp ip : port.fixedIps()) {
            if (wanted.contains(ip.subnetId())) {
                fixedIps.addObject()
                        .put("subnet_id", ip.subnetId().value())
                        .put("ip_address", ip.ipAddress().toString());
                have.add(ip.subnetId());
            }
        }
        wanted.stream()
                .filter(subnet -> !have.contains(subnet))
                .forEach(subnet -> fixedIps.addObject().put("subnet_id", subnet.value()));
        return fixedIps;
    }

    private static Set<SubnetId> subnetIds(Port port) {
        return port.fixedIps().stream().map(FixedIp::subnetId).collect(Collectors.toSet());
    }

    private DhcpMessages.DhcpNetwork describe(Network network) {
        return new DhcpMessages.DhcpNetwork(
                network.id().value(),
                network.projectId().value(),
                network.adminStateUp(),
                network.mtu(),
                subnetsOf(network.id()).stream().map(DhcpRpc::describe).toList(),
                services.ports().onNetwork(network.id()).stream().map(DhcpRpc::describe).toList());
    }

    private static DhcpMessages.DhcpSubnet describe(Subnet subnet) {
        return new DhcpMessages.DhcpSubnet(
                subnet.id().value(),
                subnet.cidr().toString(),
                subnet.ipVersion(),
                subnet.gatewayIp().map(Object::toString).orElse(null),
                subnet.enableDhcp(),
                subnet.dnsNameservers().stream().map(Object::toString).toList(),
                subnet.hostRoutes().stream()
                        .map(
                                route ->
                                        new DhcpMessages.HostRoute(
                                                route.destination().toString(),
                                                route.nexthop().toString()))
                        .toList(),
                subnet.allocationPools().stream()
                        .map(
                                pool ->
                                        new DhcpMessages.AllocationPool(
                                                pool.start().toString(), pool.end().toString()))
                        .toList(),
                subnet.ipv6AddressMode().orElse(null),
                subnet.ipv6RaMode().orElse(null));
    }

    private static DhcpMessages.DhcpPort describe(Port port) {
        return new DhcpMessages.DhcpPort(
                port.id().value(),
                port.macAddress().toString(),
                port.fixedIps().stream()
                        .map(
                                ip ->
                                        new org.weft.bus.message.FixedIp(
                                                ip.subnetId().value(), ip.ipAddress().toString()))
                        .toList(),
                port.deviceOwner(),
                port.deviceId());
    }
}
