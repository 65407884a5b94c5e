package org.weft.server.ml2;

import java.util.List;
import org.weft.config.Option;

/**
 * The server's settings for network segments, as ML2 writes them ({@code [ml2]}, {@code
 * [ml2_type_*]}) and as the guide's {@code ovs_quantum_plugin.ini} does ({@code [OVS]
 * tenant_network_type}, {@code tunnel_id_ranges}, {@code network_vlan_ranges}).
 */
public final class Ml2Options {
    private Ml2Options() {}

    public static final Option<List<String>> TYPE_DRIVERS =
            Option.list("ml2", "type_drivers")
                    .defaultValue(List.of("local", "flat", "vlan", "gre", "vxlan", "geneve"))
                    .build();

    /**
     * The types a tenant's network gets, tried in order. The guide's single {@code [OVS]
     * tenant_network_type} reads as a list of one; its {@code none} means no tenant networks.
     */
    public static final Option<List<String>> TENANT_NETWORK_TYPES =
            Option.list("ml2", "tenant_network_types")
                    .alias("OVS", "tenant_network_type")
                    .defaultValue(List.of("local"))
                    .build();

    public static final Option<List<String>> MECHANISM_DRIVERS =
            Option.list("ml2", "mechanism_drivers")
                    .unused("Weft binds ports to its own Open vSwitch agents")
                    .build();

    public static final Option<List<String>> EXTENSION_DRIVERS =
            Option.list("ml2", "extension_drivers")
                    .unused("port security is always available in Weft")
                    .build();

    /** The MTU of the physical networks, from which every network's MTU is derived. */
    public static final Option<Integer> GLOBAL_PHYSNET_MTU =
            Option.integer("DEFAULT", "global_physnet_mtu", 68, 65535)
                    .alias("ml2", "segment_mtu")
                    .defaultValue(1500)
                    .build();

    /** The MTU of the path between tunnel endpoints; 0 means {@code global_physnet_mtu}. */
    public static final Option<Integer> PATH_MTU =
            Option.integer("ml2", "path_mtu", 0, 65535).defaultValue(0).build();

    /** {@code physnet:mtu} pairs for physical networks whose MTU differs from the global one. */
    public static final Option<List<String>> PHYSICAL_NETWORK_MTUS =
            Option.list("ml2", "physical_network_mtus").defaultValue(List.of()).build();

    /** The IP version of the tunnel endpoints, which sets the outer header's size. */
    public static final Option<Integer> OVERLAY_IP_VERSION =
            Option.integer("ml2", "overlay_ip_version", 4, 6)
                    .validate(
                            version -> {
                                if (version != 4 && version != 6) {
                                    throw new IllegalArgumentException((String) null);
                                }
                            },
                            "4 or 6")
                    .defaultValue(4)
                    .build();

    /** Physical networks flat networks may use; {@code *} allows any. */
    public static final Option<List<String>> FLAT_NETWORKS =
            Option.list("ml2_type_flat", "flat_networks").defaultValue(List.of("*")).build();

    /** {@code physnet[:min:max]} entries: the physical networks VLAN networks may use. */
    public static final Option<List<String>> NETWORK_VLAN_RANGES =
            Option.list("ml2_type_vlan", "network_vlan_ranges")
                    .alias("OVS", "network_vlan_ranges")
                    .defaultValue(List.of())
                    .build();

    /** {@code min:max} ranges of GRE keys for tenant networks. */
    public static final Option<List<String>> TUNNEL_ID_RANGES =
            Option.list("ml2_type_gre", "tunnel_id_ranges")
                    .alias("OVS", "tunnel_id_ranges")
                    .defaultValue(List.of())
                    .build();

    /** {@code min:max} ranges of VXLAN network identifiers for tenant networks. */
    public static final Option<List<String>> VXLAN_VNI_RANGES =
            Option.list("ml2_type_vxlan", "vni_ranges").defaultValue(List.of()).build();

    public static final Option<String> VXLAN_GROUP =
            Option.string("ml2_type_vxlan", "vxlan_group")
                    .unused("Weft floods over unicast tunnels to the nodes of the network")
                    .build();

    /** {@code min:max} ranges of Geneve network identifiers for tenant networks. */
    public static final Option<List<String>> GENEVE_VNI_RANGES =
            Option.list("ml2_type_geneve", "vni_ranges").defaultValue(List.of()).build();

    /** The Geneve header with its options, in bytes, that the MTU must leave room for. */
    public static final Option<Integer> GENEVE_MAX_HEADER_SIZE =
            Option.integer("ml2_type_geneve", "max_header_size", 30, 1000).defaultValue(30).build();

    public static List<Option<?>> all() {
        return List.of(
                TYPE_DRIVERS,
                TENANT_NETWORK_TYPES,
                MECHANISM_DRIVERS,
                EXTENSION_DRIVERS,
                GLOBAL_PHYSNET_MTU,
                PATH_MTU,
                PHYSICAL_NETWORK_MTUS,
                OVERLAY_IP_VERSION,
                FLAT_NETWORKS,
                NETWORK_VLAN_RANGES,
                TUNNEL_ID_RANGES,
                VXLAN_VNI_RANGES,
                VXLAN_GROUP,
                GENEVE_VNI_RANGES,
                GENEVE_MAX_HEADER_SIZE);
    }
}
