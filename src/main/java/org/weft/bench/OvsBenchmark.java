package org.weft.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.CookieMask;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowChange;
import org.weft.dataplane.openflow.FlowProgrammer;
import org.weft.dataplane.openflow.Match;
import org.weft.dataplane.openflow.OpenFlowChannel;
import org.weft.dataplane.openflow.OpenFlowTarget;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.dataplane.ovsdb.Condition;
import org.weft.dataplane.ovsdb.Operation;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.SwitchTransaction;
import org.weft.dataplane.ovsdb.VswitchDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench ovs}: the bare cost of Weft's Open vSwitch control layer against Open vSwitch's
 * own tools on the same private userspace switch, in one run: installing flows in one atomic bundle
 * (Weft's {@link OpenFlowChannel} and {@link FlowProgrammer} against {@code ovs-ofctl --bundle
 * add-flows} from a file), resyncing flows that are already right, and adding ports in one OVSDB
 * transaction against one {@code ovs-vsctl} call.
 */
@Command(
        name = "ovs",
        mixinStandardHelpOptions = true,
        description = {
            "Flow installs in one bundle (10,000 and 100,000 flows) and 1,000 ports in one OVSDB"
                    + " transaction: Weft's OpenFlow/OVSDB clients against ovs-ofctl and ovs-vsctl"
                    + " on the same private userspace switch.",
            "Needs root (a network namespace of its own, weft-bench-ovs) and Open vSwitch"
                    + " installed; leaves nothing behind."
        })
public final class OvsBenchmark extends Benchmark {
    /** Weft's flow-mod rate must reach this share of ovs-ofctl's (DESIGN.md §9). */
    static final double FLOW_GOAL = 0.95;

    private static final String NAMESPACE = "weft-bench-ovs";
    private static final String BRIDGE = "br-bench";
    private static final long COOKIE = 0xbe7c;

    @Option(
            names = "--flows",
            split = ",",
            defaultValue = "10000,100000",
            description = "Flow counts to install (default: ${DEFAULT-VALUE}).")
    List<Integer> flowCounts;

    @Option(
            names = "--ports",
            defaultValue = "1000",
            description = "Ports added in one transaction (default: ${DEFAULT-VALUE}).")
    int ports;

    @Option(
            names = "--warmup",
            defaultValue = "20000",
            description =
                    "Flows sent twice through each path before measuring, for the JIT (default:"
                            + " ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description =
                    "Timed runs of each measurement; the best is reported (default:"
                            + " ${DEFAULT-VALUE}).")
    int repeat;

    private PrivateSwitch ovs;
    private OpenFlowChannel channel;
    private VswitchDatabase database;

    @Override
    protected BenchReport measure() throws Exception {
        Path run = Files.createTempDirectory("weft-bench-ovs-");
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.deleteNamespace(NAMESPACE);
        root.ensureNamespace(NAMESPACE);
        try {
            ovs = PrivateSwitch.builder(run).placement(Placement.netns(NAMESPACE)).start();
            ovs.vsctl(
                    "add-br",
                    BRIDGE,
                    "--",
                    "set",
                    "Bridge",
                    BRIDGE,
                    "datapath_type=netdev",
                    "fail_mode=secure",
                    "protocols=" + PrivateSwitch.PROTOCOLS);
            channel = OpenFlowChannel.connect(OpenFlowTarget.managementSocket(run, BRIDGE));
            database = VswitchDatabase.connect(OvsdbTarget.unix(ovs.databaseSocket()));
            return report(measureFlows(run), measurePorts());
        } finally {
            close();
            root.deleteNamespace(NAMESPACE);
            deleteTree(run);
        }
    }

    private void close() {
        if (channel != null) {
            channel.close();
        }
        if (database != null) {
            database.close();
        }
        if (ovs != null) {
            ovs.stop();
        }
    }

    /**
     * One row per flow count: seconds for each way of installing them, for a resync that finds them
     * right, and for each way of removing them all one by one; best of the runs.
     */
    private record FlowRow(
            int flows,
            double ofctl,
            double bundle,
            double programmer,
            double resync,
            double ofctlRemove,
            double programmerRemove) {}

