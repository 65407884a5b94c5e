package org.weft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.weft.agent.dhcp.DhcpAgent;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;
import org.weft.agent.dhcp.MetadataProxies;
import org.weft.bench.internal.DhcpTestbed;
import org.weft.bench.internal.Percentiles;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench dhcp-lease}: from ports known to the DHCP agent to VMs holding their leases,
 * for 1 and 100 ports, at the driver level: the agent, dnsmasq, namespaces and busybox udhcpc in VM
 * namespaces on a Linux bridge; no server, bus or switch.
 */
@Command(
        name = "dhcp-lease",
        mixinStandardHelpOptions = true,
        description = {
            "Time from ports handed to the DHCP agent to their VMs holding leases (agent, dnsmasq,"
                    + " udhcpc in namespaces; no server, bus or switch), for 1 and 100 ports.",
            "Runs in namespaces named wdhcp-b-* and /tmp/wdhcp-bench, removed afterwards; needs"
                    + " root, dnsmasq and busybox."
        })
public final class DhcpLeaseBenchmark extends Benchmark {
    private static final String PREFIX = "wdhcp-b";
    private static final String NETWORK = PREFIX + "-net";
    private static final Path RUN = Path.of("/tmp/wdhcp-bench");
    private static final Duration LEASE_LIMIT = Duration.ofSeconds(90);

    @Option(
            names = "--sizes",
            defaultValue = "1,100",
            split = ",",
            description = "How many ports each run hands over at once (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Runs of each size (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--from-api",
            description =
                    "Also time from the API's port create to the lease: a Weft server in this"
                            + " process (embedded database, HTTP on loopback) and the in-process"
                            + " bus in front of the same agent; still no switch or L2 agent.")
    boolean fromApi;

    /**
     * One run: seconds from t0 (the hand-over, or the first POST), per port where it applies;
     * {@code agentDone} is when the agent was idle (driver level) or the last POST returned (API).
     */
    record Run(
            String path,
            int ports,
            double agentDone,
            double[] inHostsFile,
            double[] leases,
            int failed) {}

    @Override
    protected BenchReport measure() throws Exception {
        List<Run> runs = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try (DhcpTestbed testbed = new DhcpTestbed(PREFIX, RUN)) {
            testbed.create();
            DhcpAgent agent = startAgent(testbed);
            int next = 1;
            try {
                for (int size : sizes) {
                    for (int i = 0; i < repeat; i++) {
                        progress("dhcp-lease: %d port(s), run %d of %d", size, i + 1, repeat);
                        runs.add(run(testbed, agent, next, size));
                        next += size;
                    }
                }
                for (int i = 0; i < repeat; i++) {
                    bare.add(bareExchange(testbed, agent, next++));
                }
            } finally {
                agent.close();
            }
            if (fromApi) {
                try (ApiPath api = ApiPath.start(testbed, RUN)) {
                    for (int size : sizes) {
                        for (int i = 0; i < repeat; i++) {
                            progress(
                                    "dhcp-lease from the API: %d port(s), run %d of %d",
                                    size, i + 1, repeat);
                            runs.add(api.run(size, next));
                            next += size;
                        }
                    }
                }
            }
        }
        return report(runs, bare);
    }

