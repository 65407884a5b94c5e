package org.weft.agent.dhcp.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.dhcp.DhcpDriver;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.metrics.AgentMeters;

/**
 * Serves each network with a dnsmasq in the network's {@code qdhcp-} namespace of one host.
 *
 * <p>A change of ports or options rewrites the files dnsmasq reads and sends it SIGHUP; a change of
 * what only its command line says (the subnets, the MTU, the lease time) restarts it. What was
 * already done for a network in this run (namespace, device, addresses) is remembered, so that the
 * common change, a port come or gone, costs the file writes and one signal.
 */
public final class DnsmasqDriver implements DhcpDriver {
    private static final Logger log = LoggerFactory.getLogger(DnsmasqDriver.class);

    private final Placement host;
    private final InterfaceDriver interfaces;
    private final String bridge;
    private final Path confsDirectory;
    private final DnsmasqSettings settings;
    private final DnsmasqFiles files;
    private final DnsmasqCommandLine commandLine;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private volatile Consumer<String> exitListener = networkId -> {};
    private volatile boolean warnedNoRelease;

    /** What this run did for a network, to skip what need not be done again. */
    private record Served(
            PluggedDevice device,
            List<String> addresses,
            Optional<String> gateway,
            DnsmasqProcess process) {}

    /**
     * @param host where the namespaces are made (here, or a lab host)
     * @param interfaces plugs each network's DHCP port
     * @param bridge the bridge DHCP ports are attached to ({@code br-int})
     * @param confsDirectory where each network's files go ({@code dhcp_confs})
     */
    public DnsmasqDriver(
            Placement host,
            InterfaceDriver interfaces,
            String bridge,
            Path confsDirectory,
            DnsmasqSettings settings) {
        this.host = Objects.requireNonNull(host);
        this.interfaces = Objects.requireNonNull(interfaces);
        this.bridge = Objects.requireNonNull(bridge);
        this.confsDirectory = confsDirectory.toAbsolutePath();
        this.settings = settings;
        this.files = new DnsmasqFiles(settings);
        this.commandLine = new DnsmasqCommandLine(settings);
    }

    @Override
    public void onServerExit(Consumer<String> listener) {
        this.exitListener = Objects.requireNonNull(listener);
    }

    @Override
    public void ensure(DhcpNetwork network, DhcpPort dhcpPort) {
        NetworkFilesLayout layout = NetworkFilesLayout.of(confsDirectory, network.id());
        Placement namespace = host.namespace(network.namespaceName());
        Optional<Served> before = Optional.ofNullable(served.get(network.id()));

        PluggedDevice device = device(network, dhcpPort);
        if (before.isEmpty() || !before.get().device().equals(device)) {
            plug(network, device, layout);
        }
        List<String> addresses = addresses(network, dhcpPort);
        Optional<String> gateway = defaultGateway(network);
        if (before.isEmpty()
                || !before.get().addresses().equals(addresses)
                || !before.get().gateway().equals(gateway)) {
            configureDevice(device, addresses, gateway);
        }

        DnsmasqFiles.Contents contents = files.render(network, dhcpPort);
        releaseRemovedLeases(network, device, layout, contents);
        boolean filesChanged = writeFiles(contents, layout);
        List<String> argv = commandLine.argv(network, device.name(), layout);
        DnsmasqProcess process =
                ensureProcess(network, namespace, layout, argv, filesChanged, before);
        served.put(network.id(), new Served(device, addresses, gateway, process));
    }

    private PluggedDevice device(DhcpNetwork network, DhcpPort dhcpPort) {
        return new PluggedDevice(
                dhcpPort.id(),
                PluggedDevice.deviceName("tap", dhcpPort.id()),
                dhcpPort.macAddress(),
                network.mtu() > 0 ? network.mtu() : 1500,
                host.namespace(network.namespaceName()),
                bridge);
    }

