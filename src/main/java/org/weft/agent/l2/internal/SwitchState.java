package org.weft.agent.l2.internal;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.weft.agent.l2.WiredPort;

/**
 * Everything the flows of this host follow from: its wired ports and their networks, the patch
 * ports between its bridges, its tunnels, and which hosts each network reaches.
 *
 * @param networks the networks with wired ports here, by id
 * @param ports the wired ports
 * @param integrationPatch {@code patch-tun}'s OpenFlow port on {@code br-int}, when tunnelling
 * @param tunnelPatch {@code patch-int}'s OpenFlow port on {@code br-tun}, when tunnelling
 * @param physicalBridges the mapped bridges, by physical network
 * @param tunnels the tunnels to other hosts
 * @param networkHosts the hosts each network reaches, by network id
 */
public record SwitchState(
        Map<String, LocalNetwork> networks,
        List<WiredPort> ports,
        OptionalInt integrationPatch,
        OptionalInt tunnelPatch,
        Map<String, PhysicalBridge> physicalBridges,
        List<TunnelPeer> tunnels,
        Map<String, Set<String>> networkHosts) {

    public SwitchState {
        networks = Map.copyOf(networks);
        ports = List.copyOf(ports);
        physicalBridges = Map.copyOf(physicalBridges);
        tunnels = List.copyOf(tunnels);
        networkHosts = Map.copyOf(networkHosts);
    }
}
