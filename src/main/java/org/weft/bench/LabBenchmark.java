package org.weft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;
import org.weft.lab.internal.LabBuilder;
import org.weft.lab.internal.ProcessSweep;
import org.weft.lab.internal.WeftLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench lab}: how long {@code weft lab up} takes for 2 and for 20 compute nodes, in its
 * phases, and the memory of what it started (RSS and PSS of every process in the lab's namespaces),
 * then {@code weft lab start} and the memory of Weft's processes, and {@code down}; with the bare
 * cost of the operations it repeats per host.
 */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description = {
            "The time weft lab up takes for 2 and 20 compute nodes (by phase), the memory of the"
                    + " processes it starts, weft lab start and down; bare costs of one namespace"
                    + " one private switch and one broker.",
            "Labs are named wb<digits>, their files under /tmp/wb<digits>, removed after."
        })
public final class LabBenchmark extends Benchmark {
    private static final double MIB = 1024.0 * 1024;
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @Option(
            names = "--compute",
            split = ",",
            defaultValue = "2,20",
            paramLabel = "N,N",
            description = "Compute node counts, one lab each (default: ${DEFAULT-VALUE}).")
    List<Integer> computeNodes;

    @Option(
            names = "--no-start",
            description = "Measure lab up and down only, without Weft's processes.")
    boolean noStart;

    @Override
    protected BenchReport measure() throws Exception {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        ArrayNode labs = figures.putArray("labs");
        List<LabRun> runs = new ArrayList<>();
        for (int count : computeNodes) {
            progress("lab with %d compute nodes: up", count);
            LabRun run = measureLab(count);
            runs.add(run);
            labs.add(run.toJson());
        }
        progress("bare costs");
        Bare bare = measureBare();
        figures.set("bare", bare.toJson());
        return new BenchReport("Lab: weft lab up", markdown(runs, bare), figures);
    }

    private LabRun measureLab(int count) throws InterruptedException {
        LabSpec spec = spec(count);
        try {
            LabBuilder.BuildTimes times =
                    new LabBuilder(spec, WeftLauncher.guideDirectory()).build();
            Lab lab = Lab.open(spec.runDirectory());
            Memory underWeft = Memory.of(processesIn(spec));
            Duration start = Duration.ZERO;
            Memory all = underWeft;
            if (!noStart) {
                progress("lab with %d compute nodes: start", count);
                Instant begin = Instant.now();
                lab.start();
                start = Duration.between(begin, Instant.now());
                // The agents have no port to wait for: they get a while to finish starting.
                Thread.sleep(SETTLE.toMillis());
                all = Memory.of(processesIn(spec));
            }
            progress("lab with %d compute nodes: down", count);
            Instant begin = Instant.now();
            lab.down();
            Duration down = Duration.between(begin, Instant.now());
            return new LabRun(count, spec.hosts().size(), times, underWeft, start, all, down);
        } finally {
            Lab.down(spec);
        }
    }

    private static LabSpec spec(int count) {
        String name = "wb" + ThreadLocalRandom.current().nextInt(10000, 100000);
        return new LabSpec(name, count, LabDatabase.EMBEDDED, Path.of("/tmp", name));
    }

    private static List<Long> processesIn(LabSpec spec) {
        List<String> namespaces = new ArrayList<>();
        namespaces.add(spec.fabricNamespace());
        spec.hosts().forEach(host -> namespaces.add(host.networkNamespace()));
        List<LabHost> hosts = spec.hosts();
        return ProcessSweep.processesIn(ProcessSweep.namespaces(namespaces, hosts));
    }

