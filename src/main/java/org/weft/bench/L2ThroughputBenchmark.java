package org.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;
import org.weft.lab.Vm;
import org.weft.lab.VmSpec;
import picocli.CommandLine.Option;

/**
 * {@code weft bench l2-throughput}: TCP throughput between VMs on the lab, through Weft's agents
 * (br-int, br-tun, a GRE tunnel), against the same two switches joined by a bare GRE tunnel between
 * bridges with only {@code NORMAL}; and between two VMs on one node against a bare {@code NORMAL}
 * bridge there, in one run.
 */
@picocli.CommandLine.Command(
        name = "l2-throughput",
        mixinStandardHelpOptions = true,
        description = {
            "TCP throughput (iperf3) VM to VM across a GRE tunnel and on one node, through Weft's"
                    + " agents, against bare NORMAL bridges on the same switches (goal: 90 %%).",
            "Builds a lab named wl2t<digits> (files in /tmp), removed afterwards; needs root."
        })
public final class L2ThroughputBenchmark extends Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MTU = 1458;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Length of each iperf3 run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Runs of each path, the median reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    protected BenchReport measure() throws Exception {
        String name = "wl2t" + ThreadLocalRandom.current().nextInt(10000, 100000);
        Lab lab = Lab.up(new LabSpec(name, 2, LabDatabase.EMBEDDED, Path.of("/tmp", name)));
        try {
            lab.start();
            awaitAgents(lab, 3);
            progress("l2-throughput: lab %s up", name);
            return measureOn(lab);
        } finally {
            lab.down();
        }
    }

    private BenchReport measureOn(Lab lab) throws Exception {
        String network =
                api(lab, "POST", "/v2.0/networks", "{\"network\": {\"name\": \"iperf\"}}")
                        .at("/network/id")
                        .asText();
        api(
                lab,
                "POST",
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + network
                        + "\", \"cidr\": \"10.70.0.0/24\","
                        + " \"ip_version\": 4, \"enable_dhcp\": false}}");
        Vm one = vm(lab, network, "ip1", "compute1", "10.70.0.11");
        Vm two = vm(lab, network, "ip2", "compute2", "10.70.0.12");
        Vm three = vm(lab, network, "ip3", "compute1", "10.70.0.13");
        bareTunnel(lab);
        bareBridge(lab);
        awaitPing(lab, one, "10.70.0.12");
        awaitPing(lab, one, "10.70.0.13");
        awaitPing(lab, "compute1", "wl2bare1", "10.71.0.12");
        awaitPing(lab, "compute1", "wl2bare3", "10.72.0.13");

        List<Double> weftTunnel = new ArrayList<>();
        List<Double> bareTunnel = new ArrayList<>();
        List<Double> weftNode = new ArrayList<>();
        List<Double> bareNode = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            progress("l2-throughput: run %d of %d", i + 1, repeat);
            weftTunnel.add(iperf(lab, two.name(), one.name(), "10.70.0.12"));
            bareTunnel.add(
                    iperf(lab, "compute2", "compute1", "10.71.0.12", "wl2bare2", "wl2bare1"));
            weftNode.add(iperf(lab, three.name(), one.name(), "10.70.0.13"));
            bareNode.add(iperf(lab, "compute1", "compute1", "10.72.0.13", "wl2bare4", "wl2bare3"));
        }
        return report(
                median(weftTunnel),
                median(bareTunnel),
                median(weftNode),
                median(bareNode),
                weftTunnel,
                bareTunnel,
                weftNode,
                bareNode);
    }

    private Vm vm(Lab lab, String network, String name, String host, String ip) throws Exception {
        JsonNode port =
                api(
                                lab,
                                "POST",
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + network
                                        + "\", \"binding:host_id\": \""
                                        + host
                                        + "\", \"device_owner\": \"compute:nova\","
                                        + " \"fixed_ips\": [{\"ip_address\": \""
                                        + ip
                                        + "\"}]}}")
                        .path("port");
        // Plugged straight into br-int, where the guide's iptables_hybrid driver does not filter:
        // this measures the switch path alone; weft bench firewall compares the drivers.
        Vm vm = lab.createVm(VmSpec.of(name, host, port.path("id").asText()).withHybridPlug(false));
        Command.of("ip", "addr", "add", ip + "/24", "dev", vm.device()).in(vm.placement()).run();
        return vm;
    }

    /**
     * The bare tunnel: on each compute node a bridge with only {@code NORMAL}, a GRE port to the
     * other node with a fixed key (so it is not the agent's tunnel), and a namespace on it.
     */
    static void bareTunnel(Lab lab) {
        bareHost(lab, "compute1", "wl2bare1", "10.71.0.11", "10.20.20.54", true);
        bareHost(lab, "compute2", "wl2bare2", "10.71.0.12", "10.20.20.53", true);
    }

    /** The bare bridge on one node: two namespaces on a bridge with only {@code NORMAL}. */
    private static void bareBridge(Lab lab) {
        lab.switchOf("compute1")
                .vsctl(
                        "--may-exist",
                        "add-br",
                        "wl2nrm",
                        "--",
                        "set",
                        "Bridge",
                        "wl2nrm",
                        "datapath_type=netdev");
        bareNamespace(lab, "compute1", "wl2bare3", "wl2nrm", "10.72.0.11");
        bareNamespace(lab, "compute1", "wl2bare4", "wl2nrm", "10.72.0.13");
    }

    private static void bareHost(
            Lab lab, String host, String namespace, String ip, String remote, boolean tunnel) {
        var ovs = lab.switchOf(host);
        ovs.vsctl(
                "--may-exist",
                "add-br",
                "wl2bare",
                "--",
                "set",
                "Bridge",
                "wl2bare",
                "datapath_type=netdev");
        if (tunnel) {
            ovs.vsctl(
                    "--may-exist",
                    "add-port",
                    "wl2bare",
                    "wl2gre",
                    "--",
                    "set",
                    "Interface",
                    "wl2gre",
                    "type=gre",
                    "options:remote_ip=" + remote,
                    "options:key=7777");
        }
        bareNamespace(lab, host, namespace, "wl2bare", ip);
    }

    private static void bareNamespace(
            Lab lab, String host, String namespace, String bridge, String ip) {
        String outside = namespace + "o";
        lab.exec(host, "ip", "netns", "add", namespace);
        lab.exec(
                host,
                "ip",
                "link",
                "add",
                outside,
                "mtu",
                String.valueOf(MTU),
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                namespace);
        lab.exec(host, "ip", "link", "set", outside, "up");
        lab.exec(
                host,
                "ip",
                "netns",
                "exec",
                namespace,
                "ip",
                "link",
                "set",
                "eth0",
                "mtu",
                String.valueOf(MTU),
                "up");
        lab.exec(host, "ip", "netns", "exec", namespace, "ethtool", "-K", "eth0", "tx", "off");
        lab.exec(
                host,
                "ip",
                "netns",
                "exec",
                namespace,
                "ip",
                "addr",
                "add",
                ip + "/24",
                "dev",
                "eth0");
        lab.switchOf(host).vsctl("--may-exist", "add-port", bridge, outside);
    }

    /** Bits per second from {@code client} (a VM) to {@code server} (a VM) at {@code address}. */
    private double iperf(Lab lab, String server, String client, String address) throws Exception {
        return iperf(lab, seconds, server, client, address);
    }

    /** Bits per second from {@code client} (a VM) to {@code server} (a VM) at {@code address}. */
    static double iperf(Lab lab, int seconds, String server, String client, String address)
            throws Exception {
        ChildProcess listener =
                lab.startWorkload(server, "iperf3-" + server, List.of("iperf3", "-s", "-1"));
        try {
            pause();
            String json =
                    lab.exec(client, "iperf3", "-c", address, "-t", String.valueOf(seconds), "-J")
                            .stdout();
            return JSON.readTree(json).at("/end/sum_received/bits_per_second").asDouble();
        } finally {
            listener.stop(Duration.ofSeconds(5));
        }
    }

    /** Bits per second between two bare namespaces of lab hosts. */
    private double iperf(
            Lab lab,
            String serverHost,
            String clientHost,
            String address,
            String serverNs,
            String clientNs)
            throws Exception {
        return iperf(lab, seconds, serverHost, clientHost, address, serverNs, clientNs);
    }

    /** Bits per second between two bare namespaces of lab hosts. */
    static double iperf(
            Lab lab,
            int seconds,
            String serverHost,
            String clientHost,
            String address,
            String serverNs,
            String clientNs)
            throws Exception {
        ChildProcess listener =
                ChildProcess.start(
                        "iperf3-" + serverNs,
                        lab.placement(serverHost)
                                .namespace(serverNs)
                                .wrap(List.of("iperf3", "-s", "-1")),
                        lab.host(serverHost).logDirectory().resolve("iperf3-" + serverNs + ".log"),
                        java.util.Map.of());
        try {
            pause();
            String json =
                    Command.of("iperf3", "-c", address, "-t", String.valueOf(seconds), "-J")
                            .in(lab.placement(clientHost).namespace(clientNs))
                            .withTimeout(Duration.ofSeconds(seconds + 30))
                            .run();
            return JSON.readTree(json).at("/end/sum_received/bits_per_second").asDouble();
        } finally {
            listener.stop(Duration.ofSeconds(5));
        }
    }

    static void awaitPing(Lab lab, Vm vm, String address) {
        for (int i = 0; i < 60; i++) {
            if (lab.exec(vm.name(), "ping", "-c", "1", "-W", "1", address).succeeded()) {
                return;
            }
        }
        throw new IllegalStateException(vm.name() + " does not reach " + address);
    }

    static void awaitPing(Lab lab, String host, String namespace, String address) {
        for (int i = 0; i < 30; i++) {
            if (Command.of("ping", "-c", "1", "-W", "1", address)
                    .in(lab.placement(host).namespace(namespace))
                    .execute()
                    .succeeded()) {
                return;
            }
        }
        throw new IllegalStateException(namespace + " on " + host + " does not reach " + address);
    }

    static void awaitAgents(Lab lab, int count) throws Exception {
        for (int i = 0; i < 600; i++) {
            int alive = 0;
            for (JsonNode agent : api(lab, "GET", "/v2.0/agents", null).path("agents")) {
                if (agent.path("agent_type").asText().equals("Open vSwitch agent")
                        && agent.path("alive").asBoolean()) {
                    alive++;
                }
            }
            if (alive >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("fewer than " + count + " Open vSwitch agents alive");
    }

    static JsonNode api(Lab lab, String method, String path, String body) throws Exception {
        List<String> curl = new ArrayList<>(List.of("curl", "-sS", "-X", method));
        if (body != null) {
            curl.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        curl.add(lab.apiEndpoint() + path);
        String text = lab.exec("controller", curl).stdout();
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    static void pause() throws InterruptedException {
        Thread.sleep(500);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private BenchReport report(
            double weftTunnel,
            double bareTunnel,
            double weftNode,
            double bareNode,
            List<Double> wt,
            List<Double> bt,
            List<Double> wn,
            List<Double> bn) {
        StringBuilder md = new StringBuilder();
        md.append("iperf3 -t ")
                .append(seconds)
                .append(", ")
                .append(repeat)
                .append(" runs each, median, Gbit/s.")
                .append(
                        " Across: VM on compute1 to VM on compute2 through br-int, br-tun, GRE (the"
                                + " agents'")
                .append(
                        " flows, the guide's hybrid plugging), against namespaces on a bridge with"
                                + " only NORMAL")
                .append(
                        " on each of the same two switches, joined by a GRE port of their own. One"
                                + " node: two")
                .append(
                        " VMs of compute1 against two namespaces on a NORMAL bridge of compute1."
                                + " MTU 1458.\n\n");
        md.append("| path | Weft | bare | ratio | goal |\n| --- | --- | --- | --- | --- |\n");
        md.append(row("across the GRE tunnel", weftTunnel, bareTunnel));
        md.append(row("on one node", weftNode, bareNode));
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("weft_tunnel_bps", JSON.valueToTree(wt));
        json.set("bare_tunnel_bps", JSON.valueToTree(bt));
        json.set("weft_node_bps", JSON.valueToTree(wn));
        json.set("bare_node_bps", JSON.valueToTree(bn));
        return new BenchReport("L2 agent: throughput", md.toString(), json);
    }

    private static String row(String path, double weft, double bare) {
        double ratio = weft / bare;
        return String.format(
                "| %s | %.3f | %.3f | %.0f %% | 90 %%: %s |%n",
                path, weft / 1e9, bare / 1e9, ratio * 100, ratio >= 0.9 ? "met" : "missed");
    }
}
