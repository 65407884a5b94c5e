package org.weft.agent.dhcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.config.Option;
import org.weft.config.StartRefusedException;

/**
 * The settings of {@code dhcp_agent.ini}, by the install guide's names (Grizzly's {@code quantum.…}
 * class paths, {@code dhcp_domain}, {@code dnsmasq_dns_server}) and today's.
 */
public final class DhcpAgentOptions {
    private DhcpAgentOptions() {}

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

    public static final Option<String> INTEGRATION_BRIDGE =
            Option.string("ovs", "integration_bridge")
                    .alias("DEFAULT", "ovs_integration_bridge")
                    .defaultValue("br-int")
                    .build();

    /** Where the switch's database listens, for plugging DHCP ports into the bridge. */
    public static final Option<String> OVSDB_CONNECTION =
            Option.string("ovs", "ovsdb_connection")
                    .defaultValue("unix:/var/run/openvswitch/db.sock")
                    .build();

    public static final Option<Boolean> OVS_USE_VETH =
            Option.bool("DEFAULT", "ovs_use_veth")
                    .defaultValue(false)
                    .unused(
                            "Weft always plugs a DHCP port as a veth pair: an internal port of a"
                                    + " userspace switch cannot leave the switch's namespace")
                    .build();

    public static final Option<String> DHCP_DRIVER =
            Option.choice(
                            "DEFAULT",
                            "dhcp_driver",
                            List.of("dnsmasq"),
                            Map.of(
                                    "quantum.agent.linux.dhcp.Dnsmasq",
                                    "dnsmasq",
                                    "neutron.agent.linux.dhcp.Dnsmasq",
                                    "dnsmasq"))
                    .defaultValue("dnsmasq")
                    .build();

    /**
     * Only {@code True} is supported: see {@link #refuseUnsupported}. Grizzly allowed serving one
     * network from the host's own namespace; today's Neutron has removed the setting.
     */
    public static final Option<Boolean> USE_NAMESPACES =
            Option.bool("DEFAULT", "use_namespaces").defaultValue(true).build();

    public static final Option<Boolean> ENABLE_ISOLATED_METADATA =
            Option.bool("DEFAULT", "enable_isolated_metadata").defaultValue(false).build();
    public static final Option<Boolean> ENABLE_METADATA_NETWORK =
            Option.bool("DEFAULT", "enable_metadata_network").defaultValue(false).build();
    public static final Option<Boolean> FORCE_METADATA =
            Option.bool("DEFAULT", "force_metadata").defaultValue(false).build();

    /** A file of extra dnsmasq settings given with {@code --conf-file}; empty for none. */
    public static final Option<String> DNSMASQ_CONFIG_FILE =
            Option.string("DEFAULT", "dnsmasq_config_file").defaultValue("").build();

    /** The DNS servers dnsmasq forwards to ({@code --server}), not the ones hosts are given. */
    public static final Option<List<String>> DNSMASQ_DNS_SERVERS =
            Option.list("DEFAULT", "dnsmasq_dns_servers")
                    .alias("DEFAULT", "dnsmasq_dns_server")
                    .defaultValue(List.of())
                    .build();

    /** Whether dnsmasq may forward to the servers of the host's resolv.conf. */
    public static final Option<Boolean> DNSMASQ_LOCAL_RESOLV =
            Option.bool("DEFAULT", "dnsmasq_local_resolv").defaultValue(false).build();

    public static final Option<Integer> DNSMASQ_LEASE_MAX =
            Option.integer("DEFAULT", "dnsmasq_lease_max", 1, Integer.MAX_VALUE)
                    .defaultValue(1 << 24)
                    .build();

    /** A directory for per-network query and DHCP logs of dnsmasq; empty for none. */
    public static final Option<String> DNSMASQ_BASE_LOG_DIR =
            Option.string("DEFAULT", "dnsmasq_base_log_dir").defaultValue("").build();

    public static final Option<String> DNS_DOMAIN =
            Option.string("DEFAULT", "dns_domain")
                    .alias("DEFAULT", "dhcp_domain")
                    .defaultValue("openstacklocal")
                    .build();