    /** One namespace made and removed, and one private switch started and stopped, alone. */
    private Bare measureBare() throws IOException {
        String name = "wb" + ThreadLocalRandom.current().nextInt(10000, 100000) + "-bare";
        int rounds = 10;
        Instant begin = Instant.now();
        for (int i = 0; i < rounds; i++) {
            org.weft.dataplane.linux.Command.of("ip", "netns", "add", name).run();
            org.weft.dataplane.linux.Command.of("ip", "-n", name, "link", "set", "lo", "up").run();
            org.weft.dataplane.linux.Command.of("ip", "netns", "delete", name).run();
        }
        Duration namespace = Duration.between(begin, Instant.now()).dividedBy(rounds);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "wb-bare-");
        org.weft.dataplane.linux.Command.of("ip", "netns", "add", name).run();
        org.weft.dataplane.linux.Command.of("ip", "-n", name, "link", "set", "lo", "up").run();
        try {
            Instant started = Instant.now();
            PrivateSwitch ovs =
                    PrivateSwitch.builder(dir.resolve("ovs"))
                            .placement(Placement.netns(name))
                            .start();
            Duration switchStart = Duration.between(started, Instant.now());
            Memory memory = Memory.of(ovs.pids());
            ovs.stop();
            Instant brokerStarted = Instant.now();
            RabbitMqServer broker =
                    RabbitMqServer.start(
                            RabbitMqServer.Settings.onLoopback(
                                            name, dir.resolve("rabbitmq"), 5672, 4369, 25672)
                                    .in(Placement.netns(name), "127.0.0.1"));
            Duration brokerStart = Duration.between(brokerStarted, Instant.now());
            broker.stop();
            return new Bare(namespace, switchStart, memory, brokerStart);
        } finally {
            org.weft.dataplane.linux.Command.of("ip", "netns", "delete", name).execute();
            org.weft.dataplane.linux.Command.of("rm", "-rf", dir.toString()).execute();
        }
    }

    private String markdown(List<LabRun> runs, Bare bare) {
        StringBuilder text = new StringBuilder();
        text.append(
                "`weft lab up` builds the guide's hosts (controller, network, N compute nodes,"
                        + " upstream) from namespaces: the named network namespaces and the"
                        + " fabric first, then each host (mount namespace, wires, addresses,"
                        + " files) followed by its services (its switch with its bridges;"
                        + " RabbitMQ on the controller), the hosts in parallel. The slowest host"
                        + " and the slowest services are the longest one host took for each."
                        + " Memory is the sum over every process in the lab's namespaces, after"
                        + " up and "
                        + SETTLE.toSeconds()
                        + " s after start; RSS counts shared pages once per process, PSS shares"
                        + " them out.\n\n");
        text.append(
                "| compute nodes | hosts | up | namespaces, fabric | hosts | slowest host |"
                        + " slowest services |"
                        + " processes | RSS | PSS | start | processes after start | RSS | PSS |"
                        + " down |\n");
        text.append("|" + " ---: |".repeat(15) + "\n");
        for (LabRun run : runs) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %s | %s | %s | %s | %s | %d | %.0f MiB | %.0f MiB | %s |"
                                    + " %d | %.0f MiB | %.0f MiB | %s |%n",
                            run.computeNodes(),
                            run.hosts(),
                            seconds(run.times().total()),
                            seconds(run.times().namespaces()),
                            seconds(run.times().hosts()),
                            seconds(run.times().slowestHost()),
                            seconds(run.times().slowestServices()),
                            run.underWeft().processes(),
                            run.underWeft().rss() / MIB,
                            run.underWeft().pss() / MIB,
                            noStart ? "-" : seconds(run.start()),
                            run.all().processes(),
                            run.all().rss() / MIB,
                            run.all().pss() / MIB,
                            seconds(run.down())));
        }
        text.append('\n');
        for (LabRun run : runs) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "- %d compute nodes, memory by program after start: %s%n",
                            run.computeNodes(),
                            run.all().byProgramText()));
        }
        text.append(
                String.format(
                        Locale.ROOT,
                        "%nBare costs on this machine: a network namespace added with its loopback"
                                + " up and deleted, %s ms; one private userspace switch started"
                                + " (ovsdb-tool create, ovsdb-server, ovs-vswitchd ready) in a"
                                + " namespace, %s ms, RSS %.0f MiB for its two daemons; one private"
                                + " RabbitMQ started in a namespace until it accepts AMQP"
                                + " connections, %s s (the lab's controller starts one).%n",
                        millis(bare.namespace()),
                        millis(bare.switchStart()),
                        bare.switchMemory().rss() / MIB,
                        seconds(bare.brokerStart()).replace(" s", "")));
        return text.toString();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
    }

    /** One lab's figures. */
    record LabRun(
            int computeNodes,
            int hosts,
            LabBuilder.BuildTimes times,
            Memory underWeft,
            Duration start,
            Memory all,
            Duration down) {

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("compute_nodes", computeNodes);
            json.put("hosts", hosts);
            json.put("up_ms", times.total().toMillis());
            json.put("namespaces_ms", times.namespaces().toMillis());
            json.put("hosts_ms", times.hosts().toMillis());
            json.put("slowest_host_ms", times.slowestHost().toMillis());
            json.put("slowest_services_ms", times.slowestServices().toMillis());
            json.set("memory_after_up", underWeft.toJson());
            json.put("start_ms", start.toMillis());
            json.set("memory_after_start", all.toJson());
            json.put("down_ms", down.toMillis());
            return json;
        }
    }

    /** Bare costs. */
    record Bare(
            Duration namespace, Duration switchStart, Memory switchMemory, Duration brokerStart) {
        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("namespace_add_delete_ms", namespace.toNanos() / 1e6);
            json.put("private_switch_start_ms", switchStart.toMillis());
            json.set("private_switch_memory", switchMemory.toJson());
            json.put("private_broker_start_ms", brokerStart.toMillis());
            return json;
        }
    }

    /** The memory of some processes: RSS and PSS in bytes, in all and by program. */
    record Memory(int processes, long rss, long pss, Map<String, long[]> byProgram) {

        static Memory of(List<Long> pids) {
            long rss = 0;
            long pss = 0;
            Map<String, long[]> byProgram = new LinkedHashMap<>();
            int counted = 0;
            for (long pid : pids) {
                long processRss =
                        kibibytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
                long processPss =
                        kibibytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
                if (processRss < 0) {
                    continue;
                }
                counted++;
                rss += processRss;
                pss += Math.max(0, processPss);
                String program = program(pid);
                long[] sums = byProgram.computeIfAbsent(program, p -> new long[3]);
                sums[0]++;
                sums[1] += processRss;
                sums[2] += Math.max(0, processPss);
            }
            return new Memory(counted, rss, pss, byProgram);
        }

        String byProgramText() {
            List<String> parts = new ArrayList<>();
            byProgram.forEach(
                    (program, sums) ->
                            parts.add(
                                    String.format(
                                            Locale.ROOT,
                                            "%s ×%d %.0f MiB RSS (%.0f PSS)",
                                            program,
                                            sums[0],
                                            sums[1] / MIB,
                                            sums[2] / MIB)));
            return String.join(", ", parts);
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("processes", processes);
            json.put("rss_bytes", rss);
            json.put("pss_bytes", pss);
            ObjectNode programs = json.putObject("by_program");
            byProgram.forEach(
                    (program, sums) -> {
                        ObjectNode entry = programs.putObject(program);
                        entry.put("processes", sums[0]);
                        entry.put("rss_bytes", sums[1]);
                        entry.put("pss_bytes", sums[2]);
                    });
            return json;
        }

        /** A field of a /proc file in kB, as bytes; -1 when the process is gone. */
        private static long kibibytes(Path file, String field) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith(field)) {
                        String value = line.substring(field.length()).replace("kB", "").strip();
                        return Long.parseLong(value) * 1024;
                    }
                }
                return 0;
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }

        private static String program(long pid) {
            try {
                String name =
                        Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
                if (name.equals("java")) {
                    String commandLine =
                            ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
                    int main = commandLine.indexOf("org.weft.cli.Main ");
                    if (main >= 0) {
                        String[] words =
                                commandLine
                                        .substring(main + "org.weft.cli.Main ".length())
                                        .split(" ");
                        return "weft "
                                + (words[0].equals("agent") && words.length > 1
                                        ? "agent " + words[1]
                                        : words[0]);
                    }
                }
                return name;
            } catch (IOException e) {
                return "?";
            }
        }
    }
}