    private void plug(DhcpNetwork network, PluggedDevice device, NetworkFilesLayout layout) {
        IpRoute2 outside = IpRoute2.in(host);
        outside.ensureNamespace(network.namespaceName());
        // Addresses are set by Weft alone: no router advertisement may add one of its own.
        IpRoute2 inside = outside.inside(network.namespaceName());
        inside.sysctl("net.ipv6.conf.default.accept_ra", "0");
        unplugOtherDevice(device, layout);
        interfaces.plug(device);
        inside.sysctl("net.ipv6.conf." + device.name() + ".accept_ra", "0");
        recordDevice(device, layout);
        log.info(
                "plugged DHCP port={} device={} network={} namespace={}",
                device.portId(),
                device.name(),
                network.id(),
                network.namespaceName());
    }

    /** The DHCP port changed (a new port for the network): the old device goes. */
    private void unplugOtherDevice(PluggedDevice device, NetworkFilesLayout layout) {
        recordedDevice(device.namespace(), layout)
                .filter(old -> !old.name().equals(device.name()))
                .ifPresent(interfaces::unplug);
    }

    /** The DHCP port's addresses on DHCP subnets, and the metadata address when it is served. */
    private List<String> addresses(DhcpNetwork network, DhcpPort dhcpPort) {
        List<String> addresses = new ArrayList<>();
        for (FixedIp ip : dhcpPort.fixedIps()) {
            network.subnet(ip.subnetId())
                    .filter(DhcpSubnet::enableDhcp)
                    .ifPresent(
                            subnet ->
                                    addresses.add(
                                            Cidr.parse(subnet.cidr()).withPrefix(ip.ipAddress())));
        }
        if (settings.metadataAddressOnDevice()) {
            addresses.add(Metadata.ADDRESS_CIDR);
        }
        return addresses;
    }

    /**
     * The namespace routes through the first IPv4 DHCP subnet that has a gateway, as Neutron's. No
     * IPv6 default route is set in the namespace: dnsmasq answers DHCPv6 on the link and needs
     * none, but its DNS forwarding over IPv6 to servers off the link would not work.
     */
    private static Optional<String> defaultGateway(DhcpNetwork network) {
        return network.subnets().stream()
                .filter(subnet -> subnet.ipVersion() == 4 && subnet.enableDhcp())
                .flatMap(subnet -> subnet.gatewayIp().stream())
                .findFirst();
    }

    /** Sets the device's addresses and the namespace's default route, in one {@code ip} run. */
    private void configureDevice(
            PluggedDevice device, List<String> addresses, Optional<String> gateway) {
        IpRoute2 inside = IpRoute2.in(device.namespace());
        List<String> current = inside.addresses(device.name());
        List<String> commands = new ArrayList<>();
        for (String address : current) {
            if (!addresses.contains(address)) {
                commands.add("addr del " + address + " dev " + device.name());
            }
        }
        for (String address : addresses) {
            if (!current.contains(address)) {
                commands.add("addr add " + address + " dev " + device.name());
            }
        }
        boolean hasDefault =
                !Command.of(
                                device.namespace()
                                        .wrap(List.of("ip", "-4", "route", "show", "default")))
                        .run()
                        .isBlank();
        if (gateway.isPresent()) {
            commands.add("route replace default via " + gateway.get() + " dev " + device.name());
        } else if (hasDefault) {
            commands.add("route del default");
        }
        inside.batch(commands);
        log.debug("device={} addresses={} gateway={}", device.name(), addresses, gateway);
    }

    /**
     * Ends the leases of addresses that no port has any more (DHCPRELEASE through {@code
     * dhcp_release}), so that a deleted port's host cannot renew its lease. Only IPv4 leases are
     * released: an IPv6 lease of a deleted port stays in dnsmasq's database until it expires, and
     * its host keeps the address until then (dnsmasq no longer offers it to anyone).
     */
    private void releaseRemovedLeases(
            DhcpNetwork network,
            PluggedDevice device,
            NetworkFilesLayout layout,
            DnsmasqFiles.Contents contents) {
        Set<HostLease> wanted = HostLease.parseHosts(contents.hosts());
        // Both files: dnsmasq may not have written a lease it just gave out, and its lease file
        // may hold leases of ports deleted while no agent ran.
        Set<HostLease> removed =
                new HashSet<>(HostLease.parseHosts(AtomicFiles.read(layout.hosts())));
        removed.addAll(HostLease.parseLeases(AtomicFiles.read(layout.leases())));
        removed.removeAll(wanted);
        for (HostLease lease : removed) {
            release(network, device, lease);
        }
    }

