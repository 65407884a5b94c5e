package org.weft.agent.l3;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.linux.VethPairDriver;

/**
 * A network node without a switch, for router tests: a "wire" namespace holding one Linux bridge
 * per tenant network and one for the external network, VMs as namespaces on the tenant bridges, and
 * an upstream host at 192.168.100.1 on the external one. Router devices are plugged by a veth
 * driver whose wire side joins the bridge of the device's network.
 *
 * <p>Every name starts with {@code wl3-}; routers' ids start with {@code f13a} so that leftovers of
 * a crashed run are found and removed, processes in them included.
 */
final class RouterLab implements AutoCloseable {
    static final String WIRE = "wl3-wire";
    static final String UPSTREAM = "wl3-up";
    static final String EXTERNAL_BRIDGE = "br-ex";
    static final String EXTERNAL_CIDR = "192.168.100.0/24";
    static final String UPSTREAM_ADDRESS = "192.168.100.1";
    private static final String ROUTER_MARK = "f13a";

    private final IpRoute2 root = IpRoute2.in(Placement.here());
    private final Map<String, String> bridgeOfPort = new HashMap<>();
    private final List<String> vms = new ArrayList<>();
    private final List<ChildProcess> processes = new ArrayList<>();
    private final Path state;
    private int nextId = 1;

    RouterLab(Path state) {
        this.state = state;
        removeLeftovers();
        root.ensureNamespace(WIRE);
        root.ensureNamespace(UPSTREAM);
        bridge(EXTERNAL_BRIDGE);
        attach(UPSTREAM, EXTERNAL_BRIDGE, UPSTREAM_ADDRESS + "/24", null);
    }

    /** The interface driver of this lab's routers. */
    InterfaceDriver interfaceDriver() {
        VethPairDriver veth = new VethPairDriver(Placement.here(), WIRE);
        return new InterfaceDriver() {
            @Override
            public void plug(PluggedDevice device) {
                veth.plug(device);
                String bridge = bridgeOfPort.getOrDefault(device.portId(), device.bridge());
                wire("link", "set", device.bridgeSideName(), "master", bridge);
            }

            @Override
            public void unplug(PluggedDevice device) {
                veth.unplug(device);
            }
        };
    }

    RouterDriver.Settings settings(OptionalInt metadataPort, Path metadataSocket) {
        return new RouterDriver.Settings(
                "br-int",
                EXTERNAL_BRIDGE,
                metadataPort,
                1,
                state.resolve("routers"),
                metadataSocket);
    }

    RouterDriver driver() {
        return new RouterDriver(
                Placement.here(),
                interfaceDriver(),
                settings(OptionalInt.empty(), state.resolve("md")));
    }

    /** A tenant network: a bridge of its own in the wire. */
    String network(String name) {
        bridge("wl3-" + name);
        return "wl3-" + name;
    }

    /**
     * A VM on {@code network} with {@code address} (CIDR) and its default route via {@code
     * gateway}.
     */
    String vm(String name, String network, String address, String gateway) {
        String namespace = "wl3-" + name;
        root.ensureNamespace(namespace);
        vms.add(namespace);
        attach(namespace, network, address, gateway);
        return namespace;
    }

    String newId() {
        return String.format(
                "%s%04x-0000-4000-8000-%012x",
                ROUTER_MARK, nextId++, System.nanoTime() & 0xffffffffffffL);
    }

    RouterId newRouterId() {
        return new RouterId(newId());
    }

    RouterInterface routerInterface(String network, String address, String cidr) {
        String portId = newId();
        bridgeOfPort.put(portId, network);
        return new RouterInterface(
                portId,
                network,
                mac(portId),
                1500,
                List.of(PortAddress.of(address, cidr, address)));
    }

    RouterGateway gateway(String address) {
        String portId = newId();
        return new RouterGateway(
                portId,
                "ext-net",
                mac(portId),
                1500,
                List.of(PortAddress.of(address, EXTERNAL_CIDR, UPSTREAM_ADDRESS)),
                true);
    }

    static Router router(
            RouterId id,
            Optional<RouterGateway> gateway,
            List<RouterInterface> interfaces,
            List<FloatingIp> floatingIps) {
        return new Router(id, "project-a", true, gateway, interfaces, floatingIps, List.of());
    }

    /** Runs {@code argv} in namespace {@code namespace}, whatever its outcome. */
    static Command.Result in(String namespace, String... argv) {
        return Command.of(argv)
                .in(Placement.netns(namespace))
                .withTimeout(Duration.ofSeconds(20))
                .execute();
    }

    static boolean pings(String from, String address) {
        return in(from, "ping", "-c", "1", "-W", "1", address).succeeded();
    }

