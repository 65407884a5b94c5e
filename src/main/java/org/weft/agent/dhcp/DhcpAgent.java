package org.weft.agent.dhcp;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.dhcp.internal.AgentIdentity;
import org.weft.agent.dhcp.internal.DnsmasqDriver;
import org.weft.agent.dhcp.internal.DnsmasqSettings;
import org.weft.agent.dhcp.internal.HaproxyMetadataProxies;
import org.weft.agent.dhcp.internal.Metadata;
import org.weft.agent.dhcp.internal.ReconcileQueue;
import org.weft.agent.metadata.MetadataAgentOptions;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.Placement;
import org.weft.metrics.AgentMeters;

/**
 * The DHCP agent's core: a reconcile loop over the networks this host serves.
 *
 * <p>Changes from the {@link DhcpStateSource} only update the desired state of a network and mark
 * it; a worker then brings the network to its latest desired state through the {@link DhcpDriver}
 * in one pass, however many changes came meanwhile. A pass that fails for any reason has the
 * network fetched again in full and retried after {@code resync_interval}; it never stops the
 * agent. A server process that dies is restarted the same way, with a growing delay while it keeps
 * dying.
 */
public final class DhcpAgent implements DhcpChanges, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpAgent.class);

    /** The queue key of a full sync; no network has this id. */
    private static final String ALL_NETWORKS = "(all networks)";

    private static final Duration STEADY = Duration.ofSeconds(60);
    private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(60);

    private final String host;
    private final DhcpStateSource source;
    private final DhcpDriver driver;
    private final MetadataProxies metadata;
    private final DnsmasqSettings settings;
    private final Duration resyncInterval;
    private final ReconcileQueue queue;
    private final Map<String, DhcpNetwork> desired = new ConcurrentHashMap<>();
    private final Set<String> outdated = ConcurrentHashMap.newKeySet();
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private final Map<String, Restarts> restarts = new ConcurrentHashMap<>();

    private record Restarts(int count, Instant lastExit) {}

    /**
     * An agent serving with {@code driver}; {@code config} gives {@code num_sync_threads}, {@code
     * resync_interval}, the metadata settings and the host name.
     */
    public DhcpAgent(
            Config config, DhcpStateSource source, DhcpDriver driver, MetadataProxies metadata) {
        this.host = AgentIdentity.host(config);
        this.source = source;
        this.driver = driver;
        this.metadata = metadata;
        this.settings = DnsmasqSettings.from(config);
        this.resyncInterval = Duration.ofSeconds(config.get(DhcpAgentOptions.RESYNC_INTERVAL));
        this.queue =
                new ReconcileQueue(
                        "dhcp-sync",
                        config.get(DhcpAgentOptions.NUM_SYNC_THREADS),
                        this::reconcile);
        driver.onServerExit(this::serverExited);
    }

    /**
     * An agent serving with dnsmasq in {@code host}'s namespaces, as {@code dhcp_agent.ini} says,
     * with the metadata agent's haproxy for isolated networks; refuses settings Weft does not
     * support.
     */
    public static DhcpAgent create(
            Config config, Placement host, InterfaceDriver interfaces, DhcpStateSource source) {
        Path proxies = Path.of(config.get(CommonOptions.STATE_PATH), "dhcp-metadata");
        return create(
                config,
                host,
                interfaces,
                source,
                new HaproxyMetadataProxies(MetadataAgentOptions.socket(config), proxies));
    }

    /**
     * As {@link #create(Config, Placement, InterfaceDriver, DhcpStateSource)}, with {@code
     * metadata}.
     */
    public static DhcpAgent create(
            Config config,
            Placement host,
            InterfaceDriver interfaces,
            DhcpStateSource source,
            MetadataProxies metadata) {
        DhcpAgentOptions.refuseUnsupported(config);
        DhcpDriver driver =
                new DnsmasqDriver(
                        host,
                        interfaces,
                        config.get(DhcpAgentOptions.INTEGRATION_BRIDGE),
                        DhcpAgentOptions.confsDirectory(config),
                        DnsmasqSettings.from(config));
        return new DhcpAgent(config, source, driver, metadata);
    }

    /** Subscribes to the source's changes and starts a full sync. */
    public void start() {
        served.addAll(driver.networksPresent());
        source.subscribe(this);
        queue.mark(ALL_NETWORKS);
        log.info("DHCP agent started host={} networks present={}", host, served.size());
    }

    /** The DHCP port device id of this agent on {@code networkId}. */
    public String dhcpDeviceId(String networkId) {
        return AgentIdentity.dhcpDeviceId(host, networkId);
    }

    /** The networks this agent serves now. */
    public Set<String> servedNetworks() {
        return Set.copyOf(served);
    }

    /** How much the agent serves, as its heartbeat reports it. */
    public record Load(int networks, int subnets, int ports) {}

    public Load load() {
        int subnets = 0;
        int ports = 0;
        for (String id : served) {
            DhcpNetwork network = desired.get(id);
            if (network != null) {
                subnets += network.subnets().size();
                ports += network.ports().size();
            }
        }
        return new Load(served.size(), subnets, ports);
    }

    /** The network as the agent means to serve it, with its DHCP port. */
    public Optional<DhcpNetwork> desiredNetwork(String networkId) {
        return Optional.ofNullable(desired.get(networkId));
    }

    /** Waits until every change received so far is applied; whether that happened in time. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        return queue.awaitIdle(limit);
    }

    @Override
    public void networkChanged(DhcpNetwork network) {
        desired.put(network.id(), network);
        outdated.remove(network.id());
        queue.mark(network.id());
    }

    @Override
    public void networkOutdated(String networkId) {
        outdated.add(networkId);
        queue.mark(networkId);
    }

    @Override
    public void networkDeleted(String networkId) {
        desired.remove(networkId);
        outdated.remove(networkId);
        queue.mark(networkId);
    }

    @Override
    public void portChanged(DhcpPort port) {
        if (desired.computeIfPresent(port.networkId(), (id, network) -> network.withPort(port))
                == null) {
            // A port of a network this agent does not know yet: the network may be new here.
            outdated.add(port.networkId());
        }
        queue.mark(port.networkId());
    }

    @Override
    public void portDeleted(String portId) {
        for (DhcpNetwork network : desired.values()) {
            if (network.port(portId).isPresent()) {
                desired.computeIfPresent(
                        network.id(), (id, current) -> current.withoutPort(portId));
                queue.mark(network.id());
            }
        }
    }

    @Override
    public void resyncAll() {
        queue.mark(ALL_NETWORKS);
    }

    private void reconcile(String key) {
        long start = System.nanoTime();
        if (key.equals(ALL_NETWORKS)) {
            fullSync();
            AgentMeters.sync("dhcp", host, "full", start);
            return;
        }
        try {
            reconcileNetwork(key);
            AgentMeters.sync("dhcp", host, "network", start);
        } catch (RuntimeException e) {
            log.warn(
                    "network={} could not be brought to its desired state, fetching it again in"
                            + " {}s",
                    key,
                    resyncInterval.toSeconds(),
                    e);
            outdated.add(key);
            queue.markLater(key, resyncInterval);
        }
    }

    /**
     * Replaces the desired state of every network with the server's. An event that arrives while
     * the server's answer is on its way can be overwritten by that older answer; the network is
     * then a change behind until its next event or full sync.
     */
    private void fullSync() {
        List<DhcpNetwork> active;
        try {
            active = source.activeNetworks();
        } catch (RuntimeException e) {
            log.warn(
                    "cannot fetch the active networks, trying again in {}s",
                    resyncInterval.toSeconds(),
                    e);
            queue.markLater(ALL_NETWORKS, resyncInterval);
            return;
        }
        Set<String> activeIds = active.stream().map(DhcpNetwork::id).collect(Collectors.toSet());
        Set<String> toVisit = new HashSet<>(activeIds);
        toVisit.addAll(desired.keySet());
        toVisit.addAll(served);
        for (DhcpNetwork network : active) {
            desired.put(network.id(), network);
            outdated.remove(network.id());
        }
        desired.keySet().retainAll(activeIds);
        toVisit.forEach(queue::mark);
        log.info("full sync networks={} to visit={}", activeIds.size(), toVisit.size());
    }

    private void reconcileNetwork(String networkId) {
        if (outdated.remove(networkId)) {
            Optional<DhcpNetwork> fetched = source.network(networkId);
            fetched.ifPresentOrElse(
                    network -> desired.put(networkId, network), () -> desired.remove(networkId));
        }
        DhcpNetwork network = desired.get(networkId);
        if (network == null || !network.needsDhcp()) {
            disable(networkId);
            return;
        }
        DhcpPort dhcpPort = dhcpPort(network);
        DhcpNetwork withPort = network.withPort(dhcpPort);
        driver.ensure(withPort, dhcpPort);
        served.add(networkId);
        if (Metadata.needsProxy(settings, withPort)) {
            metadata.ensure(networkId, driver.namespace(networkId));
        } else {
            metadata.remove(networkId);
        }
        log.debug("network={} served ports={}", networkId, withPort.ports().size());
    }

    /**
     * This agent's DHCP port on the network, with an address on each DHCP subnet: the one the
     * network lists, or one the server makes or updates for it.
     */
    private DhcpPort dhcpPort(DhcpNetwork network) {
        String deviceId = dhcpDeviceId(network.id());
        Set<String> dhcpSubnets =
                network.subnets().stream()
                        .filter(DhcpSubnet::enableDhcp)
                        .map(DhcpSubnet::id)
                        .collect(Collectors.toSet());
        Optional<DhcpPort> listed =
                network.ports().stream()
                        .filter(port -> port.deviceOwner().equals(DhcpPort.OWNER_DHCP))
                        .filter(port -> port.deviceId().equals(deviceId))
                        .findFirst();
        if (listed.isPresent() && subnetsOf(listed.get()).equals(dhcpSubnets)) {
            return listed.get();
        }
        DhcpPort port = source.ensureDhcpPort(network.id(), deviceId, dhcpSubnets);
        desired.computeIfPresent(network.id(), (id, current) -> current.withPort(port));
        log.info("DHCP port={} network={} addresses={}", port.id(), network.id(), port.fixedIps());
        return port;
    }

    private static Set<String> subnetsOf(DhcpPort port) {
        return port.fixedIps().stream().map(FixedIp::subnetId).collect(Collectors.toSet());
    }

    private void disable(String networkId) {
        if (!served.remove(networkId)) {
            return;
        }
        metadata.remove(networkId);
        driver.remove(networkId);
        try {
            source.releaseDhcpPort(networkId, dhcpDeviceId(networkId));
        } catch (RuntimeException e) {
            log.warn(
                    "cannot release DHCP port network={}: {}; the server keeps it until it is"
                            + " deleted",
                    networkId,
                    e.toString());
        }
        log.info("DHCP disabled network={}", networkId);
    }

    private void serverExited(String networkId) {
        Instant now = Instant.now();
        Restarts next =
                restarts.compute(
                        networkId,
                        (id, last) ->
                                last == null
                                                || Duration.between(last.lastExit(), now)
                                                                .compareTo(STEADY)
                                                        > 0
                                        ? new Restarts(0, now)
                                        : new Restarts(last.count() + 1, now));
        Duration delay = restartDelay(next.count());
        log.warn(
                "restarting dnsmasq network={} in {} ms (restart {} in a row)",
                networkId,
                delay.toMillis(),
                next.count() + 1);
        queue.markLater(networkId, delay);
    }

    /** No delay for the first restart, then 1 s doubling up to a minute. */
    static Duration restartDelay(int restartsInARow) {
        if (restartsInARow == 0) {
            return Duration.ZERO;
        }
        Duration delay = Duration.ofSeconds(1L << Math.min(restartsInARow - 1, 6));
        return delay.compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay;
    }

    /**
     * Stops the agent and leaves every network served: dnsmasq and the networks' metadata proxies
     * keep answering until the next agent adopts them.
     */
    @Override
    public void close() {
        queue.close();
        driver.detach();
        metadata.detach();
        log.info("DHCP agent stopped host={}", host);
    }
}
