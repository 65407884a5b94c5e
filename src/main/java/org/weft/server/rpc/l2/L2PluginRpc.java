package org.weft.server.rpc.l2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.bus.message.L2Messages.DeviceDetails;
import org.weft.bus.message.L2Messages.DeviceDetailsList;
import org.weft.bus.message.L2Messages.DeviceListReply;
import org.weft.bus.message.L2Messages.DeviceListRequest;
import org.weft.bus.message.L2Messages.DeviceRequest;
import org.weft.bus.message.L2Messages.DeviceStatusReply;
import org.weft.bus.message.L2Messages.DevicesRequest;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.NetworkHostsReply;
import org.weft.bus.message.L2Messages.NetworkHostsRequest;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.bus.message.L2Messages.TunnelSyncReply;
import org.weft.bus.message.L2Messages.TunnelSyncRequest;
import org.weft.server.NotFoundException;
import org.weft.server.ml2.OvsPortBinder;
import org.weft.server.ml2.PortHosts;
import org.weft.server.ml2.TunnelEndpoints;
import org.weft.server.service.Network;
import org.weft.server.service.Port;
import org.weft.server.service.PortBinder;
import org.weft.server.service.PortId;
import org.weft.server.service.Ports;
import org.weft.server.service.Services;

/**
 * What the server answers the Open vSwitch agents on {@link Topics#PLUGIN}: how to wire ports (many
 * at once, in one read of the database), ports wired and unwired, tunnel endpoints, and the hosts
 * each network reaches.
 */
public final class L2PluginRpc {
    private static final Logger log = LoggerFactory.getLogger(L2PluginRpc.class);

    private final Services services;
    private final PortBinder binder;
    private final TunnelEndpoints tunnels;
    private final PortHosts hosts;
    private final L2Notifier notifier;

    public L2PluginRpc(
            Services services,
            PortBinder binder,
            TunnelEndpoints tunnels,
            PortHosts hosts,
            L2Notifier notifier) {
        this.services = services;
        this.binder = binder;
        this.tunnels = tunnels;
        this.hosts = hosts;
        this.notifier = notifier;
    }

    /** Adds the L2 methods to the plugin's handlers. */
    public Handlers.Builder register(Handlers.Builder plugin) {
        return plugin.on(Topics.GET_DEVICE_DETAILS, this::deviceDetails)
                .on(Topics.GET_DEVICES_DETAILS_LIST, this::devicesDetails)
                .on(Topics.UPDATE_DEVICE_UP, this::deviceUp)
                .on(Topics.UPDATE_DEVICE_DOWN, this::deviceDown)
                .on(Topics.UPDATE_DEVICE_LIST, this::deviceList)
                .on(Topics.TUNNEL_SYNC, this::tunnelSync)
                .on(Topics.GET_NETWORK_HOSTS, this::networkHosts);
    }

    public DeviceDetails deviceDetails(DeviceRequest request) {
        return devicesDetails(
                        new DevicesRequest(
                                List.of(request.device()), request.agentId(), request.host()))
                .devices()
                .get(0);
    }

    /**
     * The wiring of each device, in the order asked; a port whose host is the asking agent's but
     * that failed to bind (its agent was not up yet) is bound again first.
     */
    public DeviceDetailsList devicesDetails(DevicesRequest request) {
        Map<String, Ports.Details> found = new LinkedHashMap<>();
        for (Ports.Details details : services.ports().wiringOf(portIds(request.devices()))) {
            found.put(details.port().id().value(), bindIfNeeded(details, request.host()));
        }
        List<DeviceDetails> answers = new ArrayList<>();
        for (String device : request.devices()) {
            Ports.Details details = found.get(device);
            answers.add(
                    details == null ? DeviceDetails.unknown(device) : detailsOf(device, details));
        }
        log.debug(
                "device details: host={} devices={} known={}",
                request.host(),
                answers.size(),
                found.size());
        return new DeviceDetailsList(answers);
    }

    public DeviceStatusReply deviceUp(DeviceRequest request) {
        return setStatus(request.device(), request.host(), Port.ACTIVE);
    }

    public DeviceStatusReply deviceDown(DeviceRequest request) {
        return setStatus(request.device(), request.host(), Port.DOWN);
    }

    /** A batch of reports, each direction in one transaction. */
    public DeviceListReply deviceList(DeviceListRequest request) {
        List<String> up = setStatuses(request.devicesUp(), request.host(), Port.ACTIVE);
        List<String> down = setStatuses(request.devicesDown(), request.host(), Port.DOWN);
        List<String> failedUp = new ArrayList<>(request.devicesUp());
        failedUp.removeAll(up);
        List<String> failedDown = new ArrayList<>(request.devicesDown());
        failedDown.removeAll(down);
        return new DeviceListReply(up, failedUp, down, failedDown);
    }

