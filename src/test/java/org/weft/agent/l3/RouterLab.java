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
 * <p>Names carry the JVM's pid so that parallel test runs never meet: namespaces are {@code
 * wl3-<pid>-…}, router and port ids start with {@code f<pid>}. A namespace of this JVM, or of a JVM
 * that is gone, is a leftover and is removed with the processes in it.
 */
final class RouterLab implements AutoCloseable {
    /** This JVM's mark in names: its pid, 5 hex digits. */
    static final String RUN = String.format("%05x", ProcessHandle.current().pid() & 0xfffff);

    static final String WIRE = "wl3-" + RUN + "-wire";
    static final String UPSTREAM = "wl3-" + RUN + "-up";
    static final String EXTERNAL_BRIDGE = "br-ex";
    static final String EXTERNAL_CIDR = "192.168.100.0/24";
    static final String UPSTREAM_ADDRESS = "192.168.100.1";

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
        String namespace = "wl3-" + RUN + "-" + name;
        root.ensureNamespace(namespace);
        vms.add(namespace);
        attach(namespace, network, address, gateway);
        return namespace;
    }

    /** A router or port id of this JVM: its first 11 characters differ for every call. */
    String newId() {
        return String.format(
                "f%s%02x-%04x-4000-8000-%012x",
                RUN, nextId++ & 0xff, 0, System.nanoTime() & 0xffffffffffffL);
    }

    /** Whether router {@code id} was made by this JVM's labs. */
    static boolean isOurs(RouterId id) {
        return id.value().startsWith("f" + RUN);
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
        // Inside the wire, names need only differ from each other: the VM's own name will do.
        String wireSide = "w-" + namespace.substring(("wl3-" + RUN + "-").length());
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

    /**
     * Removes the namespaces of this JVM's labs and of labs whose JVM is gone, router namespaces
     * included.
     */
    private void removeLeftovers() {
        for (String namespace : root.namespaces()) {
            ownerOf(namespace)
                    .filter(owner -> owner.equals(RUN) || !aliveJvm(owner))
                    .ifPresent(
                            owner -> {
                                killProcessesIn(namespace);
                                root.deleteNamespace(namespace);
                            });
        }
    }

    /** The pid mark of a namespace made by a lab, if it is one. */
    private static Optional<String> ownerOf(String namespace) {
        java.util.regex.Matcher lab =
                java.util.regex.Pattern.compile("wl3-([0-9a-f]{5})-.*").matcher(namespace);
        if (lab.matches()) {
            return Optional.of(lab.group(1));
        }
        java.util.regex.Matcher router =
                java.util.regex.Pattern.compile(
                                "qrouter-f([0-9a-f]{5})[0-9a-f]{2}-0000-4000-8000-[0-9a-f]{12}")
                        .matcher(namespace);
        return router.matches() ? Optional.of(router.group(1)) : Optional.empty();
    }

    private static boolean aliveJvm(String mark) {
        long pid = Long.parseLong(mark, 16);
        return ProcessHandle.allProcesses()
                .filter(process -> (process.pid() & 0xfffff) == pid)
                .anyMatch(process -> process.info().command().orElse("").endsWith("java"));
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
