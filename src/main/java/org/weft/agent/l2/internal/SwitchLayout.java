package org.weft.agent.l2.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.AgentSettings;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.BridgeSettings;
import org.weft.dataplane.ovsdb.Condition;
import org.weft.dataplane.ovsdb.FailMode;
import org.weft.dataplane.ovsdb.Interface;
import org.weft.dataplane.ovsdb.Operation;
import org.weft.dataplane.ovsdb.Port;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.SwitchTransaction;
import org.weft.dataplane.ovsdb.TunnelType;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * The agent's bridges and ports in the switch's database: {@code br-int}, {@code br-tun} and the
 * mapped bridges with the patch ports between them, the tunnel ports to the other hosts (found
 * again by name after a restart, never added twice), and the VLAN tag of each wired port with the
 * network it carries, noted in the port's {@code other_config} so that a restarted agent keeps
 * every network on its VLAN.
 */
public final class SwitchLayout {
    private static final Logger log = LoggerFactory.getLogger(SwitchLayout.class);
    private static final Duration OFPORT_WAIT = Duration.ofSeconds(20);
    private static final Set<String> TUNNEL_TYPES = Set.of("gre", "vxlan", "geneve");

    /** The {@code other_config} keys of a wired port, as Neutron's agent writes them. */
    public static final String NET_UUID = "net_uuid";

    public static final String NETWORK_TYPE = "network_type";
    public static final String PHYSICAL_NETWORK = "physical_network";
    public static final String SEGMENTATION_ID = "segmentation_id";

    private final VswitchDatabase database;
    private final AgentSettings settings;

