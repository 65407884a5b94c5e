package org.weft.agent.l2;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.agent.AgentHost;
import org.weft.bus.BusOptions;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * What an Open vSwitch agent is configured to do, read and checked once at start.
 *
 * @param host the name it reports and is addressed by
 * @param ovsdb the switch's database
 * @param runDirectory where the bridges' OpenFlow management sockets are
 * @param datapathType {@code system} or {@code netdev}, for every bridge it makes
 * @param integrationBridge {@code br-int}
 * @param tunnelBridge {@code br-tun}
 * @param tunnelTypes the tunnels it builds; none turns {@code br-tun} off
 * @param localIp the tunnels' local end, required with tunnels
 * @param bridgeMappings physical network to the bridge that reaches it
 * @param vxlanUdpPort the UDP port of VXLAN tunnels
 * @param firewallDriver {@code openvswitch}, {@code iptables_hybrid} or {@code noop}
 * @param reportInterval between heartbeats
 */
public record AgentSettings(
        String host,
        OvsdbTarget ovsdb,
        Path runDirectory,
        String datapathType,
        String integrationBridge,
        String tunnelBridge,
        List<TunnelType> tunnelTypes,
        Optional<InetAddress> localIp,
        Map<String, String> bridgeMappings,
        int vxlanUdpPort,
        String firewallDriver,
        Duration reportInterval) {

    public AgentSettings {
        tunnelTypes = List.copyOf(tunnelTypes);
        bridgeMappings = Map.copyOf(bridgeMappings);
    }

    /** The settings of {@code config}; tunnels without a {@code local_ip} stop the start. */
    public static AgentSettings from(Config config) {
        List<TunnelType> tunnels = OvsOptions.tunnelTypes(config);
        Optional<InetAddress> localIp = OvsOptions.localIp(config);
        if (!tunnels.isEmpty() && localIp.isEmpty()) {
            throw new ConfigException(
                    OvsOptions.LOCAL_IP
                            + " is required with tunnels ("
                            + tunnels
                            + "): set it to this host's address on the data network");
        }
        boolean filtering = config.get(OvsAgentOptions.ENABLE_SECURITY_GROUP);
        return new AgentSettings(
                AgentHost.of(config),
                OvsOptions.ovsdbTarget(config),
                OvsOptions.runDirectory(config),
                config.get(OvsOptions.DATAPATH_TYPE),
                config.get(OvsOptions.INTEGRATION_BRIDGE),
                config.get(OvsOptions.TUNNEL_BRIDGE),
                tunnels,
                localIp,
                new java.util.LinkedHashMap<>(OvsOptions.bridgeMappings(config)),
                config.get(OvsAgentOptions.VXLAN_UDP_PORT),
                filtering ? config.get(OvsAgentOptions.FIREWALL_DRIVER) : "noop",
                Duration.ofSeconds(config.get(BusOptions.REPORT_INTERVAL)));
    }

    public boolean tunnelling() {
        return !tunnelTypes.isEmpty();
    }
}
