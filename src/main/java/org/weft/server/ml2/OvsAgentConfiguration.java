package org.weft.server.ml2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an Open vSwitch agent says about itself in its heartbeat's {@code configurations}: the
 * tunnel types it speaks, its {@code bridge_mappings}, its datapath, its integration bridge and its
 * firewall, which decide whether it can wire a port and how Nova must plug it.
 *
 * @param tunnelTypes {@code tunnel_types}
 * @param bridgeMappings {@code bridge_mappings}: physical network to bridge
 * @param datapathType {@code datapath_type}: {@code system} or {@code netdev}
 * @param integrationBridge {@code integration_bridge}
 * @param firewallDriver {@code firewall_driver}: {@code openvswitch}, {@code iptables_hybrid} or
 *     {@code noop}
 * @param hybridPlug {@code ovs_hybrid_plug}: the port needs a Linux bridge between the VM and the
 *     integration bridge
 */
public record OvsAgentConfiguration(
        Set<String> tunnelTypes,
        Map<String, String> bridgeMappings,
        String datapathType,
        String integrationBridge,
        String firewallDriver,
        boolean hybridPlug) {

    public OvsAgentConfiguration {
        tunnelTypes = Set.copyOf(tunnelTypes);
        bridgeMappings = Map.copyOf(bridgeMappings);
    }

    /** Reads the {@code configurations} of a heartbeat; missing keys take Neutron's defaults. */
    public static OvsAgentConfiguration of(Map<String, Object> configurations) {
        String firewall = text(configurations.get("firewall_driver"), "noop");
        Object hybrid = configurations.get("ovs_hybrid_plug");
        return new OvsAgentConfiguration(
                Set.copyOf(strings(configurations.get("tunnel_types"))),
                mappings(configurations.get("bridge_mappings")),
                text(configurations.get("datapath_type"), "system"),
                text(configurations.get("integration_bridge"), "br-int"),
                firewall,
                hybrid instanceof Boolean given ? given : firewall.equals("iptables_hybrid"));
    }

    /** Whether the agent filters the port's traffic (any firewall but {@code noop}). */
    public boolean portFilter() {
        return !firewallDriver.equals("noop");
    }

    /** Whether this agent can carry a network of {@code type} on {@code physicalNetwork}. */
    public boolean serves(NetworkType type, String physicalNetwork) {
        if (type.isTunnel()) {
            return tunnelTypes.contains(type.wire());
        }
        if (type.isPhysical()) {
            return physicalNetwork != null && bridgeMappings.containsKey(physicalNetwork);
        }
        return true;
    }

    private static String text(Object value, String otherwise) {
        return value instanceof String string && !string.isEmpty() ? string : otherwise;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Map<String, String> mappings(Object value) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach(
                    (physnet, bridge) ->
                            mappings.put(String.valueOf(physnet), String.valueOf(bridge)));
        }
        return mappings;
    }
}
