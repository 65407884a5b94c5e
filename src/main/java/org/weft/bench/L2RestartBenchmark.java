package org.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.bench.internal.L2Testbed;
import org.weft.dataplane.linux.Placement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench l2-restart}: the Open vSwitch agent restarted with 1,000 wired ports, while two
 * of its VMs ping each other every 10 ms: how long until it is back to steady state (its first full
 * resync done), and how many pings were lost.
 */
@Command(
        name = "l2-restart",
        mixinStandardHelpOptions = true,
        description = {
            "An Open vSwitch agent with 1,000 wired ports restarted under a 10 ms ping between two"
                    + " of its VMs: time to steady state and packets lost (goal: 2 s, none).",
            "Runs in namespaces wl2b-* and /tmp/wl2b-bench, removed afterwards; needs root."
        })
public final class L2RestartBenchmark extends Benchmark {
    private static final Path RUN = Path.of("/tmp/wl2b-bench");
    private static final Duration LIMIT = Duration.ofSeconds(300);

    @Option(
            names = "--ports",
            defaultValue = "1000",
            description = "Wired ports when the agent restarts (default: ${DEFAULT-VALUE}).")
    int ports;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Restarts (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--api-port",
            defaultValue = "28611",
            description = "The server's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int apiPort;

    record Restart(double stopped, double steady, long sent, long received) {}

    @Override
    protected BenchReport measure() throws Exception {
        List<Restart> restarts = new ArrayList<>();
        try (L2Testbed testbed = new L2Testbed(RUN, apiPort)) {
            testbed.startAgent();
            String network = testbed.network("restart", "10.60.0.0/16");
            List<JsonNode> created = new ArrayList<>();
            progress("l2-restart: creating %d ports", ports);
            for (int i = 0; i < ports; i++) {
                created.add(testbed.port(network));
            }
            testbed.plugInternal(created.subList(0, ports - 2), 0);
            String vm = testbed.vm(0, created.get(ports - 2));
            testbed.vm(1, created.get(ports - 1));
            String peer = created.get(ports - 1).at("/fixed_ips/0/ip_address").asText();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (testbed.active(network) < ports || !testbed.ping(vm, peer, "1")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ports not wired within " + LIMIT);
                }
                Thread.sleep(100);
            }
            for (int i = 0; i < repeat; i++) {
                progress("l2-restart: restart %d of %d", i + 1, repeat);
                restarts.add(restart(testbed, vm, peer));
            }
        }
        return report(restarts);
    }

    private Restart restart(L2Testbed testbed, String vm, String peer) throws Exception {
        CompletableFuture<org.weft.dataplane.linux.Command.Result> ping =
                CompletableFuture.supplyAsync(
                        () ->
                                org.weft.dataplane.linux.Command.of(
                                                "ping", "-c", "800", "-i", "0.01", "-W", "1", peer)
                                        .in(Placement.netns(vm))
                                        .withTimeout(Duration.ofSeconds(60))
                                        .execute());
        Thread.sleep(1000);
        long start = System.nanoTime();
        testbed.stopAgent();
        long stopped = System.nanoTime();
        testbed.startAgent();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (testbed.agent().batches() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no resync within " + LIMIT);
            }
            Thread.sleep(5);
        }
        long steady = System.nanoTime();
        String summary = ping.get().stdout();
        Matcher counts =
                Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(summary);
        if (!counts.find()) {
            throw new IllegalStateException("no ping summary in " + summary);
        }
        return new Restart(
                (stopped - start) / 1e9,
                (steady - stopped) / 1e9,
                Long.parseLong(counts.group(1)),
                Long.parseLong(counts.group(2)));
    }

    private BenchReport report(List<Restart> restarts) {
        StringBuilder md = new StringBuilder();
        md.append("An agent (in this JVM, so without the start of a JVM of its own) with ")
                .append(ports)
                .append(
                        " wired ports is stopped and started again while VM 1 pings VM 2 every 10"
                                + " ms")
                .append(" (800 pings). Steady state: the new agent's first full resync (server")
                .append(
                        " details of every port, tags, flows, foreign flows) is done."
                                + " Seconds.\n\n");
        md.append(
                "| restart | stop | start to steady state | pings sent | received | lost | goal"
                        + " |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        var runs = JsonNodeFactory.instance.arrayNode();
        int n = 1;
        for (Restart restart : restarts) {
            long lost = restart.sent() - restart.received();
            md.append(
                    String.format(
                            "| %d | %.2f | %.2f | %d | %d | %d | %s |%n",
                            n++,
                            restart.stopped(),
                            restart.steady(),
                            restart.sent(),
                            restart.received(),
                            lost,
                            restart.steady() <= 2 && lost == 0
                                    ? "2 s, none lost: met"
                                    : "2 s, none lost: missed"));
            ObjectNode run = runs.addObject();
            run.put("stop_s", restart.stopped());
            run.put("start_to_steady_s", restart.steady());
            run.put("pings_sent", restart.sent());
            run.put("pings_received", restart.received());
        }
        md.append("\nNeutron's agent, same machine kind (reference folder): 50 ports, ping every")
                .append(" 200 ms, 0 lost; re-wired 11.6-13 s after its process started.\n");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("ports", ports);
        json.set("restarts", runs);
        return new BenchReport("L2 agent: restart with " + ports + " ports", md.toString(), json);
    }
}