    public SwitchLayout(VswitchDatabase database, AgentSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** The patch ports of the bridges, with their OpenFlow numbers. */
    public record Patches(
            OptionalInt integrationPatch,
            OptionalInt tunnelPatch,
            Map<String, PhysicalBridge> physicalBridges) {}

    /** Refuses to start when a mapped bridge is missing, as Neutron's agent does. */
    public void requireMappedBridges() {
        for (Map.Entry<String, String> mapping : settings.bridgeMappings().entrySet()) {
            if (database.bridge(mapping.getValue()).isEmpty()) {
                throw new StartRefusedException(
                        "Bridge "
                                + mapping.getValue()
                                + " for physical network "
                                + mapping.getKey()
                                + " does not exist: create it (ovs-vsctl add-br "
                                + mapping.getValue()
                                + ") with the physical interface in it, or remove it from"
                                + " [ovs] bridge_mappings");
            }
        }
    }

    /**
     * Makes {@code br-int} (and {@code br-tun} with tunnels) secure bridges of the configured
     * datapath, joins them and every mapped bridge to {@code br-int} with patch ports, all in one
     * transaction, and returns the patch ports' OpenFlow numbers.
     */
    public Patches ensureBridges() {
        SwitchTransaction transaction = database.transaction();
        transaction.ensureBridge(agentBridge(settings.integrationBridge()));
        if (settings.tunnelling()) {
            transaction
                    .ensureBridge(agentBridge(settings.tunnelBridge()))
                    .ensurePort(
                            settings.integrationBridge(),
                            PortSettings.patch(Names.PATCH_TO_TUNNEL, Names.PATCH_TO_INTEGRATION))
                    .ensurePort(
                            settings.tunnelBridge(),
                            PortSettings.patch(Names.PATCH_TO_INTEGRATION, Names.PATCH_TO_TUNNEL));
        }
        for (String bridge : settings.bridgeMappings().values()) {
            secure(transaction, bridge);
            transaction
                    .ensurePort(
                            settings.integrationBridge(),
                            PortSettings.patch(
                                    Names.integrationSide(bridge), Names.bridgeSide(bridge)))
                    .ensurePort(
                            bridge,
                            PortSettings.patch(
                                    Names.bridgeSide(bridge), Names.integrationSide(bridge)));
        }
        transaction.commit();
        return patches();
    }

    /** The patch ports as they are now, waiting for ovs-vswitchd to number new ones. */
    public Patches patches() {
        OptionalInt integrationPatch = OptionalInt.empty();
        OptionalInt tunnelPatch = OptionalInt.empty();
        if (settings.tunnelling()) {
            integrationPatch = OptionalInt.of(ofport(Names.PATCH_TO_TUNNEL));
            tunnelPatch = OptionalInt.of(ofport(Names.PATCH_TO_INTEGRATION));
        }
        Map<String, PhysicalBridge> physical = new LinkedHashMap<>();
        settings.bridgeMappings()
                .forEach(
                        (physnet, bridge) ->
                                physical.put(
                                        physnet,
                                        new PhysicalBridge(
                                                physnet,
                                                bridge,
                                                Names.integrationSide(bridge),
                                                Names.bridgeSide(bridge),
                                                ofport(Names.integrationSide(bridge)),
                                                ofport(Names.bridgeSide(bridge)))));
        return new Patches(integrationPatch, tunnelPatch, physical);
    }

    /** A tunnel the agent wants: to {@code remoteIp} of {@code host}, of {@code type}. */
    public record WantedTunnel(TunnelType type, InetAddress remoteIp, String host) {
        public String portName() {
            return Names.tunnelPort(type, remoteIp);
        }
    }

    /**
     * Makes {@code br-tun}'s tunnel ports exactly {@code wanted}: a port that exists under its name
     * is kept (and corrected if its options differ), a missing one is added, and any other tunnel
     * port of {@code br-tun} (a peer that is gone, a port of the guide's era named {@code gre-1})
     * is removed, in one transaction. Returns the tunnels with their OpenFlow numbers.
     */
    public List<TunnelPeer> ensureTunnels(List<WantedTunnel> wanted) {
        if (!settings.tunnelling()) {
            return List.of();
        }
        InetAddress local = settings.localIp().orElseThrow();
        Map<String, Interface> existing = new HashMap<>();
        for (Interface iface : database.interfaces(settings.tunnelBridge())) {
            if (TUNNEL_TYPES.contains(iface.type())) {
                existing.put(iface.name(), iface);
            }
        }
        SwitchTransaction transaction = database.transaction();
        Map<String, WantedTunnel> byName = new LinkedHashMap<>();
        for (WantedTunnel tunnel : wanted) {
            byName.put(tunnel.portName(), tunnel);
            PortSettings port = tunnelSettings(tunnel, local);
            Interface current = existing.get(tunnel.portName());
            if (current == null
                    || !current.type().equals(port.type())
                    || !current.options().equals(port.options())) {
                transaction.ensurePort(settings.tunnelBridge(), port);
                log.info(
                        "tunnel {}: port={} type={} remote_ip={} host={}",
                        current == null ? "added" : "corrected",
                        tunnel.portName(),
                        tunnel.type().type(),
                        tunnel.remoteIp().getHostAddress(),
                        tunnel.host());
            }
        }
        for (String stale : existing.keySet()) {
            if (!byName.containsKey(stale)) {
                transaction.removePort(settings.tunnelBridge(), stale);
                log.info(
                        "tunnel removed: port={} remote_ip={}",
                        stale,
                        existing.get(stale).options().get("remote_ip"));
            }
        }
        if (!transaction.operations().isEmpty()) {
            transaction.commit();
        }
        List<TunnelPeer> peers = new ArrayList<>();
        for (WantedTunnel tunnel : byName.values()) {
            peers.add(
                    new TunnelPeer(
                            tunnel.type(),
                            tunnel.remoteIp().getHostAddress(),
                            tunnel.host(),
                            tunnel.portName(),
                            ofport(tunnel.portName())));
        }
        return peers;
    }

    /**
     * The local VLAN of each network with ports on {@code br-int}, as an earlier run of the agent
     * noted it in the ports' {@code other_config}.
     */
    public Map<String, Integer> recordedVlans() {
        Map<String, Integer> vlans = new HashMap<>();
        for (Port port : database.ports(settings.integrationBridge())) {
            String network = port.otherConfig().get(NET_UUID);
            if (network != null && port.tag().isPresent() && port.tag().getAsInt() != 4095) {
                vlans.putIfAbsent(network, port.tag().getAsInt());
            }
        }
        return vlans;
    }

    /** A VM (or DHCP, router) interface on {@code br-int}: named by the port it plugs. */
    public record PluggedInterface(
            String name,
            String portId,
            int ofport,
            OptionalInt tag,
            Map<String, String> otherConfig) {}

    /**
     * The interfaces on {@code br-int} with an {@code iface-id} that ovs-vswitchd has given an
     * OpenFlow port, by port id.
     */
    public Map<String, PluggedInterface> pluggedInterfaces() {
        Map<String, PluggedInterface> found = new LinkedHashMap<>();
        Map<String, Port> ports = new HashMap<>();
        for (Port port : database.ports(settings.integrationBridge())) {
            ports.put(port.name(), port);
        }
        for (Interface iface : database.interfaces(settings.integrationBridge())) {
            Optional<String> portId = iface.ifaceId();
            Port port = ports.get(iface.name());
            if (portId.isEmpty()
                    || port == null
                    || iface.type().equals("patch")
                    || iface.ofport().orElse(0) <= 0) {
                continue;
            }
            PluggedInterface plugged =
                    new PluggedInterface(
                            iface.name(),
                            portId.get(),
                            iface.ofport().getAsInt(),
                            port.tag(),
                            port.otherConfig());
            PluggedInterface earlier = found.putIfAbsent(portId.get(), plugged);
            if (earlier != null) {
                log.warn(
                        "two interfaces plug one port: port={} interfaces={},{}; wiring {}",
                        portId.get(),
                        earlier.name(),
                        iface.name(),
                        earlier.name());
            }
        }
        return found;
    }

    /** What a wired port's {@code br-int} port should say: its VLAN and its network. */
    public record PortTag(int vlan, Map<String, String> otherConfig) {
        public static PortTag dead() {
            return new PortTag(4095, Map.of());
        }

        public static PortTag of(LocalNetwork network) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put(NET_UUID, network.networkId());
            config.put(NETWORK_TYPE, network.networkType());
            network.physicalNetwork().ifPresent(physnet -> config.put(PHYSICAL_NETWORK, physnet));
            network.segmentationId()
                    .ifPresent(id -> config.put(SEGMENTATION_ID, String.valueOf(id)));
            return new PortTag(network.localVlan(), config);
        }

        boolean isAlready(PluggedInterface plugged) {
            if (plugged.tag().orElse(-1) != vlan) {
                return false;
            }
            for (String key : List.of(NET_UUID, NETWORK_TYPE, PHYSICAL_NETWORK, SEGMENTATION_ID)) {
                if (!java.util.Objects.equals(
                        plugged.otherConfig().get(key), otherConfig.get(key))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Tags every port of {@code tags} (by interface) that is not tagged so, in one transaction. */
    public int tag(Map<PluggedInterface, PortTag> tags) {
        SwitchTransaction transaction = database.transaction();
        int changed = 0;
        for (Map.Entry<PluggedInterface, PortTag> entry : tags.entrySet()) {
            PluggedInterface plugged = entry.getKey();
            PortTag tag = entry.getValue();
            if (tag.isAlready(plugged)) {
                continue;
            }
            changed++;
            transaction.setTag(plugged.name(), OptionalInt.of(tag.vlan()));
            transaction.removeEntries(
                    "Port",
                    plugged.name(),
                    "other_config",
                    Set.of(NET_UUID, NETWORK_TYPE, PHYSICAL_NETWORK, SEGMENTATION_ID));
            if (!tag.otherConfig().isEmpty()) {
                transaction.setEntries("Port", plugged.name(), "other_config", tag.otherConfig());
            }
        }
        if (changed > 0) {
            transaction.commit();
        }
        return changed;
    }

    private BridgeSettings agentBridge(String name) {
        BridgeSettings settingsOf =
                database.bridge(name)
                        .map(SwitchLayout::keepingColumns)
                        .orElse(BridgeSettings.named(name));
        return settingsOf
                .datapathType(settings.datapathType())
                .failMode(FailMode.SECURE)
                .protocols(BridgeSettings.OPENFLOW_13_AND_14);
    }

    // An existing bridge keeps its controllers and key-value columns; only what the agent needs
    // (datapath, fail mode, protocols) is set.
    private static BridgeSettings keepingColumns(Bridge bridge) {
        BridgeSettings kept = BridgeSettings.named(bridge.name()).controllers(bridge.controllers());
        for (Map.Entry<String, String> id : bridge.externalIds().entrySet()) {
            kept = kept.externalId(id.getKey(), id.getValue());
        }
        for (Map.Entry<String, String> config : bridge.otherConfig().entrySet()) {
            kept = kept.otherConfig(config.getKey(), config.getValue());
        }
        return kept;
    }

    // A mapped bridge is the operator's: only its fail mode and protocols are set.
    private static void secure(SwitchTransaction transaction, String bridge) {
        transaction.add(
                Operation.update(
                        "Bridge",
                        List.of(Condition.equal("name", bridge)),
                        Map.of(
                                "fail_mode",
                                Optional.of(FailMode.SECURE.value()),
                                "protocols",
                                BridgeSettings.OPENFLOW_13_AND_14)));
    }

    private PortSettings tunnelSettings(WantedTunnel tunnel, InetAddress local) {
        PortSettings port =
                PortSettings.tunnel(tunnel.portName(), tunnel.type(), tunnel.remoteIp(), local);
        if (tunnel.type() == TunnelType.VXLAN && settings.vxlanUdpPort() != 4789) {
            port = port.option("dst_port", String.valueOf(settings.vxlanUdpPort()));
        }
        return port;
    }

    private int ofport(String interfaceName) {
        return database.awaitOfport(interfaceName, OFPORT_WAIT);
    }
}
