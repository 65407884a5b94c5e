package org.weft.agent.l3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l3.internal.ArpAnnouncer;
import org.weft.agent.l3.internal.NamespaceState;
import org.weft.agent.l3.internal.RadvdConfiguration;
import org.weft.agent.l3.internal.RouterTables;
import org.weft.agent.metadata.MetadataAgentOptions;
import org.weft.agent.metadata.MetadataProxy;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.linux.SupervisedProcess;

/**
 * Makes routers real in a host's network stack: per router a {@code qrouter-<id>} namespace with
 * forwarding on, a {@code qr-} device per interface and a {@code qg-} device for the gateway
 * (plugged by an {@link InterfaceDriver}), their addresses, the default and extra routes, the NAT
 * tables, radvd for IPv6 subnets, and the metadata proxy.
 *
 * <p>{@link #ensure} reads what the namespace holds and changes only the difference: a floating IP
 * added or removed is one address, one {@code iptables-restore} and the conntrack entries of that
 * floating IP, nothing else. Replacing the iptables tables whole keeps conntrack, so established
 * connections through the router survive every change, and an agent restart too.
 */
public final class RouterDriver {
    private static final Logger log = LoggerFactory.getLogger(RouterDriver.class);
    private static final List<String> SYSCTLS =
            List.of(
                    "sysctl",
                    "-q",
                    "-w",
                    "net.ipv4.ip_forward=1",
                    "net.ipv6.conf.all.forwarding=1");

    /**
     * What the driver needs of the l3 agent's settings.
     *
     * @param integrationBridge where {@code qr-} devices go
     * @param externalBridge where {@code qg-} devices go: a bridge of their own ({@code br-ex}), or
     *     the integration bridge when empty
     * @param metadataPort the metadata proxy's port, empty when there is no proxy
     * @param gratuitousArps announcements per new external address
     * @param stateDirectory where routers' files (proxy and radvd configurations) live
     * @param metadataSocket the metadata agent's unix socket
     */
    public record Settings(
            String integrationBridge,
            String externalBridge,
            OptionalInt metadataPort,
            int gratuitousArps,
            Path stateDirectory,
            Path metadataSocket) {

        /** The settings as {@code l3_agent.ini} and the common files give them. */
        public static Settings from(Config config) {
            String external = config.get(L3AgentOptions.EXTERNAL_NETWORK_BRIDGE).strip();
            String integration = config.get(L3AgentOptions.OVS_INTEGRATION_BRIDGE);
            return new Settings(
                    integration,
                    external.isEmpty() ? integration : external,
                    config.get(L3AgentOptions.ENABLE_METADATA_PROXY)
                            ? OptionalInt.of(config.get(L3AgentOptions.METADATA_PORT))
                            : OptionalInt.empty(),
                    config.get(L3AgentOptions.SEND_ARP_FOR_HA),
                    Path.of(config.get(CommonOptions.STATE_PATH), "routers"),
                    MetadataAgentOptions.socket(config));
        }
    }

    private final Placement host;
    private final InterfaceDriver interfaces;
    private final Settings settings;
    private final ArpAnnouncer announcer;
    private final Map<RouterId, Applied> applied = new HashMap<>();
    private final Map<RouterId, MetadataProxy> proxies = new HashMap<>();
    private final Map<RouterId, SupervisedProcess> radvds = new HashMap<>();

    /** What this driver last made of a router, to skip what did not change. */
    private record Applied(Router router, String ipv4Tables) {}

    public RouterDriver(Placement host, InterfaceDriver interfaces, Settings settings) {
        this.host = host;
        this.interfaces = interfaces;
        this.settings = settings;
        this.announcer = new ArpAnnouncer(settings.gratuitousArps());
    }

    /** The routers whose namespaces exist on this host. */
    public synchronized List<RouterId> present() {
        return IpRoute2.in(host).namespaces().stream()
                .map(RouterId::ofNamespace)
                .flatMap(Optional::stream)
                .toList();
    }

