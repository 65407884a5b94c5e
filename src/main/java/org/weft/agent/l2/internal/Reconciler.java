package org.weft.agent.l2.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.AgentSettings;
import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.IntegrationTables;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.Bus;
import org.weft.bus.Topics;
import org.weft.bus.message.L2Messages.DeviceDetails;
import org.weft.bus.message.L2Messages.DeviceListRequest;
import org.weft.bus.message.L2Messages.DevicesRequest;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.NetworkHostsRequest;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.bus.message.L2Messages.TunnelSyncRequest;
import org.weft.dataplane.openflow.CookieMask;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowChange;
import org.weft.dataplane.openflow.FlowProgrammer;
import org.weft.dataplane.openflow.InstalledFlow;
import org.weft.dataplane.openflow.OpenFlowChannel;
import org.weft.dataplane.ovsdb.TunnelType;
import org.weft.metrics.AgentMeters;
import org.weft.metrics.Metrics;

/**
 * The agent's loop: one thread that takes what happened (see {@link Pending}) and makes the switch
 * follow, in batches: one details call to the server for every port that appeared or changed, one
 * OVSDB transaction for their tags, one bundle per bridge whose flows changed, one report of ports
 * up and down. A full resynchronisation (at start, after the bus or the database came back, after
 * any failure) asks the server for everything again and corrects whatever differs, flows and tunnel
 * ports included, without disturbing what is already right.
 *
 * <p>All state is owned by the loop's thread.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final Bus bus;
    private final SwitchLayout layout;
    private final FirewallDriver firewall;
    private final Map<String, BridgeFlows> bridges;
    private final Pending pending = new Pending();
    private final Thread thread;
    private final String agentId;
    private final AtomicLong batches = new AtomicLong();
    private volatile int wiredCount;
    private final List<Meter> gauges = new ArrayList<>();

    private final LocalVlans vlans = new LocalVlans();
    private final Map<String, WiredPort> wired = new LinkedHashMap<>();
    private final Map<String, LocalNetwork> networks = new LinkedHashMap<>();
    private final Map<String, SwitchLayout.PluggedInterface> known = new HashMap<>();
    private final Map<String, Set<String>> networkHosts = new HashMap<>();
    private final Map<TunnelType, Map<String, TunnelEndpoint>> endpoints = new HashMap<>();
    private List<TunnelPeer> tunnels = List.of();
    private SwitchLayout.Patches patches;
    private Duration retry = RETRY_MIN;

    /** A bridge's channel, its programmer and the flows last installed through it. */
    public static final class BridgeFlows {
        final String bridge;
        final OpenFlowChannel channel;
        final FlowProgrammer programmer;
        volatile List<Flow> installed = List.of();

        public BridgeFlows(String bridge, OpenFlowChannel channel) {
            this.bridge = bridge;
            this.channel = channel;
            this.programmer = new FlowProgrammer(channel, IntegrationTables.OWNED);
        }
    }

    public Reconciler(
            AgentSettings settings,
            Bus bus,
            SwitchLayout layout,
            FirewallDriver firewall,
            Map<String, BridgeFlows> bridges) {
        this.settings = settings;
        this.bus = bus;
        this.layout = layout;
        this.firewall = firewall;
        this.bridges = Map.copyOf(bridges);
        this.agentId = "ovs-agent@" + settings.host();
        this.thread = Thread.ofPlatform().name("ovs-agent").daemon().unstarted(this::run);
        registerGauges();
    }

    private void registerGauges() {
        Tags host = Tags.of("host", settings.host());
        gauges.add(
                Gauge.builder("weft.ovs.ports.wired", this, Reconciler::wiredCount)
                        .description("VM and service ports the Open vSwitch agent has wired")
                        .tags(host)
                        .register(Metrics.registry()));
        for (BridgeFlows flows : bridges.values()) {
            gauges.add(
                    Gauge.builder("weft.ovs.flows.installed", flows, f -> f.installed.size())
                            .description("Flows the Open vSwitch agent holds on a bridge")
                            .tags(host.and("bridge", flows.bridge))
                            .register(Metrics.registry()));
        }
    }

    /** Starts the loop with a full resynchronisation, keeping the VLANs an earlier run gave. */
    public void start(Map<String, Integer> recordedVlans) {
        vlans.remember(recordedVlans);
        pending.fullResync("agent started");
        thread.start();
    }

    // What the switch and the server tell, from their own threads.

    public void switchChanged() {
        pending.switchChanged();
    }

    public void portChanged(String portId) {
        pending.port(portId);
    }

    public void networkChanged(String networkId) {
        pending.network(networkId);
    }

    public void hostsChanged(NetworkHosts update) {
        pending.hosts(update);
    }

    public void tunnelAdded(TunnelEndpoint endpoint) {
        pending.tunnelAdded(endpoint);
    }

    public void tunnelRemoved(TunnelEndpoint endpoint) {
        pending.tunnelRemoved(endpoint);
    }

    /** {@code bridge} lost its flows (its switch restarted): install them all again. */
    public void bridgeReconnected(String bridge) {
        pending.bridge(bridge);
    }

    public void resync(String reason) {
        pending.fullResync(reason);
    }

    /** How many batches the loop has finished, for tests and benchmarks waiting on it. */
    public long batches() {
        return batches.get();
    }

    /** How many ports are wired now. */
    public int wiredCount() {
        return wiredCount;
    }

    @Override
    public void close() {
        gauges.forEach(Metrics.registry()::remove);
        pending.close();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!pending.isClosed()) {
            Pending.Work work;
            try {
                work = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            if (pending.isClosed()) {
                return;
            }
            try {
                long start = System.nanoTime();
                if (work.isFullResync()) {
                    fullResync(work.fullResync());
                } else {
                    process(work);
                }
                recordSync(work.isFullResync() ? "full" : "incremental", start);
                retry = RETRY_MIN;
                batches.incrementAndGet();
            } catch (RuntimeException e) {
                log.warn(
                        "agent work failed, full resync in {} s host={}: {}",
                        retry.toSeconds(),
                        settings.host(),
                        e.toString(),
                        e);
                if (!pause(retry)) {
                    return;
                }
                retry =
                        retry.multipliedBy(2).compareTo(RETRY_MAX) > 0
                                ? RETRY_MAX
                                : retry.multipliedBy(2);
                pending.fullResync("after a failure: " + e.getMessage());
            }
        }
    }

    private void recordSync(String kind, long start) {
        AgentMeters.sync("ovs", settings.host(), kind, start);
    }

    // Full resynchronisation.

    private void fullResync(String reason) {
        long start = System.nanoTime();
        log.info("full resync host={} reason={}", settings.host(), reason);
        firewall.resync();
        patches = layout.ensureBridges();
        syncTunnelEndpoints();
        tunnels = layout.ensureTunnels(wantedTunnels());
        Map<String, SwitchLayout.PluggedInterface> current = layout.pluggedInterfaces();
        known.clear();
        Batch batch = new Batch();
        for (String gone : new ArrayList<>(wired.keySet())) {
            if (!current.containsKey(gone)) {
                unwire(gone, batch);
            }
        }
        networkHosts.clear();
        wire(new ArrayList<>(current.keySet()), current, batch);
        List<String> stillToAsk = new ArrayList<>(networks.keySet());
        stillToAsk.removeAll(batch.newNetworks);
        fetchHosts(stillToAsk);
        programAll(true);
        removeForeignFlows();
        // Every wired port is reported again: the server may have missed reports meanwhile.
        batch.up.addAll(wired.keySet());
        report(batch);
        firewall.apply(List.copyOf(wired.values()));
        log.info(
                "full resync done host={} ports={} networks={} tunnels={} in {} ms",
                settings.host(),
                wired.size(),
                networks.size(),
                tunnels.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void syncTunnelEndpoints() {
        endpoints.clear();
        if (!settings.tunnelling()) {
            return;
        }
        String localIp = settings.localIp().orElseThrow().getHostAddress();
        for (TunnelType type : settings.tunnelTypes()) {
            Map<String, TunnelEndpoint> ofType = new TreeMap<>();
            for (TunnelEndpoint endpoint :
                    bus.call(
                                    Topics.TUNNEL_SYNC,
                                    new TunnelSyncRequest(localIp, type.type(), settings.host()))
                            .tunnels()) {
                if (!endpoint.ipAddress().equals(localIp)) {
                    ofType.put(endpoint.ipAddress(), endpoint);
                }
            }
            endpoints.put(type, ofType);
        }
    }

    // One batch of changes.

    private void process(Pending.Work work) {
        long start = System.nanoTime();
        boolean tunnelsChanged = applyTunnelChanges(work);
        if (!work.bridges().isEmpty()) {
            // A restarted switch numbers its ports again (normally as before).
            patches = layout.patches();
            tunnelsChanged = true;
        }
        if (tunnelsChanged) {
            tunnels = layout.ensureTunnels(wantedTunnels());
        }
        for (NetworkHosts update : work.hosts().values()) {
            // Hosts of networks not here are fetched when a port of theirs comes.
            if (networks.containsKey(update.networkId())) {
                networkHosts.put(update.networkId(), Set.copyOf(update.hosts()));
            }
        }

        Map<String, SwitchLayout.PluggedInterface> current = layout.pluggedInterfaces();
        Batch batch = new Batch();
        for (String gone : new ArrayList<>(known.keySet())) {
            if (!current.containsKey(gone)) {
                unwire(gone, batch);
            }
        }
        Set<String> refetch = new LinkedHashSet<>();
        for (SwitchLayout.PluggedInterface plugged : current.values()) {
            SwitchLayout.PluggedInterface before = known.get(plugged.portId());
            if (before == null
                    || before.ofport() != plugged.ofport()
                    || !before.name().equals(plugged.name())) {
                refetch.add(plugged.portId());
            }
        }
        for (String port : work.ports()) {
            if (current.containsKey(port)) {
                refetch.add(port);
            }
        }
        for (WiredPort port : wired.values()) {
            if (work.networks().contains(port.networkId())) {
                refetch.add(port.portId());
            }
        }
        wire(new ArrayList<>(refetch), current, batch);
        boolean forced = !work.bridges().isEmpty();
        programAll(forced);
        if (forced) {
            log.info("flows reinstalled host={} bridges={}", settings.host(), work.bridges());
        }
        report(batch);
        // The driver changes nothing outside OpenFlow unless its rules or the ports changed.
        firewall.apply(List.copyOf(wired.values()));
        if (!refetch.isEmpty() || !batch.down.isEmpty()) {
            log.info(
                    "ports processed host={} wired={} up={} down={} in {} ms",
                    settings.host(),
                    wired.size(),
                    batch.up.size(),
                    batch.down.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private boolean applyTunnelChanges(Pending.Work work) {
        boolean changed = false;
        String localIp = settings.localIp().map(InetAddress::getHostAddress).orElse("");
        for (TunnelEndpoint endpoint : work.tunnelsRemoved()) {
            changed |=
                    tunnelTypeOf(endpoint)
                            .map(
                                    type ->
                                            endpoints
                                                    .getOrDefault(type, Map.of())
                                                    .containsKey(endpoint.ipAddress()))
                            .orElse(false);
            tunnelTypeOf(endpoint)
                    .ifPresent(
                            type ->
                                    endpoints
                                            .computeIfAbsent(type, t -> new TreeMap<>())
                                            .remove(endpoint.ipAddress()));
        }
        for (TunnelEndpoint endpoint : work.tunnelsAdded()) {
            Optional<TunnelType> type = tunnelTypeOf(endpoint);
            if (type.isEmpty() || endpoint.ipAddress().equals(localIp)) {
                continue;
            }
            TunnelEndpoint before =
                    endpoints
                            .computeIfAbsent(type.get(), t -> new TreeMap<>())
                            .put(endpoint.ipAddress(), endpoint);
            changed |= !endpoint.equals(before);
        }
        return changed;
    }

    private Optional<TunnelType> tunnelTypeOf(TunnelEndpoint endpoint) {
        try {
            TunnelType type = TunnelType.parse(endpoint.tunnelType());
            return settings.tunnelTypes().contains(type) ? Optional.of(type) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<SwitchLayout.WantedTunnel> wantedTunnels() {
        List<SwitchLayout.WantedTunnel> wanted = new ArrayList<>();
        endpoints.forEach(
                (type, ofType) ->
                        ofType.values()
                                .forEach(
                                        endpoint ->
                                                wanted.add(
                                                        new SwitchLayout.WantedTunnel(
                                                                type,
                                                                address(endpoint.ipAddress()),
                                                                endpoint.host()))));
        return wanted;
    }

    // Wiring ports from the server's details.

    /** What one batch did to ports, for the report to the server. */
    private static final class Batch {
        final Set<String> up = new LinkedHashSet<>();
        final Set<String> down = new LinkedHashSet<>();
        final Map<SwitchLayout.PluggedInterface, SwitchLayout.PortTag> tags = new LinkedHashMap<>();
        final List<String> newNetworks = new ArrayList<>();
    }

    private void wire(
            List<String> portIds, Map<String, SwitchLayout.PluggedInterface> current, Batch batch) {
        if (!portIds.isEmpty()) {
            List<DeviceDetails> details =
                    bus.call(
                                    Topics.GET_DEVICES_DETAILS_LIST,
                                    new DevicesRequest(portIds, agentId, settings.host()))
                            .devices();
            for (DeviceDetails port : details) {
                SwitchLayout.PluggedInterface plugged = current.get(port.device());
                if (plugged != null) {
                    wireOne(port, plugged, batch);
                }
            }
        }
        for (SwitchLayout.PluggedInterface plugged : current.values()) {
            known.put(plugged.portId(), plugged);
        }
        fetchHosts(batch.newNetworks);
        releaseUnusedNetworks();
        layout.tag(batch.tags);
        wiredCount = wired.size();
    }

    private void wireOne(DeviceDetails port, SwitchLayout.PluggedInterface plugged, Batch batch) {
        Optional<String> unwirable = whyNotWirable(port);
        if (unwirable.isPresent()) {
            boolean wasWired = wired.remove(port.device()) != null;
            batch.tags.put(plugged, SwitchLayout.PortTag.dead());
            if (port.exists() && (wasWired || !port.adminStateUp())) {
                batch.down.add(port.device());
            }
            log.info(
                    "port on the dead VLAN: port={} interface={} because {}",
                    port.device(),
                    plugged.name(),
                    unwirable.get());
            return;
        }
        LocalNetwork network = localNetwork(port, batch);
        WiredPort wiredPort =
                new WiredPort(
                        port.device(),
                        plugged.name(),
                        plugged.ofport(),
                        network.networkId(),
                        network.localVlan(),
                        port.macAddress(),
                        port.fixedIps(),
                        port.allowedAddressPairs(),
                        port.portSecurityEnabled(),
                        port.securityGroups(),
                        port.deviceOwner() == null ? "" : port.deviceOwner());
        wired.put(port.device(), wiredPort);
        batch.tags.put(plugged, SwitchLayout.PortTag.of(network));
        batch.up.add(port.device());
        log.debug(
                "port wired: port={} interface={} ofport={} network={} vlan={}",
                port.device(),
                plugged.name(),
                plugged.ofport(),
                network.networkId(),
                network.localVlan());
    }

    private Optional<String> whyNotWirable(DeviceDetails port) {
        if (!port.exists()) {
            return Optional.of("the server has no such port");
        }
        if (!port.adminStateUp()) {
            return Optional.of("it is administratively down");
        }
        String type = port.networkType() == null ? "local" : port.networkType();
        switch (type) {
            case "local":
                return Optional.empty();
            case "flat":
            case "vlan":
                return port.physicalNetwork() != null
                                && settings.bridgeMappings().containsKey(port.physicalNetwork())
                        ? Optional.empty()
                        : Optional.of(
                                "its network's physical network "
                                        + port.physicalNetwork()
                                        + " is not in bridge_mappings");
            default:
                try {
                    return settings.tunnelTypes().contains(TunnelType.parse(type))
                            ? Optional.empty()
                            : Optional.of("this agent has no " + type + " tunnels");
                } catch (IllegalArgumentException e) {
                    return Optional.of("network type " + type + " is unknown here");
                }
        }
    }

    private LocalNetwork localNetwork(DeviceDetails port, Batch batch) {
        String type = port.networkType() == null ? "local" : port.networkType();
        Optional<String> physnet = Optional.ofNullable(port.physicalNetwork());
        Optional<Integer> segmentation = Optional.ofNullable(port.segmentationId());
        LocalNetwork existing = networks.get(port.networkId());
        if (existing != null && existing.sameSegment(type, physnet, segmentation)) {
            return existing;
        }
        LocalNetwork network =
                new LocalNetwork(
                        port.networkId(),
                        type,
                        physnet,
                        segmentation,
                        vlans.allocate(port.networkId()));
        networks.put(network.networkId(), network);
        if (existing == null) {
            batch.newNetworks.add(network.networkId());
        }
        log.info(
                "network on this host: network={} type={} physical_network={} segmentation_id={}"
                        + " vlan={}",
                network.networkId(),
                type,
                physnet.orElse(""),
                segmentation.map(String::valueOf).orElse(""),
                network.localVlan());
        return network;
    }

    private void unwire(String portId, Batch batch) {
        known.remove(portId);
        if (wired.remove(portId) != null) {
            batch.down.add(portId);
            log.debug("port unwired: port={}", portId);
        }
    }

    private void releaseUnusedNetworks() {
        Set<String> inUse = new HashSet<>();
        wired.values().forEach(port -> inUse.add(port.networkId()));
        for (String network : new ArrayList<>(networks.keySet())) {
            if (!inUse.contains(network)) {
                networks.remove(network);
                networkHosts.remove(network);
                vlans.release(network);
                log.info("network left this host: network={}", network);
            }
        }
    }

    private void fetchHosts(List<String> networkIds) {
        if (networkIds.isEmpty() || !settings.tunnelling()) {
            return;
        }
        for (NetworkHosts hosts :
                bus.call(
                                Topics.GET_NETWORK_HOSTS,
                                new NetworkHostsRequest(networkIds, settings.host()))
                        .networks()) {
            networkHosts.put(hosts.networkId(), Set.copyOf(hosts.hosts()));
        }
    }

    // Flows.

    private SwitchState state() {
        return new SwitchState(
                networks,
                List.copyOf(wired.values()),
                patches.integrationPatch(),
                patches.tunnelPatch(),
                patches.physicalBridges(),
                tunnels,
                networkHosts);
    }

    private void programAll(boolean forced) {
        SwitchState state = state();
        List<WiredPort> ports = state.ports();
        program(
                settings.integrationBridge(),
                Pipeline.integration(state, firewall.integrationFlows(ports)),
                forced);
        if (settings.tunnelling()) {
            program(settings.tunnelBridge(), Pipeline.tunnel(state, settings.host()), forced);
        }
        for (PhysicalBridge bridge : patches.physicalBridges().values()) {
            program(bridge.bridge(), Pipeline.physical(state, bridge), forced);
        }
    }

    private void program(String bridge, List<Flow> wanted, boolean forced) {
        BridgeFlows flows = bridges.get(bridge);
        if (!forced && wanted.equals(flows.installed)) {
            return;
        }
        FlowProgrammer.Difference difference = flows.programmer.ensure(wanted);
        flows.installed = wanted;
        countFlowMods(bridge, "added", difference.added().size());
        countFlowMods(bridge, "modified", difference.modified().size());
        countFlowMods(bridge, "removed", difference.removed().size());
    }

    private void countFlowMods(String bridge, String change, int count) {
        Counter.builder("weft.ovs.flow.mods")
                .description("Flow-mods the Open vSwitch agent sent, by bridge and change")
                .tags("host", settings.host(), "bridge", bridge, "change", change)
                .register(Metrics.registry())
                .increment(count);
    }

    /**
     * Removes every flow of the agent's bridges that is neither the agent's own nor learned: what
     * someone else added while the agent was away.
     */
    private void removeForeignFlows() {
        for (BridgeFlows flows : bridges.values()) {
            List<FlowChange> foreign = new ArrayList<>();
            for (InstalledFlow flow : flows.channel.flows(CookieMask.ANY)) {
                if (!IntegrationTables.OWNED.selects(flow.cookie())
                        && flow.cookie() != IntegrationTables.LEARNED_COOKIE) {
                    foreign.add(FlowChange.remove(flow.key()));
                }
            }
            if (!foreign.isEmpty()) {
                flows.channel.applyAtomically(foreign);
                log.info("foreign flows removed bridge={} flows={}", flows.bridge, foreign.size());
            }
        }
    }

    private void report(Batch batch) {
        batch.up.removeAll(batch.down);
        batch.up.retainAll(wired.keySet());
        if (batch.up.isEmpty() && batch.down.isEmpty()) {
            return;
        }
        bus.call(
                Topics.UPDATE_DEVICE_LIST,
                new DeviceListRequest(
                        List.copyOf(batch.up), List.copyOf(batch.down), agentId, settings.host()));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("tunnel endpoint '" + text + "' is not an address");
        }
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