    private List<String> setStatuses(List<String> devices, String host, String status) {
        if (devices.isEmpty()) {
            return List.of();
        }
        List<Port> found = services.ports().updateStatuses(portIds(devices), status);
        Map<String, String> networks = new LinkedHashMap<>();
        for (Port port : found) {
            networks.put(port.id().value(), port.networkId().value());
        }
        if (status.equals(Port.ACTIVE)) {
            hosts.wiredAll(networks, host);
        } else {
            hosts.unwiredAll(networks.keySet());
        }
        new java.util.HashSet<>(networks.values()).forEach(notifier::hostsChanged);
        log.debug("device statuses: host={} status={} devices={}", host, status, found.size());
        return List.copyOf(networks.keySet());
    }

    /**
     * Registers the agent's endpoint and returns every endpoint of its tunnel type (its own
     * included); the other agents are told of the new one, and of any it replaced.
     */
    public TunnelSyncReply tunnelSync(TunnelSyncRequest request) {
        TunnelEndpoint endpoint =
                new TunnelEndpoint(request.tunnelIp(), request.tunnelType(), request.host());
        TunnelEndpoints.Registration registration = tunnels.register(endpoint);
        registration.replaced().forEach(notifier::tunnelRemoved);
        notifier.tunnelAdded(endpoint);
        return new TunnelSyncReply(registration.endpoints());
    }

    public NetworkHostsReply networkHosts(NetworkHostsRequest request) {
        List<NetworkHosts> networks = new ArrayList<>();
        for (String network : request.networkIds()) {
            networks.add(new NetworkHosts(network, hosts.hostsOf(network)));
        }
        return new NetworkHostsReply(networks);
    }

    private DeviceStatusReply setStatus(String device, String host, String status) {
        Optional<PortId> id = portId(device);
        if (id.isEmpty()) {
            return new DeviceStatusReply(device, false);
        }
        Port port;
        try {
            port = services.ports().updateStatus(id.get(), status);
        } catch (NotFoundException e) {
            log.debug("status of unknown device ignored: device={} host={}", device, host);
            return new DeviceStatusReply(device, false);
        }
        String network = port.networkId().value();
        if (status.equals(Port.ACTIVE)) {
            hosts.wired(device, network, host);
        } else {
            hosts.unwired(device);
        }
        notifier.hostsChanged(network);
        log.debug("device status: device={} host={} status={}", device, host, status);
        return new DeviceStatusReply(device, true);
    }

    private Ports.Details bindIfNeeded(Ports.Details details, String host) {
        Port port = details.port();
        if (!port.bindingHost().equals(host) || port.vifType().equals(OvsPortBinder.VIF_TYPE_OVS)) {
            return details;
        }
        PortBinder.Binding binding =
                services.store().inTransaction(tx -> binder.bind(tx, port, details.network()));
        if (!binding.vifType().equals(OvsPortBinder.VIF_TYPE_OVS)) {
            return details;
        }
        Port bound = services.ports().updateBinding(port.id(), binding);
        log.info("port bound on its agent's request: port={} host={}", port.id(), host);
        return new Ports.Details(bound, details.network(), details.subnets());
    }

    private static DeviceDetails detailsOf(String device, Ports.Details details) {
        Port port = details.port();
        Network network = details.network();
        return new DeviceDetails(
                device,
                true,
                port.id().value(),
                network.id().value(),
                port.macAddress().toString(),
                port.adminStateUp() && network.adminStateUp(),
                network.networkType().orElse("local"),
                network.physicalNetwork().orElse(null),
                network.segmentationId().orElse(null),
                network.mtu(),
                port.fixedIps().stream()
                        .map(ip -> new FixedIp(ip.subnetId().value(), ip.ipAddress().toString()))
                        .toList(),
                port.deviceOwner(),
                port.portSecurityEnabled(),
                port.securityGroups().stream().map(group -> group.value()).toList(),
                port.allowedAddressPairs().stream()
                        .map(
                                pair ->
                                        new AllowedAddressPair(
                                                pair.ipAddress(),
                                                pair.macAddress() == null
                                                        ? port.macAddress().toString()
                                                        : pair.macAddress().toString()))
                        .toList());
    }

    private static List<PortId> portIds(List<String> devices) {
        return devices.stream().map(L2PluginRpc::portId).flatMap(Optional::stream).toList();
    }

    private static Optional<PortId> portId(String device) {
        try {
            return Optional.of(PortId.of(device));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
