package org.weft.lab;

import static org.weft.lab.GuideFile.METADATA_AGENT_INI;
import static org.weft.lab.GuideFile.OVS_PLUGIN_INI;
import static org.weft.lab.GuideFile.QUANTUM_CONF;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.lab.internal.HostSetup;

/**
 * Which of Weft's processes run on which hosts: the roles table. {@code weft lab start} starts, on
 * each host, the processes of its role, in this order.
 *
 * <p>The OVS agent runs on the network and compute nodes (one entry per role), reading the guide's
 * files its Neutron counterpart reads: {@code quantum.conf} and the plugin's ini, with {@link
 * #ovsAgentSettings} as overlay. The DHCP agent reads {@code quantum.conf} alone: the guide leaves
 * {@code dhcp_agent.ini} at its defaults.
 */
public final class Roles {
    /** The port of the Networking API. */
    public static final int API_PORT = 9696;

    /** The VLAN ids of the lab's physical network {@code physnet1}, for provider networks. */
    public static final String VLAN_RANGES = "physnet1:100:199";

    /** The port of Nova's metadata server, as the guide's {@code metadata_agent.ini} names it. */
    public static final int NOVA_METADATA_PORT = 8775;

    /**
     * The shared secret of the guide's Nova ({@code nova.conf} on the controller) and of its {@code
     * metadata_agent.ini}.
     */
    public static final String METADATA_SECRET = "helloOpenStack";

    private static final List<WeftProcess> TABLE =
            List.of(
                    new WeftProcess(
                            "server",
                            HostRole.CONTROLLER,
                            List.of("server"),
                            List.of(QUANTUM_CONF, OVS_PLUGIN_INI),
                            Roles::serverSettings,
                            Optional.of(new WeftProcess.Listener(LabNetwork.MANAGEMENT, API_PORT))),
                    new WeftProcess(
                            "nova-metadata",
                            HostRole.CONTROLLER,
                            List.of("lab", "nova-metadata"),
                            List.of(),
                            Roles::novaMetadataSettings,
                            Optional.of(
                                    new WeftProcess.Listener(
                                            LabNetwork.MANAGEMENT, NOVA_METADATA_PORT))),
                    new WeftProcess(
                            "ovs-agent",
                            HostRole.NETWORK,
                            List.of("agent", "ovs"),
                            List.of(QUANTUM_CONF, OVS_PLUGIN_INI),
                            Roles::ovsAgentSettings,
                            Optional.empty()),
                    new WeftProcess(
                            "ovs-agent",
                            HostRole.COMPUTE,
                            List.of("agent", "ovs"),
                            List.of(QUANTUM_CONF, OVS_PLUGIN_INI),
                            Roles::ovsAgentSettings,
                            Optional.empty()),
                    new WeftProcess(
                            "l3-agent",
                            HostRole.NETWORK,
                            List.of("agent", "l3"),
                            List.of(QUANTUM_CONF),
                            Roles::agentSettings,
                            Optional.empty()),
                    new WeftProcess(
                            "dhcp-agent",
                            HostRole.NETWORK,
                            List.of("agent", "dhcp"),
                            List.of(QUANTUM_CONF),
                            Roles::agentSettings,
                            Optional.empty()),
                    new WeftProcess(
                            "metadata-agent",
                            HostRole.NETWORK,
                            List.of("agent", "metadata"),
                            List.of(QUANTUM_CONF, METADATA_AGENT_INI),
                            Roles::agentSettings,
                            Optional.empty()));

    private Roles() {}

    /** Every process of the table. */
    public static List<WeftProcess> all() {
        return TABLE;
    }

    /** The processes that run on a host of {@code role}, in start order. */
    public static List<WeftProcess> of(HostRole role) {
        return TABLE.stream().filter(process -> process.role() == role).toList();
    }