    private List<FlowRow> measureFlows(Path run) throws IOException {
        // The JIT compiles the encoding paths after some tens of thousands of flows.
        progress("warming up: %,d flows through each path, twice", warmup);
        for (int i = 0; i < 2 && warmup > 0; i++) {
            installWithBundle(flows(warmup));
            clearFlows();
            new FlowProgrammer(channel, CookieMask.exactly(COOKIE)).ensure(flows(warmup));
            clearFlows();
        }

        List<FlowRow> rows = new ArrayList<>();
        for (int count : flowCounts) {
            List<Flow> flows = flows(count);
            Path file = run.resolve("flows-" + count + ".txt");
            Files.write(file, ofctlLines(count));
            double ofctl = best(() -> timed(() -> ovsOfctlBundle(file)), this::clearFlows);
            double bundle = best(() -> timed(() -> installWithBundle(flows)), this::clearFlows);
            FlowProgrammer programmer = new FlowProgrammer(channel, CookieMask.exactly(COOKIE));
            double programmed = best(() -> timed(() -> programmer.ensure(flows)), this::clearFlows);
            programmer.ensure(flows);
            double resync = best(() -> timed(() -> programmer.ensure(flows)), () -> {});
            checkInstalled(count);
            clearFlows();

            // Removing every flow of one owner, each by its key: what an agent does when a
            // driver's or a port's flows go, against ovs-ofctl's strict deletes from a file.
            Path removals = run.resolve("removals-" + count + ".txt");
            Files.write(removals, ofctlLines(count).stream().map(this::strictDelete).toList());
            Runnable reinstall = () -> installWithBundle(flows);
            reinstall.run();
            double ofctlRemove = best(() -> timed(() -> ovsOfctlBundle(removals)), reinstall);
            clearFlows();
            reinstall.run();
            double programmerRemove =
                    best(() -> timed(() -> programmer.ensure(List.of())), reinstall);
            clearFlows();

            rows.add(
                    new FlowRow(
                            count,
                            ofctl,
                            bundle,
                            programmed,
                            resync,
                            ofctlRemove,
                            programmerRemove));
            progress(
                    "%,d flows: ovs-ofctl %.3f s, bundle %.3f s, programmer %.3f s, resync %.3f s,"
                            + " removed by ovs-ofctl %.3f s, by the programmer %.3f s",
                    count, ofctl, bundle, programmed, resync, ofctlRemove, programmerRemove);
        }
        return rows;
    }

