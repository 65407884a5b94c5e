package org.weft.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.weft.agent.dhcp.DhcpChanges;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpStateSource;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.linux.VethPairDriver;

/**
 * What the DHCP benchmark runs on, all in namespaces named {@code <prefix>-…}: a namespace with a
 * Linux bridge standing in for the switch, DHCP ports plugged into it through veth pairs, VM
 * namespaces whose {@code eth0} sits on it, and busybox udhcpc in each VM. The server's side is a
 * network held in memory, with its DHCP port made up front.
 */
public final class DhcpTestbed implements AutoCloseable {
    private static final String BRIDGE = "br0";

    private final String prefix;
    private final Path runDirectory;
    private final String wire;
    private final List<String> vms = new ArrayList<>();

    public DhcpTestbed(String prefix, Path runDirectory) {
        this.prefix = prefix;
        this.runDirectory = runDirectory.toAbsolutePath();
        this.wire = prefix + "-wire";
    }

    /** Removes what an earlier run left, then makes the bridge. */
    public void create() {
        clean();
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.ensureNamespace(wire);
        inWire("ip", "link", "add", BRIDGE, "type", "bridge");
        inWire("ip", "link", "set", BRIDGE, "up");
    }

    /** The interface driver that plugs DHCP ports into the bridge. */
    public InterfaceDriver interfaces() {
        VethPairDriver veths = new VethPairDriver(Placement.here(), wire);
        return new InterfaceDriver() {
            @Override
            public void plug(PluggedDevice device) {
                veths.plug(device);
                inWire("ip", "link", "set", device.bridgeSideName(), "master", BRIDGE);
            }

            @Override
            public void unplug(PluggedDevice device) {
                veths.unplug(device);
            }
        };
    }

    /** A VM namespace with {@code eth0} of {@code mac} on the bridge, no address; its name. */
    public String createVm(int index, String mac) {
        String name = prefix + "-vm" + index;
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.ensureNamespace(name);
        String wireSide = prefix + "v" + index;
        inWire(
                "ip", "link", "add", wireSide, "type", "veth", "peer", "name", "eth0", "netns",
                name);
        inWire("ip", "link", "set", wireSide, "master", BRIDGE, "up");
        IpRoute2 inside = root.inside(name);
        inside.setMac("eth0", mac);
        inside.setUp("eth0");
        vms.add(name);
        return name;
    }

    /**
     * Starts one DHCP client in {@code vm}: a DISCOVER a second, exit on a lease; the future
     * completes with whether it got one.
     */
    public CompletableFuture<Boolean> requestLease(String vm, int attempts) {
        List<String> argv =
                Placement.netns(vm)
                        .wrap(
                                List.of(
                                        "busybox",
                                        "udhcpc",
                                        "-f",
                                        "-q",
                                        "-n",
                                        "-i",
                                        "eth0",
                                        "-t",
                                        Integer.toString(attempts),
                                        "-T",
                                        "1",
                                        "-s",
                                        "/bin/true"));
        try {
            Process process =
                    new ProcessBuilder(argv)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return process.onExit().thenApply(exited -> exited.exitValue() == 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start udhcpc in " + vm, e);
        }
    }

    /** Removes the VM namespaces made so far. */
    public void removeVms() {
        IpRoute2 root = IpRoute2.in(Placement.here());
        vms.forEach(root::deleteNamespace);
        vms.clear();
    }

    @Override
    public void close() {
        clean();
    }

    private void clean() {
        killDnsmasqs();
        List<String> served = servedNamespaces();
        IpRoute2 root = IpRoute2.in(Placement.here());
        for (String namespace : root.namespaces()) {
            if (namespace.startsWith(prefix + "-")
                    || namespace.startsWith(DhcpNetwork.NAMESPACE_PREFIX + prefix + "-")
                    || served.contains(namespace)) {
                root.deleteNamespace(namespace);
            }
        }
        vms.clear();
        deleteRunDirectory();
    }

    /** The qdhcp- namespaces of networks an agent kept files for under the run directory. */
    private List<String> servedNamespaces() {
        List<String> namespaces = new ArrayList<>();
        if (!Files.isDirectory(runDirectory)) {
            return namespaces;
        }
        try (Stream<Path> paths = Files.walk(runDirectory, 3)) {
            paths.filter(Files::isDirectory)
                    .filter(path -> path.getParent().getFileName().toString().equals("dhcp"))
                    .forEach(
                            path ->
                                    namespaces.add(
                                            DhcpNetwork.NAMESPACE_PREFIX + path.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return namespaces;
    }

    /** Kills each dnsmasq whose pid file is under the run directory. */
    private void killDnsmasqs() {
        if (!Files.isDirectory(runDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(runDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("pid")).toList()) {
                String pid = Files.readString(file).strip();
                Path cmdline = Path.of("/proc", pid, "cmdline");
                if (pid.matches("[0-9]+")
                        && Files.exists(cmdline)
                        && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                                .contains(runDirectory.toString())) {
                    Command.of("kill", "-9", pid).execute();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteRunDirectory() {
        if (!Files.exists(runDirectory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(runDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void inWire(String... argv) {
        Command.of(List.of(argv)).in(Placement.netns(wire)).run();
    }

    /** One network held in memory, its DHCP port made up front; ports come as events. */
    public static final class StaticSource implements DhcpStateSource {
        private final DhcpNetwork network;
        private final DhcpPort dhcpPort;

        public StaticSource(DhcpNetwork network, DhcpPort dhcpPort) {
            this.network = network.withPort(dhcpPort);
            this.dhcpPort = dhcpPort;
        }

        @Override
        public List<DhcpNetwork> activeNetworks() {
            return List.of(network);
        }

        @Override
        public Optional<DhcpNetwork> network(String networkId) {
            return networkId.equals(network.id()) ? Optional.of(network) : Optional.empty();
        }

        @Override
        public DhcpPort ensureDhcpPort(String networkId, String deviceId, Set<String> subnetIds) {
            return new DhcpPort(
                    dhcpPort.id(),
                    networkId,
                    dhcpPort.macAddress(),
                    dhcpPort.deviceOwner(),
                    deviceId,
                    dhcpPort.fixedIps());
        }

        @Override
        public void releaseDhcpPort(String networkId, String deviceId) {}

        @Override
        public void subscribe(DhcpChanges changes) {}
    }
}
