package org.weft.agent.l3;

import java.util.List;
import java.util.Map;
import org.weft.config.Config;
import org.weft.config.Option;
import org.weft.config.StartRefusedException;

/**
 * The settings of {@code weft agent l3}, from {@code l3_agent.ini} as the guide's era and today's
 * Neutron write it.
 */
public final class L3AgentOptions {
    private L3AgentOptions() {}

    /**
     * How router ports are plugged. Weft's only switch is Open vSwitch; the class paths of both
     * eras name it.
     */
    public static final Option<String> INTERFACE_DRIVER =
            Option.choice(
                            "DEFAULT",
                            "interface_driver",
                            List.of("openvswitch"),
                            Map.of(
                                    "quantum.agent.linux.interface.OVSInterfaceDriver",
                                    "openvswitch",
                                    "neutron.agent.linux.interface.OVSInterfaceDriver",
                                    "openvswitch",
                                    "ovs",
                                    "openvswitch"))
                    .defaultValue("openvswitch")
                    .build();

    /**
     * Weft keeps every router in its own namespace; {@code false} (the guide's era's way of running
     * one router in the host's own stack) is refused at start.
     */
    public static final Option<Boolean> USE_NAMESPACES =
            Option.bool("DEFAULT", "use_namespaces").defaultValue(true).build();

    /** The bridge of the integration network, where {@code qr-} ports go. */
    public static final Option<String> OVS_INTEGRATION_BRIDGE =
            Option.string("DEFAULT", "ovs_integration_bridge")
                    .alias("OVS", "integration_bridge")
                    .alias("ovs", "integration_bridge")
                    .defaultValue("br-int")
                    .build();

    /**
     * Where gateway ({@code qg-}) ports go: straight onto this bridge, as the guide's era does
     * ({@code br-ex}); empty for today's way, onto the integration bridge, where the L2 agent
     * connects the external network through its {@code bridge_mappings}.
     */
    public static final Option<String> EXTERNAL_NETWORK_BRIDGE =
            Option.string("DEFAULT", "external_network_bridge").defaultValue("br-ex").build();

    /** When set, only routers whose gateway is on this network are handled here. */
    public static final Option<String> GATEWAY_EXTERNAL_NETWORK_ID =
            Option.string("DEFAULT", "gateway_external_network_id").defaultValue("").build();

    /** Whether routers without a gateway are handled here. */
    public static final Option<Boolean> HANDLE_INTERNAL_ONLY_ROUTERS =
            Option.bool("DEFAULT", "handle_internal_only_routers").defaultValue(true).build();

    /** When set, this agent handles only this router. */
    public static final Option<String> ROUTER_ID =
            Option.string("DEFAULT", "router_id").defaultValue("").build();

    /** The port of the metadata proxy in each router namespace. */
    public static final Option<Integer> METADATA_PORT =
            Option.integer("DEFAULT", "metadata_port", 1, 65535).defaultValue(9697).build();

    public static final Option<Boolean> ENABLE_METADATA_PROXY =
            Option.bool("DEFAULT", "enable_metadata_proxy").defaultValue(true).build();

    /** How many gratuitous ARPs announce a new gateway or floating IP address; 0 sends none. */
    public static final Option<Integer> SEND_ARP_FOR_HA =
            Option.integer("DEFAULT", "send_arp_for_ha", 0, 100).defaultValue(3).build();

    /** Only {@code legacy}: every router whole on this node (no DVR, no HA). */
    public static final Option<String> AGENT_MODE =
            Option.choice("DEFAULT", "agent_mode", List.of("legacy"), Map.of())
                    .defaultValue("legacy")
                    .build();

    /** The Open vSwitch database the interface driver plugs ports through. */
    public static final Option<String> OVSDB_CONNECTION =
            Option.string("ovs", "ovsdb_connection")
                    .defaultValue("unix:/var/run/openvswitch/db.sock")
                    .build();

    public static final Option<Integer> PERIODIC_INTERVAL =
            Option.integer("DEFAULT", "periodic_interval", 1, 86400)
                    .unused(
                            "routers are resynchronised on every reconnection and error, not by a"
                                    + " timer")
                    .build();

    /**
     * Refuses at start what Weft does not do ({@code use_namespaces = False}), checks the settings
     * that take one of a few values, and reports the accepted-but-unused ones once.
     */
    public static void refuseUnsupported(Config config) {
        if (!config.get(USE_NAMESPACES)) {
            throw new StartRefusedException(
                    USE_NAMESPACES
                            + " = False is not supported: Weft keeps every router in its own"
                            + " qrouter- namespace; remove the setting or set it to True");
        }
        config.get(AGENT_MODE);
        config.get(INTERFACE_DRIVER);
        config.find(PERIODIC_INTERVAL);
    }

    public static List<Option<?>> all() {
        return List.of(
                INTERFACE_DRIVER,
                USE_NAMESPACES,
                OVS_INTEGRATION_BRIDGE,
                EXTERNAL_NETWORK_BRIDGE,
                GATEWAY_EXTERNAL_NETWORK_ID,
                HANDLE_INTERNAL_ONLY_ROUTERS,
                ROUTER_ID,
                METADATA_PORT,
                ENABLE_METADATA_PROXY,
                SEND_ARP_FOR_HA,
                AGENT_MODE,
                OVSDB_CONNECTION,
                PERIODIC_INTERVAL);
    }
}
