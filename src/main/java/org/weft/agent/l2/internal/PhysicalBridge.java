package org.weft.agent.l2.internal;

/**
 * A bridge that reaches a physical network ({@code bridge_mappings}), joined to {@code br-int} by a
 * pair of patch ports: {@code int-<bridge>} on {@code br-int}, {@code phy-<bridge>} on it.
 */
public record PhysicalBridge(
        String physicalNetwork,
        String bridge,
        String integrationPatch,
        String bridgePatch,
        int integrationOfport,
        int bridgeOfport) {}
