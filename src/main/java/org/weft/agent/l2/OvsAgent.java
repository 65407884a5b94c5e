package org.weft.agent.l2;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.internal.Reconciler;
import org.weft.agent.l2.internal.SwitchLayout;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.bus.StateReporter;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.openflow.OpenFlowChannel;
import org.weft.dataplane.openflow.OpenFlowListener;
import org.weft.dataplane.openflow.OpenFlowTarget;
import org.weft.dataplane.ovs.Capabilities;
import org.weft.dataplane.ovs.CapabilityProbe;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.Interface;
import org.weft.dataplane.ovsdb.OvsdbListener;
import org.weft.dataplane.ovsdb.Replica;
import org.weft.dataplane.ovsdb.RowChange;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * {@code weft agent ovs}: the L2 agent of one host. It owns {@code br-int}, {@code br-tun} and the
 * flows of the mapped bridges; builds tunnels to every other host's {@code local_ip}; finds VM
 * ports through an OVSDB monitor by their {@code iface-id}, wires them from the server's details
 * (local VLAN, anti-spoofing, flooding only to the hosts of each network) and reports them up or
 * down; and reports its own state every {@code report_interval}.
 *
 * <p>It never flushes: at start and after every outage it resynchronises from the server and
 * changes only what differs, so traffic that already flows keeps flowing. A switch that lost its
 * flows (ovs-vswitchd restarted) gets them back when its OpenFlow channel reconnects.
 */
