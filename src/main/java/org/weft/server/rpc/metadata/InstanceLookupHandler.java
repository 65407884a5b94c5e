package org.weft.server.rpc.metadata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.MetadataMessages;
import org.weft.server.ipam.IpAddress;
import org.weft.server.service.FixedIp;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Port;
import org.weft.server.service.Ports;

/**
 * Answers {@code get_instance_by_address}: the ports with the asked fixed IP on the networks of a
 * router (the networks of its {@code network:router_interface} ports) or on one network, leaving
 * out the ports the network owns (DHCP, router), whose {@code device_id} is no instance.
 */
public final class InstanceLookupHandler {
    /** The {@code device_owner} of a router's interface on a tenant network. */
    static final String ROUTER_INTERFACE = "network:router_interface";

    private final Ports ports;

    public InstanceLookupHandler(Ports ports) {
        this.ports = ports;
    }

    /** Adds this handler to the handlers of the plugin topic. */
    public Handlers.Builder register(Handlers.Builder plugin) {
        return plugin.on(Topics.GET_INSTANCE_BY_ADDRESS, this::lookup);
    }

    public MetadataMessages.InstanceLookupReply lookup(MetadataMessages.InstanceLookup question) {
        if (question.ipAddress() == null || !IpAddress.isValid(question.ipAddress())) {
            return new MetadataMessages.InstanceLookupReply(List.of());
        }
        IpAddress address = IpAddress.parse(question.ipAddress());
        List<MetadataMessages.InstancePort> found = new ArrayList<>();
        for (NetworkId network : networksOf(question)) {
            for (Port port : ports.onNetwork(network)) {
                if (!port.isNetworkOwned() && hasAddress(port, address)) {
                    found.add(
                            new MetadataMessages.InstancePort(
                                    port.id().value(),
                                    network.value(),
                                    port.deviceId(),
                                    port.projectId().value()));
                }
            }
        }
        return new MetadataMessages.InstanceLookupReply(found);
    }

    private Set<NetworkId> networksOf(MetadataMessages.InstanceLookup question) {
        Set<NetworkId> networks = new LinkedHashSet<>();
        if (question.routerId() != null && !question.routerId().isBlank()) {
            for (Port port : ports.ofDevice(question.routerId())) {
                if (port.deviceOwner().equals(ROUTER_INTERFACE)) {
                    networks.add(port.networkId());
                }
            }
        } else if (question.networkId() != null && !question.networkId().isBlank()) {
            networks.add(new NetworkId(question.networkId()));
        }
        return networks;
    }

    private static boolean hasAddress(Port port, IpAddress address) {
        for (FixedIp fixedIp : port.fixedIps()) {
            if (fixedIp.ipAddress().equals(address)) {
                return true;
            }
        }
        return false;
    }
}
