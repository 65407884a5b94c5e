package org.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.internal.LocalNetwork;
import org.weft.agent.l2.internal.Pipeline;
import org.weft.agent.l2.internal.SwitchState;
import org.weft.bench.internal.L2Testbed;
import org.weft.bus.message.FixedIp;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowChange;
import org.weft.dataplane.openflow.OpenFlowChannel;
import org.weft.dataplane.openflow.OpenFlowTarget;
import org.weft.dataplane.ovsdb.BridgeSettings;
import org.weft.dataplane.ovsdb.FailMode;
import org.weft.dataplane.ovsdb.SwitchTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench l2-ports}: ports wired by the Open vSwitch agent, for 1, 100 and 1,000 ports on
 * one host: from the API calls and from the last VM plugged to every port {@code ACTIVE} and to the
 * first ping between two of them, next to Neutron's agent measured the same way and to the bare
 * cost of the OVSDB transaction and the OpenFlow bundle those ports need.
 */
@Command(
        name = "l2-ports",
        mixinStandardHelpOptions = true,
        description = {
            "Ports ACTIVE and first ping, from the API calls and from the last VM plugged, for 1,"
                    + " 100 and 1,000 ports on one host (server, in-process bus, agent, a private"
                    + " userspace switch), next to Neutron's agent and the bare OVSDB/OpenFlow"
                    + " operations.",
            "Runs in namespaces wl2b-* and /tmp/wl2b-bench, removed afterwards; needs root."
        })
public final class L2PortsBenchmark extends Benchmark {
    private static final Path RUN = Path.of("/tmp/wl2b-bench");
    private static final Duration LIMIT = Duration.ofSeconds(300);

    /** Neutron's agent on this kind of machine (../shared/reference/neutron-agents/RESULTS.md). */
    private static final Map<Integer, double[]> NEUTRON =
            Map.of(
                    1,
                    new double[] {0.73, 0.38},
                    50,
                    new double[] {19.33, 8.55},
                    200,
                    new double[] {70.23, 26.72});