public final class OvsAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OvsAgent.class);
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final FirewallDriver firewall;
    private final Placement placement;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private VswitchDatabase database;
    private Reconciler reconciler;
    private Capabilities capabilities;

    private OvsAgent(AgentSettings settings, FirewallDriver firewall, Placement placement) {
        this.settings = settings;
        this.firewall = firewall;
        this.placement = placement;
    }

    /**
     * Checks this host can run the agent as configured, sets up its bridges, and starts it.
     *
     * @throws StartRefusedException when the switch cannot do what the configuration asks (no such
     *     datapath, no such tunnel type, {@code local_ip} not on a bridge of the userspace
     *     datapath, a mapped bridge missing), saying what to do
     */
    public static OvsAgent start(AgentSettings settings, Bus bus, FirewallDriver firewall) {
        return start(settings, bus, firewall, Placement.here());
    }

    /**
     * As {@link #start(AgentSettings, Bus, FirewallDriver)}, for an agent whose host's devices (the
     * bridge holding {@code local_ip}) are in {@code placement} rather than here, as when one
     * process serves a switch in a network namespace.
     */
    public static OvsAgent start(
            AgentSettings settings, Bus bus, FirewallDriver firewall, Placement placement) {
        OvsAgent agent = new OvsAgent(settings, firewall, placement);
        try {
            agent.startOn(bus);
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    private void startOn(Bus bus) {
        database = VswitchDatabase.connect(settings.ovsdb());
        resources.add(database);
        capabilities =
                new CapabilityProbe(database, settings.runDirectory())
                        .probe(settings.datapathType());
        requireDatapath();
        if (settings.tunnelling()) {
            capabilities.requireTunnelling(settings.tunnelTypes());
            if (settings.datapathType().equals("netdev")) {
                requireLocalIpOnABridge(settings.localIp().orElseThrow());
            }
        }
        SwitchLayout layout = new SwitchLayout(database, settings);
        layout.requireMappedBridges();
        layout.ensureBridges();

        Map<String, Reconciler.BridgeFlows> bridges = new LinkedHashMap<>();
        for (String bridge : ownedBridges()) {
            bridges.put(bridge, new Reconciler.BridgeFlows(bridge, channel(bridge)));
        }
        reconciler = new Reconciler(settings, bus, layout, firewall, bridges);
        resources.add(reconciler);
        database.client().addListener(new SwitchWatcher());
        firewall.start(new Context(bus));
        resources.add(bus.subscribe(handlers(), settings.host()));
        reconciler.start(layout.recordedVlans());
        resources.add(
                StateReporter.start(
                        bus,
                        this::state,
                        settings.reportInterval(),
                        reason -> reconciler.resync(reason)));
        log.info(
                "ovs agent running host={} datapath_type={} tunnel_types={} local_ip={}"
                        + " bridge_mappings={} firewall_driver={}",
                settings.host(),
                settings.datapathType(),
                settings.tunnelTypes(),
                settings.localIp().map(InetAddress::getHostAddress).orElse(""),
                settings.bridgeMappings(),
                firewall.name());
    }

    /** The capabilities the start-up probe found in this switch. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** How many batches of work the agent has finished (a full resync counts as one). */
    public long batches() {
        return reconciler.batches();
    }

    /** How many ports the agent has wired. */
    public int wiredPorts() {
        return reconciler.wiredCount();
    }

    /** Asks for a full resynchronisation, as after an outage. */
    public void resync(String reason) {
        reconciler.resync(reason);
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed", resources.get(i), e);
            }
        }
        resources.clear();
    }

    private List<String> ownedBridges() {
        List<String> owned = new ArrayList<>();
        owned.add(settings.integrationBridge());
        if (settings.tunnelling()) {
            owned.add(settings.tunnelBridge());
        }
        owned.addAll(settings.bridgeMappings().values());
        return owned;
    }

    private OpenFlowChannel channel(String bridge) {
        OpenFlowChannel channel =
                OpenFlowChannel.builder(
                                OpenFlowTarget.managementSocket(settings.runDirectory(), bridge))
                        .listener(
                                new OpenFlowListener() {
                                    @Override
                                    public void connected(long datapathId) {
                                        Reconciler current = reconciler;
                                        if (current != null) {
                                            current.bridgeReconnected(bridge);
                                        }
                                    }
                                })
                        .connect(CONNECT_LIMIT);
        resources.add(channel);
        return channel;
    }

    private void requireDatapath() {
        if (!capabilities.datapath().works()) {
            throw new StartRefusedException(
                    "Open vSwitch ("
                            + capabilities.ovsVersion()
                            + ") cannot make bridges of datapath_type "
                            + settings.datapathType()
                            + ": "
                            + capabilities.datapath().problem()
                            + ". "
                            + (settings.datapathType().equals("system")
                                    ? "Load the Open vSwitch kernel module (modprobe openvswitch),"
                                            + " or use the userspace datapath ([ovs] datapath_type"
                                            + " = netdev)"
                                    : "Check ovs-vswitchd's log"));
        }
    }

    /**
     * On the userspace datapath, tunnels leave through the bridge that holds the host's {@code
     * local_ip} and its physical interface; without one they cannot leave at all.
     */
    private void requireLocalIpOnABridge(InetAddress localIp) {
        IpRoute2 ip = IpRoute2.in(placement);
        String address = localIp.getHostAddress();
        for (Bridge bridge : database.bridges()) {
            if (!ip.linkExists(bridge.name())
                    || ip.addresses(bridge.name()).stream()
                            .noneMatch(cidr -> cidr.split("/")[0].equals(address))) {
                continue;
            }
            boolean holdsDevice =
                    database.interfaces(bridge.name()).stream()
                            .map(Interface::type)
                            .anyMatch(String::isEmpty);
            if (holdsDevice) {
                return;
            }
            throw new StartRefusedException(
                    "local_ip "
                            + address
                            + " is on bridge "
                            + bridge.name()
                            + ", which holds no physical interface: with datapath_type = netdev"
                            + " tunnels leave through that bridge, so add the data network's"
                            + " interface to it (ovs-vsctl add-port "
                            + bridge.name()
                            + " eth1)");
        }
        throw new StartRefusedException(
                "local_ip "
                        + address
                        + " is not on an Open vSwitch bridge: with datapath_type = netdev a"
                        + " tunnel's local_ip must sit on a bridge of its own that holds the"
                        + " physical interface (ovs-vsctl add-br br-data -- set bridge br-data"
                        + " datapath_type=netdev; ovs-vsctl add-port br-data eth1; then move "
                        + address
                        + " from eth1 to br-data)");
    }

    private Handlers handlers() {
        Handlers.Builder handlers =
                Handlers.forTopic(Topics.L2_AGENT)
                        .on(Topics.PORT_UPDATE, update -> reconciler.portChanged(update.portId()))
                        .on(Topics.PORT_DELETE, delete -> reconciler.portChanged(delete.portId()))
                        .on(
                                Topics.NETWORK_UPDATE,
                                update -> reconciler.networkChanged(update.networkId()))
                        .on(
                                Topics.NETWORK_DELETE,
                                delete -> reconciler.networkChanged(delete.networkId()))
                        .on(Topics.TUNNEL_UPDATE, reconciler::tunnelAdded)
                        .on(Topics.TUNNEL_DELETE, reconciler::tunnelRemoved)
                        .on(Topics.NETWORK_HOSTS_UPDATE, reconciler::hostsChanged);
        return firewall.addHandlers(handlers).build();
    }

    private AgentState state() {
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put(
                "tunnel_types", settings.tunnelTypes().stream().map(type -> type.type()).toList());
        configurations.put(
                "tunneling_ip", settings.localIp().map(InetAddress::getHostAddress).orElse(null));
        configurations.put("bridge_mappings", settings.bridgeMappings());
        configurations.put("integration_bridge", settings.integrationBridge());
        configurations.put("datapath_type", settings.datapathType());
        configurations.put("firewall_driver", firewall.name());
        configurations.put("ovs_hybrid_plug", firewall.hybridPlug());
        configurations.put("l2_population", false);
        configurations.put("arp_responder_enabled", false);
        configurations.put("devices", reconciler.wiredCount());
        configurations.put(
                "ovs_capabilities",
                Map.of(
                        "datapath_types", List.copyOf(capabilities.datapathTypes()),
                        "iface_types", List.copyOf(database.interfaceTypes())));
        return new AgentState(
                AgentMessages.OPEN_VSWITCH_AGENT,
                "weft-openvswitch-agent",
                settings.host(),
                "N/A",
                configurations,
                false,
                "nova");
    }

    /** Hears of every change of the switch's database, and of a database that came back. */
    private final class SwitchWatcher implements OvsdbListener {
        @Override
        public void rowsChanged(List<RowChange> changes) {
            reconciler.switchChanged();
        }

        @Override
        public void replicaRebuilt(Replica replica) {
            reconciler.resync("the switch's database connection was rebuilt");
        }
    }

    private final class Context implements FirewallDriver.Context {
        private final Bus bus;

        Context(Bus bus) {
            this.bus = bus;
        }

        @Override
        public Bus bus() {
            return bus;
        }

        @Override
        public String host() {
            return settings.host();
        }

        @Override
        public void reprogram() {
            reconciler.switchChanged();
        }

        @Override
        public Placement placement() {
            return placement;
        }

        @Override
        public Path runDirectory() {
            return settings.runDirectory();
        }
    }
}