    /** Makes {@code router} real, changing only what differs from what its namespace holds. */
    public synchronized void ensure(Router router) {
        RouterId id = router.id();
        Placement namespace = host.namespace(id.namespace());
        Optional<Applied> before = Optional.ofNullable(applied.get(id));
        if (before.isEmpty()) {
            IpRoute2.in(host).ensureNamespace(id.namespace());
            Command.of(SYSCTLS).in(namespace).run();
        }
        NamespaceState state = NamespaceState.read(namespace);
        Map<String, PluggedDevice> devices = devicesOf(router, namespace);
        Set<String> fresh = plugDevices(devices, state);
        unplugStaleDevices(devices, state, namespace);
        changeAddressesAndRoutes(router, devices, state, namespace);
        String tables = RouterTables.ipv4(router, settings.metadataPort());
        if (before.isEmpty() || !before.get().ipv4Tables().equals(tables)) {
            applyTables(namespace, tables, before.isEmpty());
        }
        forgetConnectionsOfOldFloatingIps(router, before, state, namespace);
        announceNewAddresses(router, state, fresh, namespace);
        ensureRadvd(router, namespace);
        ensureMetadataProxy(id, namespace);
        applied.put(id, new Applied(router, tables));
        log.info(
                "router={} ensured: interfaces={} gateway={} floating_ips={} routes={}",
                id,
                router.interfaces().size(),
                router.gateway().map(RouterGateway::deviceName).orElse("none"),
                router.floatingIps().size(),
                router.routes().size());
    }

    /** Removes router {@code id}: its processes, its devices, its namespace, its files. */
    public synchronized void remove(RouterId id) {
        Placement namespace = host.namespace(id.namespace());
        proxyOf(id, namespace).remove();
        radvdOf(id, namespace).stop();
        proxies.remove(id);
        radvds.remove(id);
        if (IpRoute2.in(host).namespaces().contains(id.namespace())) {
            NamespaceState state = NamespaceState.read(namespace);
            unplugStaleDevices(Map.of(), state, namespace);
            IpRoute2.in(host).deleteNamespace(id.namespace());
        }
        deleteRecursively(runDirectory(id));
        applied.remove(id);
        log.info("router={} removed with its namespace", id);
    }

    /**
     * Stops watching the routers' daemons (haproxy, radvd) and leaves them running for the next
     * agent to adopt, as the agent stops; this driver is done with.
     */
    public synchronized void detach() {
        proxies.values().forEach(MetadataProxy::detach);
        radvds.values().forEach(SupervisedProcess::detach);
        proxies.clear();
        radvds.clear();
        applied.clear();
    }

    private Map<String, PluggedDevice> devicesOf(Router router, Placement namespace) {
        Map<String, PluggedDevice> devices = new LinkedHashMap<>();
        for (RouterInterface routerInterface : router.interfaces()) {
            devices.put(
                    routerInterface.deviceName(),
                    new PluggedDevice(
                            routerInterface.portId(),
                            routerInterface.deviceName(),
                            routerInterface.mac(),
                            routerInterface.mtu(),
                            namespace,
                            settings.integrationBridge()));
        }
        router.gateway()
                .ifPresent(
                        gateway ->
                                devices.put(
                                        gateway.deviceName(),
                                        new PluggedDevice(
                                                gateway.portId(),
                                                gateway.deviceName(),
                                                gateway.mac(),
                                                gateway.mtu(),
                                                namespace,
                                                settings.externalBridge())));
        return devices;
    }

    /** Plugs the devices that are missing or differ; returns the names of those plugged anew. */
    private Set<String> plugDevices(Map<String, PluggedDevice> devices, NamespaceState state) {
        Set<String> fresh = new HashSet<>();
        for (PluggedDevice device : devices.values()) {
            NamespaceState.Device present = state.devices().get(device.name());
            if (present == null) {
                fresh.add(device.name());
            }
            if (present == null
                    || !present.mac().equalsIgnoreCase(device.mac())
                    || present.mtu() != device.mtu()
                    || !present.alias().equals(device.portId())) {
                interfaces.plug(device);
                IpRoute2.in(device.namespace())
                        .batch(
                                List.of(
                                        "link set dev "
                                                + device.name()
                                                + " alias "
                                                + device.portId()));
                log.info("router device={} plugged port={}", device.name(), device.portId());
            }
        }
        return fresh;
    }

    private void unplugStaleDevices(
            Map<String, PluggedDevice> devices, NamespaceState state, Placement namespace) {
        for (NamespaceState.Device present : state.devices().values()) {
            boolean ours = present.name().startsWith("qr-") || present.name().startsWith("qg-");
            if (!ours || devices.containsKey(present.name())) {
                continue;
            }
            String portId =
                    present.alias().isEmpty() ? present.name().substring(3) : present.alias();
            String bridge =
                    present.name().startsWith("qg-")
                            ? settings.externalBridge()
                            : settings.integrationBridge();
            interfaces.unplug(
                    new PluggedDevice(
                            portId,
                            present.name(),
                            present.mac(),
                            present.mtu(),
                            namespace,
                            bridge));
            log.info("router device={} unplugged port={}", present.name(), portId);
        }
    }

