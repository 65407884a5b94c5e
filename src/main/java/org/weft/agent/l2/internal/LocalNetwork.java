package org.weft.agent.l2.internal;

import java.util.Optional;

/**
 * A network with ports on this host: how the server carries it ({@code network_type}, physical
 * network, segmentation id) and the VLAN the agent gave it on {@code br-int}.
 */
public record LocalNetwork(
        String networkId,
        String networkType,
        Optional<String> physicalNetwork,
        Optional<Integer> segmentationId,
        int localVlan) {

    public boolean isTunnel() {
        return networkType.equals("gre")
                || networkType.equals("vxlan")
                || networkType.equals("geneve");
    }

    public boolean isVlan() {
        return networkType.equals("vlan");
    }

    public boolean isFlat() {
        return networkType.equals("flat");
    }

    /** Whether {@code other} carries the network the same way (same VLAN here included). */
    public boolean sameSegment(String type, Optional<String> physnet, Optional<Integer> id) {
        return networkType.equals(type)
                && physicalNetwork.equals(physnet)
                && segmentationId.equals(id);
    }
}