    /** Seconds; -1 for leases that never end. */
    public static final Option<Integer> DHCP_LEASE_DURATION =
            Option.integer("DEFAULT", "dhcp_lease_duration", -1, Integer.MAX_VALUE)
                    .alias("DEFAULT", "dhcp_lease_time")
                    .defaultValue(86400)
                    .build();

    /** Seconds until hosts renew (DHCP option 58); 0 leaves it to the client (half the lease). */
    public static final Option<Integer> DHCP_RENEWAL_TIME =
            Option.integer("DEFAULT", "dhcp_renewal_time", 0, Integer.MAX_VALUE)
                    .defaultValue(0)
                    .build();

    /** Seconds until hosts rebind (DHCP option 59); 0 leaves it to the client. */
    public static final Option<Integer> DHCP_REBINDING_TIME =
            Option.integer("DEFAULT", "dhcp_rebinding_time", 0, Integer.MAX_VALUE)
                    .defaultValue(0)
                    .build();

    public static final Option<Boolean> DHCP_BROADCAST_REPLY =
            Option.bool("DEFAULT", "dhcp_broadcast_reply").defaultValue(false).build();

    /** How many networks are brought up to date at once. */
    public static final Option<Integer> NUM_SYNC_THREADS =
            Option.integer("DEFAULT", "num_sync_threads", 1, 256).defaultValue(4).build();

    /** Seconds between attempts to resynchronise a network (or everything) after a failure. */
    public static final Option<Integer> RESYNC_INTERVAL =
            Option.integer("DEFAULT", "resync_interval", 1, 86400).defaultValue(5).build();

    /** Where each network's dnsmasq files go; {@code $state_path} stands for the state path. */
    public static final Option<String> DHCP_CONFS =
            Option.string("DEFAULT", "dhcp_confs").defaultValue("$state_path/dhcp").build();

    public static final Option<Boolean> DHCP_DELETE_NAMESPACES =
            Option.bool("DEFAULT", "dhcp_delete_namespaces")
                    .defaultValue(true)
                    .unused("a network's qdhcp- namespace is always deleted with it")
                    .build();

    public static final Option<String> DHCP_LEASE_RELAY_SOCKET =
            Option.string("DEFAULT", "dhcp_lease_relay_socket")
                    .unused("dnsmasq keeps its leases in its own lease file; nothing is relayed")
                    .build();

    public static List<Option<?>> all() {
        return List.of(
                INTERFACE_DRIVER,
                INTEGRATION_BRIDGE,
                OVSDB_CONNECTION,
                OVS_USE_VETH,
                DHCP_DRIVER,
                USE_NAMESPACES,
                ENABLE_ISOLATED_METADATA,
                ENABLE_METADATA_NETWORK,
                FORCE_METADATA,
                DNSMASQ_CONFIG_FILE,
                DNSMASQ_DNS_SERVERS,
                DNSMASQ_LOCAL_RESOLV,
                DNSMASQ_LEASE_MAX,
                DNSMASQ_BASE_LOG_DIR,
                DNS_DOMAIN,
                DHCP_LEASE_DURATION,
                DHCP_RENEWAL_TIME,
                DHCP_REBINDING_TIME,
                DHCP_BROADCAST_REPLY,
                NUM_SYNC_THREADS,
                RESYNC_INTERVAL,
                DHCP_CONFS,
                DHCP_DELETE_NAMESPACES,
                DHCP_LEASE_RELAY_SOCKET);
    }

    /**
     * Refuses settings Weft cannot honour. {@code use_namespaces = False} served a single network
     * from the host's own namespace, where overlapping tenant subnets collide; Weft serves every
     * network from its own {@code qdhcp-} namespace, as today's Neutron does.
     */
    public static void refuseUnsupported(Config config) {
        if (!config.get(USE_NAMESPACES)) {
            throw new StartRefusedException(
                    "use_namespaces = False is not supported: the DHCP agent serves every network"
                            + " from its own qdhcp-<network_id> namespace, so that overlapping"
                            + " subnets cannot collide; remove the setting or set it to True");
        }
    }

    /** The directory of the networks' dnsmasq files: {@code dhcp_confs} under the state path. */
    public static Path confsDirectory(Config config) {
        String statePath = config.get(CommonOptions.STATE_PATH);
        return Path.of(config.get(DHCP_CONFS).replace("$state_path", statePath));
    }
}