    /** The same flows as Weft's and as ovs-ofctl's text: one per destination address. */
    private static List<Flow> flows(int count) {
        List<Flow> flows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Match match = Match.builder().ethType(0x0800).ipv4Dst(destination(i), 32).build();
            flows.add(Flow.of(0, 100, match, Action.normal()).withCookie(COOKIE));
        }
        return flows;
    }

    private static List<String> ofctlLines(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(
                    "table=0,priority=100,cookie=0x"
                            + Long.toHexString(COOKIE)
                            + ",ip,nw_dst="
                            + destination(i).getHostAddress()
                            + " actions=NORMAL");
        }
        return lines;
    }

    /** ovs-ofctl's strict delete of a flow line: its key, without cookie or actions. */
    private String strictDelete(String line) {
        String match = line.substring(0, line.indexOf(" actions="));
        return "delete_strict " + match.replaceFirst(",cookie=0x[0-9a-f]+", "");
    }

    private static InetAddress destination(int i) {
        byte[] address = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void installWithBundle(List<Flow> flows) {
        channel.applyAtomically(flows.stream().map(FlowChange::add).toList());
    }

    private void ovsOfctlBundle(Path file) {
        ovs.ofctl("-O", "OpenFlow14", "--bundle", "add-flows", BRIDGE, file.toString());
    }

    private void clearFlows() {
        ovs.ofctl("-O", "OpenFlow14", "del-flows", BRIDGE);
    }

    private void checkInstalled(int count) {
        int installed = channel.flows(CookieMask.exactly(COOKIE)).size();
        if (installed != count) {
            throw new IllegalStateException(installed + " flows installed, " + count + " wanted");
        }
    }

    /** One row of the ports measurement: seconds for each way, best of the runs. */
    private record PortRow(String what, double ovsVsctl, double weft) {}

    private List<PortRow> measurePorts() {
        progress("adding %,d patch ports in one transaction", ports);
        double vsctlWait = best(() -> timed(() -> vsctlPorts(false)), this::clearPorts);
        double weftWait =
                best(
                        () -> timed(() -> transaction().commitAndWait(Duration.ofMinutes(5))),
                        this::clearPorts);
        double vsctlNoWait = best(() -> timed(() -> vsctlPorts(true)), this::clearPorts);
        double weftNoWait = best(() -> timed(() -> transaction().commit()), this::clearPorts);
        progress(
                "ports: ovs-vsctl %.3f s, weft %.3f s (until ovs-vswitchd applied them)",
                vsctlWait, weftWait);
        return List.of(
                new PortRow("committed and applied by ovs-vswitchd", vsctlWait, weftWait),
                new PortRow("committed to the database only", vsctlNoWait, weftNoWait));
    }

    private SwitchTransaction transaction() {
        SwitchTransaction transaction = database.transaction();
        for (int i = 0; i < ports; i++) {
            transaction.addPort(BRIDGE, PortSettings.patch(portName(i), portName(i ^ 1)));
        }
        return transaction;
    }

    private void vsctlPorts(boolean noWait) {
        List<String> argv = new ArrayList<>();
        if (noWait) {
            argv.add("--no-wait");
        }
        for (int i = 0; i < ports; i++) {
            argv.addAll(
                    List.of(
                            "--",
                            "add-port",
                            BRIDGE,
                            portName(i),
                            "--",
                            "set",
                            "Interface",
                            portName(i),
                            "type=internal"));
        }
        ovs.vsctl(argv.toArray(String[]::new));
    }

    private static String portName(int i) {
        return "bp" + i;
    }

    // The bridge keeps only its local port, so its OpenFlow channel stays up between runs.
    private void clearPorts() {
        UUID localPort = database.port(BRIDGE).orElseThrow().uuid();
        database.transaction()
                .add(
                        Operation.update(
                                "Bridge",
                                List.of(Condition.equal("name", BRIDGE)),
                                Map.of("ports", Set.of(localPort))))
                .commitAndWait(Duration.ofMinutes(1));
    }

    private double best(LongSupplier timedRun, Runnable cleanup) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            best = Math.min(best, timedRun.getAsLong() / 1e9);
            cleanup.run();
        }
        return best;
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private BenchReport report(List<FlowRow> flows, List<PortRow> portRows) {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        StringBuilder text = new StringBuilder();
        text.append("Private userspace Open vSwitch (")
                .append("Open vSwitch " + database.ovsVersion().orElse("?"))
                .append(
                        ", `datapath_type=netdev`) in its own namespace; one bridge, OpenFlow 1.4"
                                + " over its management socket.")
                .append(
                        " Flows: `ip,nw_dst=10.x.y.z actions=NORMAL`, one per address, all in one"
                                + " atomic bundle;")
                .append(
                        String.format(
                                Locale.ROOT,
                                " best of %d runs, flows removed between runs.%n%n",
                                repeat));
        text.append(
                "| flows | ovs-ofctl --bundle add-flows | Weft bundle | ratio | Weft FlowProgrammer"
                        + " (dump, diff, bundle) | ratio | resync, nothing to change |\n");
        text.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        var flowFigures = figures.putArray("flows");
        for (FlowRow row : flows) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %,d | %s | %s | %.2f | %s | %.2f | %.3f s |%n",
                            row.flows(),
                            rate(row.flows(), row.ofctl()),
                            rate(row.flows(), row.bundle()),
                            row.ofctl() / row.bundle(),
                            rate(row.flows(), row.programmer()),
                            row.ofctl() / row.programmer(),
                            row.resync()));
            flowFigures
                    .addObject()
                    .put("flows", row.flows())
                    .put("ovs_ofctl_seconds", row.ofctl())
                    .put("weft_bundle_seconds", row.bundle())
                    .put("weft_programmer_seconds", row.programmer())
                    .put("weft_resync_seconds", row.resync())
                    .put("ovs_ofctl_remove_seconds", row.ofctlRemove())
                    .put("weft_programmer_remove_seconds", row.programmerRemove());
        }
        double worst =
                flows.stream().mapToDouble(row -> row.ofctl() / row.bundle()).min().orElse(0);
        double worstProgrammer =
                flows.stream().mapToDouble(row -> row.ofctl() / row.programmer()).min().orElse(0);
        text.append(
                String.format(
                        Locale.ROOT,
                        "%nGoal: flow-mods through Weft's OpenFlow channel at least %.0f %% of"
                                + " ovs-ofctl's rate: %s (lowest ratio %.2f). The FlowProgrammer,"
                                + " which also reads the bridge's flows and compares, reached %.2f"
                                + " at its lowest.%n%n",
                        FLOW_GOAL * 100,
                        worst >= FLOW_GOAL ? "met" : "not met",
                        worst,
                        worstProgrammer));
        text.append(
                "Removing them all, each by its key (strict deletes, one bundle), the flows all"
                        + " sharing one cookie as an owner's do:\n\n"
                        + "| flows | ovs-ofctl --bundle add-flows of delete_strict lines |"
                        + " Weft FlowProgrammer (dump, diff, bundle) | ratio |\n"
                        + "| ---: | ---: | ---: | ---: |\n");
        for (FlowRow row : flows) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %,d | %s | %s | %.2f |%n",
                            row.flows(),
                            rate(row.flows(), row.ofctlRemove()),
                            rate(row.flows(), row.programmerRemove()),
                            row.ofctlRemove() / row.programmerRemove()));
        }
        text.append('\n');
        text.append(
                String.format(
                        Locale.ROOT,
                        "%,d ports added to the bridge in one transaction: patch ports in pairs, so"
                                + " that the figures are Open vSwitch's configuration work, not the"
                                + " kernel's making of tap devices:%n%n",
                        ports));
        text.append(
                "| | ovs-vsctl (one call) | Weft (one OVSDB transaction) | ratio |\n"
                        + "| --- | ---: | ---: | ---: |\n");
        var portFigures = figures.putArray("ports");
        for (PortRow row : portRows) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.3f s | %.3f s | %.2f |%n",
                            row.what(),
                            row.ovsVsctl(),
                            row.weft(),
                            row.ovsVsctl() / row.weft()));
            portFigures
                    .addObject()
                    .put("what", row.what())
                    .put("ports", ports)
                    .put("ovs_vsctl_seconds", row.ovsVsctl())
                    .put("weft_seconds", row.weft());
        }
        text.append("\nRatios are the peer's time over Weft's: above 1, Weft is faster.\n");
        return new BenchReport("Open vSwitch control: flows and ports", text.toString(), figures);
    }

    private static String rate(int flows, double seconds) {
        return String.format(Locale.ROOT, "%.3f s (%,.0f/s)", seconds, flows / seconds);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