    /** What a TCP server at {@code address}:{@code port} says, as seen from {@code from}. */
    static String fetch(String from, String address, int port) {
        return in(
                        from,
                        "socat",
                        "-T",
                        "3",
                        "-u",
                        "TCP:" + address + ":" + port + ",connect-timeout=2",
                        "STDOUT")
                .stdout()
                .strip();
    }

    /** Starts a TCP server in {@code namespace} that tells each client its own address. */
    void peerAddressServer(String namespace, int port) {
        serve(
                namespace,
                "socat",
                "TCP-LISTEN:" + port + ",reuseaddr,fork",
                "SYSTEM:echo $SOCAT_PEERADDR");
    }

    /** Starts a TCP server in {@code namespace} that answers {@code word} to every client. */
    void wordServer(String namespace, int port, String word) {
        serve(namespace, "socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "SYSTEM:echo " + word);
    }

    /** Starts a TCP echo server in {@code namespace}. */
    void echoServer(String namespace, int port) {
        serve(namespace, "socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "PIPE");
    }

    private void serve(String namespace, String... argv) {
        ChildProcess server =
                ChildProcess.start(
                        "server in " + namespace,
                        Placement.netns(namespace).wrap(List.of(argv)),
                        state.resolve(namespace + "-" + processes.size() + ".log"),
                        Map.of());
        processes.add(server);
        waitUntil(
                () ->
                        in(namespace, "ss", "-ltn")
                                .stdout()
                                .contains(":" + argv[1].replaceAll("\\D*(\\d+).*", "$1")),
                Duration.ofSeconds(5));
    }

    /** A long-lived TCP connection from {@code from} to an echo server: one line out, one back. */
    EchoConnection connect(String from, String address, int port) throws Exception {
        Process process =
                new ProcessBuilder(
                                Placement.netns(from)
                                        .wrap(
                                                List.of(
                                                        "socat",
                                                        "STDIO",
                                                        "TCP:"
                                                                + address
                                                                + ":"
                                                                + port
                                                                + ",connect-timeout=3")))
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        EchoConnection connection = new EchoConnection(process);
        processes.add(
                ChildProcess.adopt(
                                "echo client",
                                process.pid(),
                                process.toHandle().info().startInstant().orElseThrow())
                        .orElseThrow());
        return connection;
    }

    static final class EchoConnection {
        private final Process process;
        private final Writer out;
        private final BufferedReader in;

        EchoConnection(Process process) {
            this.process = process;
            this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.in =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Whether {@code line} comes back within a few seconds on the same connection. */
        boolean echoes(String line) throws Exception {
            if (!process.isAlive()) {
                return false;
            }
            out.write(line + "\n");
            out.flush();
            CompletableFuture<String> reply =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return in.readLine();
                                } catch (java.io.IOException e) {
                                    return null;
                                }
                            });
            try {
                return line.equals(reply.get(5, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
    }

    static boolean waitUntil(BooleanSupplier condition, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private void bridge(String name) {
        if (!IpRoute2.in(Placement.netns(WIRE)).linkExists(name)) {
            wire("link", "add", name, "type", "bridge");
        }
        wire("link", "set", name, "up");
    }

    private void attach(String namespace, String bridge, String address, String gateway) {
        String wireSide = namespace.replace("wl3-", "w-") + "-" + bridge.replace("wl3-", "");
        wireSide = wireSide.length() > 15 ? wireSide.substring(0, 15) : wireSide;
        wire("link", "add", wireSide, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        wire("link", "set", wireSide, "master", bridge, "up");
        IpRoute2 inside = IpRoute2.in(Placement.netns(namespace));
        inside.ensureAddress("eth0", address);
        inside.setUp("eth0");
        if (gateway != null) {
            inside.replaceRoute("default", gateway, "eth0");
        }
    }

    private static void wire(String... argv) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(argv));
        Command.of(command).in(Placement.netns(WIRE)).run();
    }

    static String mac(String portId) {
        String hex = portId.replace("-", "");
        return "fa:16:3e:"
                + hex.substring(hex.length() - 6, hex.length() - 4)
                + ":"
                + hex.substring(hex.length() - 4, hex.length() - 2)
                + ":"
                + hex.substring(hex.length() - 2);
    }

    @Override
    public void close() {
        for (ChildProcess process : processes) {
            process.kill();
        }
        removeLeftovers();
    }

    /** Removes every namespace of this lab and every router namespace of its routers. */
    private void removeLeftovers() {
        for (String namespace : root.namespaces()) {
            if (namespace.startsWith("wl3-") || namespace.startsWith("qrouter-" + ROUTER_MARK)) {
                killProcessesIn(namespace);
                root.deleteNamespace(namespace);
            }
        }
    }

    /** Kills what runs in one of this lab's namespaces: its servers, or a crashed run's proxies. */
    private static void killProcessesIn(String namespace) {
        for (String pid :
                Command.of("ip", "netns", "pids", namespace).execute().stdout().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