    /**
     * What every Weft process in the lab gets: the host's own name and directories, so that nothing
     * on the machine's {@code /etc} or {@code /var} is used.
     */
    public static Map<String, Map<String, String>> hostSettings(LabHost host) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("host", host.name());
        defaults.put("state_path", host.stateDirectory().toString());
        defaults.put("lock_path", host.lockDirectory().toString());
        defaults.put("log_dir", host.logDirectory().toString());
        defaults.put(
                "api_paste_config",
                host.configDirectory().resolve(GuideFile.API_PASTE_INI.hostPath()).toString());
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("DEFAULT", defaults);
        return settings;
    }

    /**
     * The stand-in for Nova's metadata server on the controller: where the network node's metadata
     * agent looks for Nova, with Nova's secret; the instances it knows are the lines of {@code
     * state_path/nova-instances} ({@code <instance id> <project id>}).
     */
    static Map<String, Map<String, String>> novaMetadataSettings(LabHost host, LabSpec lab) {
        Map<String, Map<String, String>> settings = hostSettings(host);
        Map<String, String> defaults = settings.get("DEFAULT");
        defaults.put("nova_metadata_ip", host.address(LabNetwork.MANAGEMENT).orElseThrow());
        defaults.put("nova_metadata_port", Integer.toString(NOVA_METADATA_PORT));
        defaults.put("metadata_proxy_shared_secret", METADATA_SECRET);
        return settings;
    }

    /**
     * The server in the lab: listening on the controller's management address; with Keystone when
     * the lab runs one (the guide's {@code [keystone_authtoken]} as written; the guide's
     * quantum.conf leaves {@code auth_strategy} to Quantum's default, keystone), else {@code
     * noauth}; on the embedded database unless the lab runs MariaDB, where the guide's {@code
     * sql_connection} is used as written; and with VLAN ids for {@code physnet1}.
     */
    static Map<String, Map<String, String>> serverSettings(LabHost host, LabSpec lab) {
        Map<String, Map<String, String>> settings = hostSettings(host);
        Map<String, String> defaults = settings.get("DEFAULT");
        defaults.put("bind_host", host.address(LabNetwork.MANAGEMENT).orElseThrow());
        defaults.put("bind_port", Integer.toString(API_PORT));
        defaults.put("auth_strategy", lab.keystone() ? "keystone" : "noauth");
        settings.put("ml2_type_vlan", Map.of("network_vlan_ranges", VLAN_RANGES));
        if (lab.database() == LabDatabase.EMBEDDED) {
            // The embedded database lives in state_path; the guide's sql_connection names MySQL.
            settings.put("database", Map.of("connection", "sqlite://"));
        }
        return settings;
    }

    /**
     * What an agent in the lab gets: its host's names and directories, and its host's own switch
     * (the lab gives each host one, with its database in the host's directory).
     */
    public static Map<String, Map<String, String>> agentSettings(LabHost host, LabSpec lab) {
        Map<String, Map<String, String>> settings = hostSettings(host);
        Map<String, String> ovs = new LinkedHashMap<>();
        ovs.put("ovsdb_connection", host.ovsdbTarget());
        settings.put("ovs", ovs);
        return settings;
    }

    /**
     * What the OVS agent gets on top of {@link #agentSettings}: the userspace datapath, the only
     * one the lab's switches have, and VXLAN tunnels beside the guide's GRE ones, so that both
     * kinds of tenant network cross the lab, and {@code physnet1} on the host's {@code br-vlan} for
     * VLAN provider networks. Its {@code local_ip} is in the guide's plugin file.
     */
    public static Map<String, Map<String, String>> ovsAgentSettings(LabHost host, LabSpec lab) {
        Map<String, Map<String, String>> settings = agentSettings(host, lab);
        settings.get("ovs").put("datapath_type", "netdev");
        settings.get("ovs").put("bridge_mappings", "physnet1:" + HostSetup.PROVIDER_BRIDGE);
        settings.put("agent", new LinkedHashMap<>(Map.of("tunnel_types", "gre,vxlan")));
        return settings;
    }
}