    private void changeAddressesAndRoutes(
            Router router,
            Map<String, PluggedDevice> devices,
            NamespaceState state,
            Placement namespace) {
        List<String> removals = new ArrayList<>();
        List<String> additions = new ArrayList<>();
        Set<NamespaceState.Route> routes = desiredRoutes(router);
        for (NamespaceState.Route route : state.routes()) {
            if (!routes.contains(route)) {
                removals.add(routeCommand("del", route));
            }
        }
        Map<String, Set<String>> addresses = desiredAddresses(router);
        for (String device : devices.keySet()) {
            Set<String> present =
                    Optional.ofNullable(state.devices().get(device))
                            .map(NamespaceState.Device::addresses)
                            .orElse(Set.of());
            Set<String> wanted = addresses.getOrDefault(device, Set.of());
            present.stream()
                    .filter(address -> !wanted.contains(address))
                    .forEach(address -> removals.add("addr del " + address + " dev " + device));
            wanted.stream()
                    .filter(address -> !present.contains(address))
                    .forEach(address -> additions.add("addr add " + address + " dev " + device));
        }
        for (NamespaceState.Route route : routes) {
            if (!state.routes().contains(route)) {
                additions.add(routeCommand("replace", route));
            }
        }
        if (!removals.isEmpty()) {
            // A route through an address being removed goes with it; its own "del" then fails,
            // and that is fine.
            Command.of(namespace.wrap(List.of("ip", "-force", "-batch", "-")))
                    .withInput(String.join("\n", removals) + "\n")
                    .execute();
        }
        IpRoute2.in(namespace).batch(additions);
    }

    private static String routeCommand(String verb, NamespaceState.Route route) {
        return (route.ipv6() ? "-6 " : "")
                + "route "
                + verb
                + " "
                + route.destination()
                + " via "
                + route.nexthop();
    }

    private static Map<String, Set<String>> desiredAddresses(Router router) {
        Map<String, Set<String>> addresses = new HashMap<>();
        for (RouterInterface routerInterface : router.interfaces()) {
            Set<String> set = new LinkedHashSet<>();
            routerInterface.addresses().forEach(address -> set.add(address.withPrefix()));
            addresses.put(routerInterface.deviceName(), set);
        }
        router.gateway()
                .ifPresent(
                        gateway -> {
                            Set<String> set = new LinkedHashSet<>();
                            gateway.addresses().forEach(address -> set.add(address.withPrefix()));
                            floatingAddresses(router).forEach(address -> set.add(address + "/32"));
                            addresses.put(gateway.deviceName(), set);
                        });
        return addresses;
    }

    /** The IPv4 floating IPs; IPv6 ones are ignored, as Neutron has no NAT for IPv6 either. */
    private static Stream<String> floatingAddresses(Router router) {
        return router.floatingIps().stream()
                .map(FloatingIp::floatingIpAddress)
                .filter(address -> !address.contains(":"));
    }

    private static Set<NamespaceState.Route> desiredRoutes(Router router) {
        Set<NamespaceState.Route> routes = new LinkedHashSet<>();
        router.gateway()
                .ifPresent(
                        gateway ->
                                gateway.addresses()
                                        .forEach(
                                                address ->
                                                        address.subnetGateway()
                                                                .ifPresent(
                                                                        via ->
                                                                                routes.add(
                                                                                        new NamespaceState
                                                                                                .Route(
                                                                                                "default",
                                                                                                PortAddress
                                                                                                        .canonical(
                                                                                                                via),
                                                                                                address
                                                                                                        .isIpv6())))));
        for (ExtraRoute route : router.routes()) {
            routes.add(
                    new NamespaceState.Route(
                            route.kernelDestination(),
                            route.nexthop(),
                            route.nexthop().contains(":")));
        }
        return routes;
    }

    private void applyTables(Placement namespace, String ipv4Tables, boolean firstTime) {
        Command.of("iptables-restore").in(namespace).withInput(ipv4Tables).run();
        if (firstTime) {
            Command.of("ip6tables-restore").in(namespace).withInput(RouterTables.ipv6()).run();
        }
    }

