package org.weft.agent.dhcp;

import java.util.List;
import java.util.Objects;

/**
 * A port of a network as the DHCP agent needs it: its MAC and fixed IPs, and who owns it.
 *
 * @param deviceOwner {@code compute:nova}, {@code network:dhcp}, {@code network:router_interface}…
 * @param deviceId the owner's id; for a DHCP port, the agent's id for the network
 */
public record DhcpPort(
        String id,
        String networkId,
        String macAddress,
        String deviceOwner,
        String deviceId,
        List<FixedIp> fixedIps) {

    public static final String OWNER_DHCP = "network:dhcp";

    /** Owners of a router's interface ports: their address on a subnet is the subnet's gateway. */
    public static final List<String> ROUTER_INTERFACE_OWNERS =
            List.of(
                    "network:router_interface",
                    "network:router_interface_distributed",
                    "network:ha_router_replicated_interface");

    public DhcpPort {
        Objects.requireNonNull(id);
        Objects.requireNonNull(networkId);
        Objects.requireNonNull(macAddress);
        deviceOwner = deviceOwner == null ? "" : deviceOwner;
        deviceId = deviceId == null ? "" : deviceId;
        fixedIps = List.copyOf(fixedIps);
    }

    public DhcpPort withFixedIps(List<FixedIp> ips) {
        return new DhcpPort(id, networkId, macAddress, deviceOwner, deviceId, ips);
    }

    public boolean isRouterInterface() {
        return ROUTER_INTERFACE_OWNERS.contains(deviceOwner);
    }
}