    @Option(
            names = "--sizes",
            defaultValue = "1,100,1000",
            split = ",",
            description = "Ports per run (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--api-port",
            defaultValue = "28610",
            description = "The server's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "Port creations in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** One size's figures, in seconds. */
    record Run(
            int ports,
            double created,
            double plugged,
            double activeFromApi,
            double activeFromPlug,
            double pingFromPlug,
            double bareOvsdb,
            double bareBundle,
            int flows) {}

    @Override
    protected BenchReport measure() throws Exception {
        List<Run> runs = new ArrayList<>();
        try (L2Testbed testbed = new L2Testbed(RUN, apiPort)) {
            testbed.startAgent();
            int next = 0;
            for (int size : sizes) {
                progress("l2-ports: %d port(s)", size);
                runs.add(run(testbed, size, next));
                next += size;
            }
        }
        return report(runs);
    }

    private Run run(L2Testbed testbed, int size, int first) throws Exception {
        String network =
                testbed.network("bench-" + size, "10." + (40 + runsIndex(size)) + ".0.0/16");
        long start = System.nanoTime();
        List<JsonNode> ports = createPorts(testbed, network, size);
        long created = System.nanoTime();

        int vms = Math.min(2, size);
        testbed.plugInternal(ports.subList(0, size - vms), first);
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            namespaces.add(testbed.vm(first + i, ports.get(size - vms + i)));
        }
        long plugged = System.nanoTime();

        long deadline = plugged + LIMIT.toNanos();
        while (testbed.active(network) < size) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(size + " ports not ACTIVE within " + LIMIT);
            }
            Thread.sleep(20);
        }
        long active = System.nanoTime();
        double ping = Double.NaN;
        if (vms == 2) {
            String peer = ports.get(size - 1).at("/fixed_ips/0/ip_address").asText();
            while (!testbed.ping(namespaces.get(0), peer, "1")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no ping within " + LIMIT);
                }
            }
            ping = seconds(System.nanoTime() - plugged);
        }
        double[] bare = bareCost(testbed, size, first);
        return new Run(
                size,
                seconds(created - start),
                seconds(plugged - start),
                seconds(active - start),
                seconds(active - plugged),
                ping,
                bare[0],
                bare[1],
                (int) bare[2]);
    }

    private int runsIndex(int size) {
        return sizes.indexOf(size);
    }

    private List<JsonNode> createPorts(L2Testbed testbed, String network, int size)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<JsonNode>> pending = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                pending.add(pool.submit(() -> testbed.port(network)));
            }
            List<JsonNode> ports = new ArrayList<>();
            for (Future<JsonNode> port : pending) {
                ports.add(port.get());
            }
            return ports;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * What the same ports cost without Weft's work around it: one OVSDB transaction tagging them
     * (as the agent does) and one bundle adding the flows the agent computes for as many ports, on
     * a bridge of their own.
     */
    private double[] bareCost(L2Testbed testbed, int size, int first) {
        SwitchTransaction tags = testbed.database().transaction();
        for (int i = first; i < first + size - Math.min(2, size); i++) {
            String name = String.format("wl2p%06d", i);
            tags.setTag(name, OptionalInt.of(4000));
            tags.setEntries("Port", name, "other_config", Map.of("net_uuid", "bare"));
        }
        long start = System.nanoTime();
        if (!tags.operations().isEmpty()) {
            tags.commitAndWait(LIMIT);
        }
        double ovsdb = seconds(System.nanoTime() - start);

        String bridge = "wl2b-bare";
        testbed.database().removeBridge(bridge);
        testbed.database()
                .ensureBridge(
                        BridgeSettings.named(bridge)
                                .datapathType("netdev")
                                .failMode(FailMode.SECURE));
        List<WiredPort> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(
                    new WiredPort(
                            "p" + i,
                            "t" + i,
                            100 + i,
                            "bare",
                            1,
                            String.format(
                                    "fa:16:3e:%02x:%02x:%02x",
                                    (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff),
                            List.of(new FixedIp("s", "10.99." + (i / 250) + "." + (1 + i % 250))),
                            List.of(),
                            true,
                            List.of(),
                            "compute:nova"));
        }
        SwitchState state =
                new SwitchState(
                        Map.of(
                                "bare",
                                new LocalNetwork(
                                        "bare", "local", Optional.empty(), Optional.empty(), 1)),
                        ports,
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        Map.of(),
                        List.of(),
                        Map.of());
        List<Flow> flows = Pipeline.integration(state, List.of());
        try (OpenFlowChannel channel =
                OpenFlowChannel.connect(
                        OpenFlowTarget.managementSocket(testbed.ovs().runDirectory(), bridge))) {
            List<FlowChange> adds = flows.stream().map(FlowChange::add).toList();
            start = System.nanoTime();
            channel.applyAtomically(adds);
            double bundle = seconds(System.nanoTime() - start);
            return new double[] {ovsdb, bundle, flows.size()};
        } finally {
            testbed.database().removeBridge(bridge);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private BenchReport report(List<Run> runs) {
        StringBuilder md = new StringBuilder();
        md.append("Ports created through the API (")
                .append(concurrency)
                .append(" at a time, HTTP on loopback),")
                .append(" then plugged: all but two as internal ports of `br-int` in one OVSDB")
                .append(
                        " transaction, the last two as VMs (namespaces, veths) the way os-vif plugs"
                                + " them;")
                .append(
                        " then the API is polled until every port is `ACTIVE`, and VM 1 pings VM"
                                + " 2.")
                .append(" Seconds.\n\n");
        md.append(
                "| ports | created | plugged | ACTIVE from API | ACTIVE from last plug | first ping"
                        + " from last plug | goal |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Run run : runs) {
            md.append(
                    String.format(
                            "| %d | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
                            run.ports(),
                            run.created(),
                            run.plugged(),
                            run.activeFromApi(),
                            run.activeFromPlug(),
                            Double.isNaN(run.pingFromPlug())
                                    ? "-"
                                    : String.format("%.2f", run.pingFromPlug()),
                            run.ports() == 1000
                                    ? (run.activeFromPlug() <= 10
                                            ? "≤ 10 s: met"
                                            : "≤ 10 s: missed")
                                    : ""));
        }
        md.append("\nNeutron's agent, same machine kind, same method (reference folder):\n\n");
        md.append("| ports | ACTIVE from API | ACTIVE from plug |\n| --- | --- | --- |\n");
        for (int size : List.of(1, 50, 200)) {
            double[] figures = NEUTRON.get(size);
            md.append(String.format("| %d | %.2f | %.2f |%n", size, figures[0], figures[1]));
        }
        md.append(
                "\nBare cost of what those ports need from the switch (no server, no agent):\n\n");
        md.append(
                "| ports | OVSDB transaction tagging them | flows | bundle adding them |\n"
                        + "| --- | --- | --- | --- |\n");
        ArrayNode raw = JsonNodeFactory.instance.arrayNode();
        for (Run run : runs) {
            md.append(
                    String.format(
                            "| %d | %.3f | %d | %.3f |%n",
                            run.ports(), run.bareOvsdb(), run.flows(), run.bareBundle()));
            ObjectNode figures = raw.addObject();
            figures.put("ports", run.ports());
            figures.put("created_s", run.created());
            figures.put("plugged_s", run.plugged());
            figures.put("active_from_api_s", run.activeFromApi());
            figures.put("active_from_plug_s", run.activeFromPlug());
            figures.put("first_ping_from_plug_s", run.pingFromPlug());
            figures.put("bare_ovsdb_s", run.bareOvsdb());
            figures.put("bare_bundle_s", run.bareBundle());
            figures.put("flows", run.flows());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("runs", raw);
        return new BenchReport("L2 agent: ports ACTIVE", md.toString(), json);
    }
}