    private static DhcpAgent startAgent(DhcpTestbed testbed) throws InterruptedException {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\nstate_path = "
                                + RUN.resolve("state")
                                + "\nhost = "
                                + PREFIX
                                + "\n");
        DhcpNetwork network =
                new DhcpNetwork(
                        NETWORK,
                        "bench",
                        1450,
                        List.of(DhcpSubnet.ipv4("s1", NETWORK, "10.50.0.0/20", "10.50.0.1")),
                        List.of());
        DhcpPort dhcpPort =
                new DhcpPort(
                        "0b0b0b0b-0000-4000-8000-000000000002",
                        NETWORK,
                        "fa:16:3e:b0:00:02",
                        DhcpPort.OWNER_DHCP,
                        "",
                        List.of(new FixedIp("s1", "10.50.0.2")));
        DhcpAgent agent =
                DhcpAgent.create(
                        config,
                        Placement.here(),
                        testbed.interfaces(),
                        new DhcpTestbed.StaticSource(network, dhcpPort),
                        MetadataProxies.none());
        agent.start();
        agent.awaitIdle(Duration.ofSeconds(60));
        return agent;
    }

    /**
     * Wires {@code size} VMs (not timed), then hands their ports to the agent and starts their DHCP
     * clients at once, as the reference's harness starts them right after wiring.
     */
    private Run run(DhcpTestbed testbed, DhcpAgent agent, int first, int size) throws Exception {
        List<DhcpPort> ports = new ArrayList<>();
        List<String> vms = new ArrayList<>();
        for (int index = first; index < first + size; index++) {
            DhcpPort port = vmPort(index);
            ports.add(port);
            vms.add(testbed.createVm(index, port.macAddress()));
        }
        Path hostsFile = RUN.resolve("state/dhcp").resolve(NETWORK).resolve("host");

        long start = System.nanoTime();
        ports.forEach(agent::portChanged);
        List<CompletableFuture<Double>> leases = new ArrayList<>();
        for (String vm : vms) {
            leases.add(
                    testbed.requestLease(vm, (int) LEASE_LIMIT.toSeconds())
                            .thenApply(got -> got ? seconds(start) : Double.NaN));
        }
        agent.awaitIdle(LEASE_LIMIT);
        double agentDone = seconds(start);
        double[] inHosts = watchHostsFile(hostsFile, ports, start);
        double[] leased = new double[size];
        int failed = 0;
        for (int i = 0; i < size; i++) {
            leased[i] = leases.get(i).get(LEASE_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
            if (Double.isNaN(leased[i])) {
                failed++;
            }
        }

        ports.forEach(port -> agent.portDeleted(port.id()));
        agent.awaitIdle(LEASE_LIMIT);
        testbed.removeVms();
        return new Run(
                "driver",
                size,
                agentDone,
                inHosts,
                Arrays.stream(leased).filter(t -> !Double.isNaN(t)).toArray(),
                failed);
    }

    /** One DHCP exchange with the port already served: the client's and dnsmasq's own cost. */
    private static double bareExchange(DhcpTestbed testbed, DhcpAgent agent, int index)
            throws Exception {
        DhcpPort port = vmPort(index);
        String vm = testbed.createVm(index, port.macAddress());
        agent.portChanged(port);
        agent.awaitIdle(LEASE_LIMIT);
        long start = System.nanoTime();
        boolean got = testbed.requestLease(vm, 10).get(30, TimeUnit.SECONDS);
        double took = seconds(start);
        agent.portDeleted(port.id());
        agent.awaitIdle(LEASE_LIMIT);
        testbed.removeVms();
        return got ? took : Double.NaN;
    }

    /** When each port's MAC was first seen in dnsmasq's hosts file, polled every 10 ms. */
    static double[] watchHostsFile(Path hostsFile, List<DhcpPort> ports, long start)
            throws Exception {
        Map<String, Double> seen = new HashMap<>();
        long deadline = System.nanoTime() + LEASE_LIMIT.toNanos();
        while (seen.size() < ports.size() && System.nanoTime() < deadline) {
            String text = Files.exists(hostsFile) ? Files.readString(hostsFile) : "";
            double now = seconds(start);
            for (DhcpPort port : ports) {
                if (text.contains(port.macAddress())) {
                    seen.putIfAbsent(port.id(), now);
                }
            }
            Thread.sleep(10);
        }
        return seen.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    static DhcpPort vmPort(int index) {
        String mac = String.format(Locale.ROOT, "fa:16:3e:b1:%02x:%02x", index >> 8, index & 255);
        String address = "10.50." + (1 + index / 250) + "." + (index % 250 + 2);
        String id = String.format(Locale.ROOT, "0b0b0b0b-0000-4000-8001-%012d", index);
        return new DhcpPort(
                id,
                NETWORK,
                mac,
                "compute:nova",
                "vm-" + index,
                List.of(new FixedIp("s1", address)));
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private BenchReport report(List<Run> runs, List<Double> bare) {
        StringBuilder md = new StringBuilder();
        md.append(
                        "`driver` rows: from ports handed to the DHCP agent (`portChanged`, as the"
                                + " bus delivers")
                .append(" them) to their VMs holding leases, at the driver level: the agent,")
                .append(" dnsmasq in its namespace, busybox udhcpc in VM namespaces on a Linux")
                .append(" bridge; no server, bus or switch. The VMs are wired before t0 and their")
                .append(" clients start right after it (`udhcpc -f -q -n -t 90 -T 1`, a DISCOVER")
                .append(" a second, as the reference's harness runs it). Seconds since t0.\n\n");
        md.append("| path | ports | agent idle (driver) / last POST returned (API) |")
                .append(
                        " MAC in dnsmasq hosts file (all) | lease first / median / all | failed"
                                + " |\n")
                .append("|---|---|---|---|---|---|\n");
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (Run run : runs) {
            Percentiles leases = new Percentiles(run.leases());
            Percentiles hosts = new Percentiles(run.inHostsFile());
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.3f | %.3f | %.2f / %.2f / %.2f | %d |%n",
                            run.path(),
                            run.ports(),
                            run.agentDone(),
                            hosts.count() == 0 ? Double.NaN : hosts.max(),
                            leases.count() == 0 ? Double.NaN : leases.at(0),
                            leases.count() == 0 ? Double.NaN : leases.at(50),
                            leases.count() == 0 ? Double.NaN : leases.max(),
                            run.failed()));
            ObjectNode entry = json.addObject();
            entry.put("path", run.path());
            entry.put("ports", run.ports());
            entry.put("agent_done_s", run.agentDone());
            entry.put("hosts_file_all_s", hosts.count() == 0 ? null : hosts.max());
            entry.put("lease_first_s", leases.count() == 0 ? null : leases.at(0));
            entry.put("lease_median_s", leases.count() == 0 ? null : leases.at(50));
            entry.put("lease_all_s", leases.count() == 0 ? null : leases.max());
            entry.put("failed", run.failed());
        }
        double[] bareTimes =
                bare.stream()
                        .mapToDouble(Double::doubleValue)
                        .filter(t -> !Double.isNaN(t))
                        .toArray();
        Percentiles bareExchange = new Percentiles(bareTimes);
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nBare cost: one DHCP exchange with the port already served takes %.3f s"
                                + " (median of %d; udhcpc start, DISCOVER, OFFER, REQUEST, ACK).%n",
                        bareExchange.count() == 0 ? Double.NaN : bareExchange.at(50),
                        bareExchange.count()));
        md.append("\nReference, not measured in this run: Neutron's DHCP agent from the API call")
                .append(" to the lease, 1 port 1.48–2.48 s, 20 ports 6.3–6.9 s")
                .append(" (`shared/reference/neutron-agents/RESULTS.md` §2). Weft's figures here")
                .append(" cover no L2 agent or switch (the VMs are wired before t0 and reach")
                .append(" dnsmasq over a Linux bridge); the `api` rows start at the first of N")
                .append(" sequential port POSTs to a Weft server in the same process (Weft has no")
                .append(" bulk create yet), with the in-process bus. The same measure through")
                .append(" the lab's switches and L2 agent waits for `weft agent ovs`.\n");
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.set("runs", json);
        figures.put(
                "bare_exchange_median_s", bareExchange.count() == 0 ? null : bareExchange.at(50));
        return new BenchReport(
                "DHCP: ports known to the agent, or created through the API, to leases",
                md.toString(),
                figures);
    }
}
