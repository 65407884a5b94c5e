package org.weft.server.service;

import java.util.Optional;

/**
 * How a network is carried: its {@code provider:network_type} (flat, vlan, gre, vxlan, local),
 * {@code provider:physical_network} and {@code provider:segmentation_id} (VLAN id or tunnel key).
 */
public record Segment(
        Optional<String> networkType,
        Optional<String> physicalNetwork,
        Optional<Integer> segmentationId) {

    public static Segment none() {
        return new Segment(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return networkType.isEmpty() && physicalNetwork.isEmpty() && segmentationId.isEmpty();
    }
}