    /**
     * Deletes the conntrack entries of floating IPs that went away or now point elsewhere, so that
     * no established flow keeps reaching the old fixed IP; other flows are untouched.
     *
     * <p>A floating IP that moved to another fixed IP while no agent ran is not noticed here (this
     * driver knows the previous fixed IP only of changes it made itself): its established flows
     * keep reaching the old fixed IP until they end, while new ones reach the new one.
     */
    private void forgetConnectionsOfOldFloatingIps(
            Router router, Optional<Applied> before, NamespaceState state, Placement namespace) {
        Map<String, String> now = new HashMap<>();
        router.floatingIps().forEach(f -> now.put(f.floatingIpAddress(), f.fixedIpAddress()));
        Set<String> stale = new LinkedHashSet<>();
        before.ifPresent(
                applied ->
                        applied.router().floatingIps().stream()
                                .filter(
                                        f ->
                                                !f.fixedIpAddress()
                                                        .equals(now.get(f.floatingIpAddress())))
                                .forEach(f -> stale.add(f.floatingIpAddress())));
        router.gateway()
                .map(gateway -> state.devices().get(gateway.deviceName()))
                .ifPresent(
                        device ->
                                device.addresses().stream()
                                        .filter(address -> address.endsWith("/32"))
                                        .map(address -> address.substring(0, address.length() - 3))
                                        .filter(address -> !now.containsKey(address))
                                        .forEach(stale::add));
        for (String address : stale) {
            Command.of("conntrack", "-D", "--orig-dst", address).in(namespace).execute();
            Command.of("conntrack", "-D", "--reply-dst", address).in(namespace).execute();
            log.info("router={} forgot the connections of floating_ip={}", router.id(), address);
        }
    }

    private void announceNewAddresses(
            Router router, NamespaceState state, Set<String> fresh, Placement namespace) {
        router.gateway()
                .ifPresent(
                        gateway -> {
                            Set<String> present =
                                    fresh.contains(gateway.deviceName())
                                            ? Set.of()
                                            : Optional.ofNullable(
                                                            state.devices()
                                                                    .get(gateway.deviceName()))
                                                    .map(NamespaceState.Device::addresses)
                                                    .orElse(Set.of());
                            List<String> added =
                                    desiredAddresses(router).get(gateway.deviceName()).stream()
                                            .filter(address -> !present.contains(address))
                                            .filter(address -> !address.contains(":"))
                                            .map(
                                                    address ->
                                                            address.substring(
                                                                    0, address.indexOf('/')))
                                            .toList();
                            announcer.announce(namespace, gateway.deviceName(), added);
                        });
    }

    private void ensureRadvd(Router router, Placement namespace) {
        Optional<String> configuration = RadvdConfiguration.of(router);
        SupervisedProcess radvd = radvdOf(router.id(), namespace);
        if (configuration.isEmpty()) {
            radvd.stop();
            return;
        }
        boolean changed =
                writeIfChanged(
                        runDirectory(router.id()).resolve("radvd.conf"), configuration.get());
        if (changed) {
            radvd.restart();
        } else {
            radvd.ensureRunning();
        }
    }

    private void ensureMetadataProxy(RouterId id, Placement namespace) {
        if (settings.metadataPort().isPresent()) {
            proxyOf(id, namespace).ensure();
        }
    }

    private MetadataProxy proxyOf(RouterId id, Placement namespace) {
        return proxies.computeIfAbsent(
                id,
                key ->
                        MetadataProxy.forRouter(
                                key.value(),
                                namespace,
                                settings.metadataPort().orElse(9697),
                                settings.metadataSocket(),
                                runDirectory(key).resolve("metadata-proxy")));
    }

    private SupervisedProcess radvdOf(RouterId id, Placement namespace) {
        Path directory = runDirectory(id).toAbsolutePath();
        return radvds.computeIfAbsent(
                id,
                key ->
                        new SupervisedProcess(
                                "radvd router=" + key,
                                namespace,
                                List.of(
                                        "radvd",
                                        "--nodaemon",
                                        "--config",
                                        directory.resolve("radvd.conf").toString(),
                                        "--pidfile",
                                        directory.resolve("radvd.pid").toString(),
                                        "--logmethod",
                                        "stderr"),
                                directory));
    }

    private Path runDirectory(RouterId id) {
        return settings.stateDirectory().resolve(id.value());
    }

    private static boolean writeIfChanged(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return false;
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", directory, e.toString());
        }
    }
}