    private void release(DhcpNetwork network, PluggedDevice device, HostLease lease) {
        Command.Result result =
                Command.of(
                                device.namespace()
                                        .wrap(
                                                List.of(
                                                        "dhcp_release",
                                                        device.name(),
                                                        lease.ipAddress(),
                                                        lease.macAddress())))
                        .execute();
        if (result.succeeded()) {
            log.info(
                    "released lease network={} mac={} address={}",
                    network.id(),
                    lease.macAddress(),
                    lease.ipAddress());
        } else if (!warnedNoRelease) {
            warnedNoRelease = true;
            log.warn(
                    "cannot release lease network={} address={} (is dnsmasq-utils installed?):"
                            + " {}; the host keeps its address until its lease ends",
                    network.id(),
                    lease.ipAddress(),
                    result.stderr().strip());
        }
    }

    private static boolean writeFiles(DnsmasqFiles.Contents contents, NetworkFilesLayout layout) {
        boolean changed = AtomicFiles.replace(layout.hosts(), contents.hosts());
        changed |= AtomicFiles.replace(layout.addnHosts(), contents.addnHosts());
        changed |= AtomicFiles.replace(layout.opts(), contents.opts());
        return changed;
    }

    private DnsmasqProcess ensureProcess(
            DhcpNetwork network,
            Placement namespace,
            NetworkFilesLayout layout,
            List<String> argv,
            boolean filesChanged,
            Optional<Served> before) {
        Optional<DnsmasqProcess> running =
                before.map(Served::process).filter(DnsmasqProcess::isAlive);
        if (running.isPresent() && running.get().argv().equals(argv)) {
            if (filesChanged) {
                running.get().reload();
                log.info("reloaded dnsmasq network={} pid={}", network.id(), running.get().pid());
            }
            return running.get();
        }
        if (running.isPresent()) {
            log.info(
                    "restarting dnsmasq network={} pid={}: its command line changed",
                    network.id(),
                    running.get().pid());
            running.get().stop();
            AgentMeters.daemonRestarted("dnsmasq", "reconfigured");
        } else if (before.isEmpty()) {
            Optional<DnsmasqProcess> adopted = adoptOrReplace(network, layout, argv);
            if (adopted.isPresent()) {
                return adopted.get();
            }
        }
        return start(network, namespace, layout, argv);
    }

    /** Takes over the dnsmasq an earlier run left, or stops it when it runs with other settings. */
    private Optional<DnsmasqProcess> adoptOrReplace(
            DhcpNetwork network, NetworkFilesLayout layout, List<String> argv) {
        Optional<DnsmasqProcess.Found> found = DnsmasqProcess.find(network.id(), layout, argv);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DnsmasqProcess process = found.get().process();
        if (!found.get().current()) {
            log.info(
                    "replacing dnsmasq network={} pid={} left by an earlier run: its command line"
                            + " differs",
                    network.id(),
                    process.pid());
            process.stop();
            return Optional.empty();
        }
        // The earlier run may have written the files without signalling: reload once.
        process.reload();
        watch(network.id(), process);
        log.info("adopted dnsmasq network={} pid={}", network.id(), process.pid());
        return Optional.of(process);
    }

    private DnsmasqProcess start(
            DhcpNetwork network,
            Placement namespace,
            NetworkFilesLayout layout,
            List<String> argv) {
        AtomicFiles.replace(
                layout.leases(), files.initialLeases(network, AtomicFiles.read(layout.leases())));
        createLogDirectory(network);
        DnsmasqProcess process = DnsmasqProcess.start(network.id(), namespace, argv, layout);
        watch(network.id(), process);
        log.info("started dnsmasq network={} pid={}", network.id(), process.pid());
        return process;
    }

