package org.weft.dataplane.ovs;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.config.Config;
import org.weft.config.Option;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * The Open vSwitch settings of a host, as the OVS plugin file of the guide's era ({@code [OVS]}
 * section of {@code ovs_quantum_plugin.ini}) and today's {@code openvswitch_agent.ini} ({@code
 * [ovs]}, {@code [agent]}) write them. Section names compare without regard to case, so {@code
 * [OVS] local_ip} and {@code [ovs] local_ip} are one setting.
 */
public final class OvsOptions {
    private OvsOptions() {}

    /** Where the database is: {@code unix:FILE} or {@code tcp:HOST:PORT}. */
    public static final Option<String> OVSDB_CONNECTION =
            Option.string("ovs", "ovsdb_connection")
                    .defaultValue("unix:/var/run/openvswitch/db.sock")
                    .validate(OvsdbTarget::parse, "unix:FILE or tcp:HOST:PORT")
                    .build();

    /** Seconds to wait for an answer from the database. */
    public static final Option<Integer> OVSDB_TIMEOUT =
            Option.integer("ovs", "ovsdb_timeout", 1, 3600).defaultValue(10).build();

    /** {@code system} (the kernel module) or {@code netdev} (userspace). */
    public static final Option<String> DATAPATH_TYPE =
            Option.choice("ovs", "datapath_type", List.of("system", "netdev"), Map.of())
                    .defaultValue("system")
                    .build();

    public static final Option<String> INTEGRATION_BRIDGE =
            Option.string("ovs", "integration_bridge")
                    .alias("DEFAULT", "ovs_integration_bridge")
                    .defaultValue("br-int")
                    .build();

    public static final Option<String> TUNNEL_BRIDGE =
            Option.string("ovs", "tunnel_bridge").defaultValue("br-tun").build();

    /** This host's address on the data network: the tunnels' local end. */
    public static final Option<String> LOCAL_IP =
            Option.string("ovs", "local_ip")
                    .validate(OvsOptions::checkAddress, "an IPv4 or IPv6 address")
                    .build();

    /** {@code physnet:bridge} pairs: provider networks and the bridges that reach them. */
    public static final Option<List<String>> BRIDGE_MAPPINGS =
            Option.list("ovs", "bridge_mappings")
                    .defaultValue(List.of())
                    .validate(OvsOptions::checkMappings, "physical_network:bridge pairs")
                    .build();

    /** The guide's era: tunnels on when true, of the tenant network type. */
    public static final Option<Boolean> ENABLE_TUNNELING =
            Option.bool("ovs", "enable_tunneling").defaultValue(false).build();

    public static final Option<String> TENANT_NETWORK_TYPE =
            Option.choice(
                            "ovs",
                            "tenant_network_type",
                            List.of("local", "vlan", "gre", "vxlan", "none"),
                            Map.of())
                    .defaultValue("local")
                    .build();

    /** Today's way: the tunnel types this agent speaks; none means no tunnels. */
    public static final Option<List<String>> TUNNEL_TYPES =
            Option.list("agent", "tunnel_types")
                    .defaultValue(List.of())
                    .validate(types -> types.forEach(TunnelType::parse), "gre, vxlan or geneve")
                    .build();

    public static final Option<String> OF_INTERFACE =
            Option.string("ovs", "of_interface")
                    .unused("Weft speaks OpenFlow 1.4 to the bridges itself")
                    .build();

    public static final Option<String> OVSDB_INTERFACE =
            Option.string("ovs", "ovsdb_interface")
                    .unused("Weft speaks OVSDB (RFC 7047) itself")
                    .build();

    public static List<Option<?>> all() {
        return List.of(
                OVSDB_CONNECTION,
                OVSDB_TIMEOUT,
                DATAPATH_TYPE,
                INTEGRATION_BRIDGE,
                TUNNEL_BRIDGE,
                LOCAL_IP,
                BRIDGE_MAPPINGS,
                ENABLE_TUNNELING,
                TENANT_NETWORK_TYPE,
                TUNNEL_TYPES,
                OF_INTERFACE,
                OVSDB_INTERFACE);
    }

    /**
     * The tunnel types this host must speak: {@code [agent] tunnel_types} when set; otherwise, in
     * the guide's era's terms, the tenant network type when {@code enable_tunneling} is on (GRE if
     * that type is not a tunnel type); otherwise none.
     */
    public static List<TunnelType> tunnelTypes(Config config) {
        if (config.isSet(TUNNEL_TYPES)) {
            return config.get(TUNNEL_TYPES).stream().map(TunnelType::parse).distinct().toList();
        }
        if (!config.get(ENABLE_TUNNELING)) {
            return List.of();
        }
        String tenant = config.get(TENANT_NETWORK_TYPE);
        return List.of(tenant.equals("vxlan") ? TunnelType.VXLAN : TunnelType.GRE);
    }

    public static boolean tunnellingEnabled(Config config) {
        return !tunnelTypes(config).isEmpty();
    }

    public static Optional<InetAddress> localIp(Config config) {
        return config.find(LOCAL_IP).map(OvsOptions::checkAddress);
    }

    /** The bridge of each physical network, in the order written. */
    public static Map<String, String> bridgeMappings(Config config) {
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String pair : config.get(BRIDGE_MAPPINGS)) {
            String[] parts = pair.split(":", 2);
            mappings.put(parts[0].strip(), parts[1].strip());
        }
        return mappings;
    }

    public static OvsdbTarget ovsdbTarget(Config config) {
        return OvsdbTarget.parse(config.get(OVSDB_CONNECTION));
    }

    /**
     * Where the bridges' OpenFlow management sockets are: beside a unix database socket (as Open
     * vSwitch puts both in its run directory), otherwise Open vSwitch's usual run directory.
     */
    public static Path runDirectory(Config config) {
        if (ovsdbTarget(config) instanceof OvsdbTarget.Unix unix
                && unix.socket().getParent() != null) {
            return unix.socket().getParent();
        }
        return Path.of("/var/run/openvswitch");
    }

    private static InetAddress checkAddress(String text) {
        String address = text.strip();
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal");
        }
    }

    private static void checkMappings(List<String> pairs) {
        for (String pair : pairs) {
            String[] parts = pair.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("'" + pair + "' is not physical_network:bridge");
            }
        }
    }
}
