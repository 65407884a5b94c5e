package org.weft.agent.dhcp.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.dhcp.DhcpChanges;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpStateSource;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;
import org.weft.agent.dhcp.HostRoute;
import org.weft.agent.dhcp.Ipv6Mode;
import org.weft.bus.Bus;
import org.weft.bus.ConnectionListener;
import org.weft.bus.Handlers;
import org.weft.bus.RemoteCallException;
import org.weft.bus.Subscription;
import org.weft.bus.Topics;
import org.weft.bus.message.DhcpMessages;

/**
 * The server as the DHCP agent's source, over the bus: Neutron's DHCP RPCs on the plugin topic, and
 * the network, subnet and port events of the {@code dhcp_agent} topic. Events name only what
 * changed, so each (but a port's deletion) has the agent fetch its network again; a burst of events
 * on one network costs one fetch.
 */
public final class BusDhcpStateSource implements DhcpStateSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BusDhcpStateSource.class);

    private final Bus bus;
    private final String host;
    private Subscription subscription;

    public BusDhcpStateSource(Bus bus, String host) {
        this.bus = bus;
        this.host = host;
    }

    @Override
    public List<DhcpNetwork> activeNetworks() {
        return bus
                .call(Topics.GET_ACTIVE_NETWORKS_INFO, new DhcpMessages.NetworksRequest(host))
                .networks()
                .stream()
                .map(BusDhcpStateSource::network)
                .toList();
    }

    @Override
    public Optional<DhcpNetwork> network(String networkId) {
        try {
            return Optional.of(
                    network(
                            bus.call(
                                    Topics.GET_NETWORK_INFO,
                                    new DhcpMessages.NetworkRequest(networkId, host))));
        } catch (RemoteCallException e) {
            if (e.remoteType().endsWith("NotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public DhcpPort ensureDhcpPort(String networkId, String deviceId, Set<String> subnetIds) {
        // The server gives the port an address on every DHCP subnet of the network, which is
        // the set the agent asks for.
        DhcpMessages.DhcpPort port =
                bus.call(
                        Topics.ENSURE_DHCP_PORT,
                        new DhcpMessages.DhcpPortRequest(networkId, deviceId, host));
        return port(networkId, port);
    }

    @Override
    public void releaseDhcpPort(String networkId, String deviceId) {
        bus.call(
                Topics.RELEASE_DHCP_PORT,
                new DhcpMessages.DhcpPortRequest(networkId, deviceId, host));
    }

    @Override
    public synchronized void subscribe(DhcpChanges changes) {
        Handlers handlers =
                Handlers.forTopic(Topics.DHCP_AGENT)
                        .on(Topics.NETWORK_CREATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.NETWORK_UPDATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.NETWORK_DELETE_END, e -> changes.networkDeleted(e.networkId()))
                        .on(Topics.SUBNET_CREATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.SUBNET_UPDATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.SUBNET_DELETE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.PORT_CREATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.PORT_UPDATE_END, e -> changes.networkOutdated(e.networkId()))
                        .on(Topics.PORT_DELETE_END, e -> changes.portDeleted(e.portId()))
                        .build();
        subscription = bus.subscribe(handlers, host);
        bus.addConnectionListener(
                new ConnectionListener() {
                    @Override
                    public void connectionRestored(java.time.Duration outage) {
                        log.info(
                                "bus is back after {} ms, resyncing every network",
                                outage.toMillis());
                        changes.resyncAll();
                    }
                });
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    static DhcpNetwork network(DhcpMessages.DhcpNetwork network) {
        return new DhcpNetwork(
                network.id(),
                network.projectId(),
                network.mtu() == null ? 0 : network.mtu(),
                network.subnets().stream().map(subnet -> subnet(network.id(), subnet)).toList(),
                network.ports().stream().map(port -> port(network.id(), port)).toList());
    }

    private static DhcpSubnet subnet(String networkId, DhcpMessages.DhcpSubnet subnet) {
        return new DhcpSubnet(
                subnet.id(),
                networkId,
                subnet.ipVersion(),
                subnet.cidr(),
                Optional.ofNullable(subnet.gatewayIp()),
                subnet.enableDhcp(),
                subnet.dnsNameservers(),
                subnet.hostRoutes().stream()
                        .map(route -> new HostRoute(route.destination(), route.nexthop()))
                        .toList(),
                Ipv6Mode.fromApiName(subnet.ipv6AddressMode()),
                Ipv6Mode.fromApiName(subnet.ipv6RaMode()));
    }

    private static DhcpPort port(String networkId, DhcpMessages.DhcpPort port) {
        return new DhcpPort(
                port.id(),
                networkId,
                port.macAddress(),
                port.deviceOwner(),
                port.deviceId(),
                port.fixedIps().stream()
                        .map(ip -> new FixedIp(ip.subnetId(), ip.ipAddress()))
                        .toList());
    }
}