    private void createLogDirectory(DhcpNetwork network) {
        if (settings.baseLogDir().isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(settings.baseLogDir(), network.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dnsmasq log directory: " + e, e);
        }
    }

    private void watch(String networkId, DnsmasqProcess process) {
        process.watch(
                () -> {
                    log.warn(
                            "dnsmasq network={} pid={} exited after {}; last output: {}",
                            networkId,
                            process.pid(),
                            process.age(),
                            lastLines(NetworkFilesLayout.of(confsDirectory, networkId).log()));
                    AgentMeters.daemonRestarted("dnsmasq", "died");
                    exitListener.accept(networkId);
                });
    }

    private static String lastLines(Path file) {
        List<String> lines = AtomicFiles.read(file).lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    @Override
    public void remove(String networkId) {
        NetworkFilesLayout layout = NetworkFilesLayout.of(confsDirectory, networkId);
        String namespaceName = DhcpNetwork.NAMESPACE_PREFIX + networkId;
        Placement namespace = host.namespace(namespaceName);
        Served gone = served.remove(networkId);
        if (gone != null) {
            gone.process().stop();
        } else {
            DnsmasqProcess.find(networkId, layout, List.of())
                    .ifPresent(found -> found.process().stop());
        }
        Optional.ofNullable(gone)
                .map(Served::device)
                .or(() -> recordedDevice(namespace, layout))
                .ifPresent(interfaces::unplug);
        IpRoute2.in(host).deleteNamespace(namespaceName);
        deleteDirectory(layout.directory());
        log.info("removed DHCP network={} namespace={}", networkId, namespaceName);
    }

    @Override
    public Set<String> networksPresent() {
        Set<String> present = new HashSet<>();
        if (Files.isDirectory(confsDirectory)) {
            try (Stream<Path> entries = Files.list(confsDirectory)) {
                entries.filter(Files::isDirectory)
                        .map(path -> path.getFileName().toString())
                        .forEach(present::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + confsDirectory + ": " + e, e);
            }
        }
        for (String namespace : IpRoute2.in(host).namespaces()) {
            if (namespace.startsWith(DhcpNetwork.NAMESPACE_PREFIX)) {
                present.add(namespace.substring(DhcpNetwork.NAMESPACE_PREFIX.length()));
            }
        }
        return present;
    }

    @Override
    public Placement namespace(String networkId) {
        return host.namespace(DhcpNetwork.NAMESPACE_PREFIX + networkId);
    }

    @Override
    public boolean isRunning(String networkId) {
        Served entry = served.get(networkId);
        return entry != null && entry.process().isAlive();
    }

    /** The pid of the network's dnsmasq, for tests and the benchmark. */
    public Optional<Long> pid(String networkId) {
        return Optional.ofNullable(served.get(networkId))
                .map(Served::process)
                .filter(DnsmasqProcess::isAlive)
                .map(DnsmasqProcess::pid);
    }

    @Override
    public void detach() {
        for (Served entry : served.values()) {
            entry.process().unwatch();
        }
        served.clear();
    }

    private static void recordDevice(PluggedDevice device, NetworkFilesLayout layout) {
        String text =
                "port_id="
                        + device.portId()
                        + "\nname="
                        + device.name()
                        + "\nmac="
                        + device.mac()
                        + "\nmtu="
                        + device.mtu()
                        + "\nbridge="
                        + device.bridge()
                        + "\n";
        AtomicFiles.replace(layout.device(), text);
    }

    private static Optional<PluggedDevice> recordedDevice(
            Placement namespace, NetworkFilesLayout layout) {
        String text = AtomicFiles.read(layout.device());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Properties fields = new Properties();
        try {
            fields.load(new StringReader(text));
            return Optional.of(
                    new PluggedDevice(
                            fields.getProperty("port_id"),
                            fields.getProperty("name"),
                            fields.getProperty("mac"),
                            Integer.parseInt(fields.getProperty("mtu")),
                            namespace,
                            fields.getProperty("bridge")));
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable device record {}: {}", layout.device(), e.toString());
            return Optional.empty();
        }
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory + ": " + e, e);
        }
    }
}
