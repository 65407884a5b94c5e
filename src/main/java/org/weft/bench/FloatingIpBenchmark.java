package org.weft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.weft.agent.l3.FloatingIp;
import org.weft.agent.l3.PortAddress;
import org.weft.agent.l3.Router;
import org.weft.agent.l3.RouterDriver;
import org.weft.agent.l3.RouterGateway;
import org.weft.agent.l3.RouterId;
import org.weft.agent.l3.RouterInterface;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.linux.VethPairDriver;
import picocli.CommandLine.Option;

/**
 * The floating IP benchmark: one router whose floating IPs are applied by the l3 agent's router
 * driver until every one answers a ping from an upstream namespace, next to the bare cost of the
 * operations it is made of (a namespace, addresses, one {@code iptables-restore}).
 *
 * <p>Two ways of applying them: all in one change (an agent resynchronising), and one change per
 * floating IP (the API creating them one by one, each a router update). The router's interface,
 * gateway and the VM side are plain namespaces joined by Linux bridges in a "wire" namespace: the
 * figures are the agent's and the kernel's, not a switch's. The VM side is one namespace holding
 * every fixed IP.
 *
 * <p>Everything it makes is named {@code wbench-…} (router ids {@code bb00…}) and removed
 * afterwards, leftovers of an interrupted run first.
 */
@picocli.CommandLine.Command(
        name = "floating-ips",
        mixinStandardHelpOptions = true,
        description = {
            "A router's floating IPs applied by the l3 agent's router driver until each answers a"
                    + " ping from upstream, all in one change and one change each, next to the"
                    + " bare namespace, address and iptables-restore operations.",
            "Runs as root in namespaces named wbench-* (routers qrouter-bb00*), removed afterwards."
        })
public final class FloatingIpBenchmark extends Benchmark {
    private static final String TENANT_BRIDGE = "tenant";
    private static final String EXTERNAL_BRIDGE = "br-ex";

    /** What one run measured, in milliseconds. */
    public record Figures(
            int floatingIps,
            double routerMillis,
            double allAtOnceEnsureMillis,
            double allAtOnceAnsweringMillis,
            double oneByOneTotalMillis,
            double oneByOneP50Millis,
            double oneByOneMaxMillis,
            double oneByOneAnsweringMillis,
            double bareNamespaceMillis,
            double bareAddressEachMillis,
            double bareAddressBatchMillis,
            double bareIptablesRestoreMillis,
            double bareProcessMillis) {}

    @Option(
            names = "--floating-ips",
            defaultValue = "100",
            paramLabel = "N",
            description = "How many floating IPs (1 to 250; default: ${DEFAULT-VALUE}).")
    int count;

    private Path runDirectory;
    private Consumer<String> progress;
    private String prefix = "wbench-";
    private String routerMark = "bb000";
    private final IpRoute2 root = IpRoute2.in(Placement.here());

    /** For {@code weft bench}, which sets the options. */
    public FloatingIpBenchmark() {}

    /**
     * A run of {@code count} floating IPs with its files under {@code runDirectory}; {@code tag}
     * (five hex digits) goes into every name, so that runs in parallel (tests) never meet.
     */
    public FloatingIpBenchmark(
            int count, Path runDirectory, Consumer<String> progress, String tag) {
        if (!tag.matches("[0-9a-f]{5}")) {
            throw new IllegalArgumentException("tag must be five hex digits: " + tag);
        }
        this.count = count;
        this.runDirectory = runDirectory;
        this.progress = progress;
        this.prefix = "wbench-" + tag + "-";
        this.routerMark = "b" + tag.substring(0, 4);
    }

    @Override
    protected BenchReport measure() throws Exception {
        runDirectory = Files.createTempDirectory("wbench-l3-");
        progress = line -> progress("%s", line);
        Figures figures = run();
        return new BenchReport(
                "A router's " + count + " floating IPs (l3 agent router driver)",
                markdown(figures),
                new ObjectMapper().valueToTree(figures));
    }

    /** Builds the namespaces, measures, and removes everything it made. */
    public Figures run() throws InterruptedException {
        if (count < 1 || count > 250) {
            throw new IllegalArgumentException("floating IPs must be 1 to 250: " + count);
        }
        removeLeftovers();
        try {
            buildNetwork();
            return measureAll();
        } finally {
            removeLeftovers();
            deleteRecursively(runDirectory);
        }
    }

    private Figures measureAll() throws InterruptedException {
        progress.accept("bare operations");
        double namespace = bareNamespace();
        double process = millis(() -> Command.of("true").in(Placement.netns(scratch())).run());
        double addressEach = bareAddressesOneByOne();
        double addressBatch = bareAddressesInOneBatch();
        double iptables = bareIptablesRestore();

        RouterDriver driver = new RouterDriver(Placement.here(), wireDriver(), settings());
        Router router = router(new RouterId(routerMark + "0001-0000-4000-8000-000000000001"));
        progress.accept("router without floating IPs");
        double routerMillis = millis(() -> driver.ensure(router));

        progress.accept(count + " floating IPs in one change");
        Router full = withFloatingIps(router, count);
        long start = System.nanoTime();
        driver.ensure(full);
        double ensure = since(start);
        awaitAnswers(addresses(count));
        double allAnswering = since(start);

        driver.ensure(router);
        awaitSilence(addresses(count));
        progress.accept(count + " floating IPs one change each");
        List<Double> each = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 1; i <= count; i++) {
            Router next = withFloatingIps(router, i);
            each.add(millis(() -> driver.ensure(next)));
        }
        double oneByOneTotal = since(start);
        awaitAnswers(addresses(count));
        double oneByOneAnswering = since(start);
        driver.remove(router.id());

        List<Double> sorted = each.stream().sorted().toList();
        return new Figures(
                count,
                routerMillis,
                ensure,
                allAnswering,
                oneByOneTotal,
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1),
                oneByOneAnswering,
                namespace,
                addressEach,
                addressBatch,
                iptables,
                process);
    }

    /** The report's Markdown table. */
    public static String markdown(Figures figures) {
        int n = figures.floatingIps();
        return String.join(
                        "\n",
                        "| what | time |",
                        "| --- | ---: |",
                        row(
                                "router namespace with interface, gateway, SNAT, no floating IP",
                                figures.routerMillis()),
                        row(
                                n + " floating IPs in one change: ensure returns",
                                figures.allAtOnceEnsureMillis()),
                        row(
                                n
                                        + " floating IPs in one change: all "
                                        + n
                                        + " answer from upstream",
                                figures.allAtOnceAnsweringMillis()),
                        row(
                                n + " floating IPs one change each: all changes",
                                figures.oneByOneTotalMillis()),
                        row("one change of one floating IP, median", figures.oneByOneP50Millis()),
                        row("one change of one floating IP, slowest", figures.oneByOneMaxMillis()),
                        row(
                                n + " floating IPs one change each: all " + n + " answer",
                                figures.oneByOneAnsweringMillis()),
                        row(
                                "bare: one process in a namespace (`ip netns exec … true`)",
                                figures.bareProcessMillis()),
                        row("bare: create and delete a namespace", figures.bareNamespaceMillis()),
                        row(
                                "bare: " + n + " addresses, one `ip addr add` each",
                                figures.bareAddressEachMillis()),
                        row(
                                "bare: " + n + " addresses in one `ip -batch`",
                                figures.bareAddressBatchMillis()),
                        row(
                                "bare: one `iptables-restore` of " + n + " DNAT/SNAT pairs",
                                figures.bareIptablesRestoreMillis()))
                + "\n";
    }

    private static String row(String what, double millis) {
        return "| " + what + " | " + String.format("%.1f ms", millis) + " |";
    }

    private String wireNamespace() {
        return prefix + "wire";
    }

    private String upstream() {
        return prefix + "up";
    }

    private String vms() {
        return prefix + "vms";
    }

    private String scratch() {
        return prefix + "scratch";
    }

    private void buildNetwork() {
        for (String namespace : List.of(wireNamespace(), upstream(), vms(), scratch())) {
            root.ensureNamespace(namespace);
        }
        wire("link", "add", TENANT_BRIDGE, "type", "bridge");
        wire("link", "set", TENANT_BRIDGE, "up");
        wire("link", "add", EXTERNAL_BRIDGE, "type", "bridge");
        wire("link", "set", EXTERNAL_BRIDGE, "up");
        attach(upstream(), EXTERNAL_BRIDGE, List.of("192.168.100.1/24"), null);
        List<String> fixed = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            fixed.add(fixedAddress(i) + "/16");
        }
        attach(vms(), TENANT_BRIDGE, fixed, "10.0.0.1");
    }

    private InterfaceDriver wireDriver() {
        VethPairDriver veth = new VethPairDriver(Placement.here(), wireNamespace());
        return new InterfaceDriver() {
            @Override
            public void plug(PluggedDevice device) {
                veth.plug(device);
                String bridge = device.name().startsWith("qg-") ? EXTERNAL_BRIDGE : TENANT_BRIDGE;
                wire("link", "set", device.bridgeSideName(), "master", bridge);
            }

            @Override
            public void unplug(PluggedDevice device) {
                veth.unplug(device);
            }
        };
    }

    private RouterDriver.Settings settings() {
        return new RouterDriver.Settings(
                "br-int",
                EXTERNAL_BRIDGE,
                OptionalInt.empty(),
                1,
                runDirectory.resolve("routers"),
                runDirectory.resolve("metadata_proxy"));
    }

    private Router router(RouterId id) {
        RouterInterface tenant =
                new RouterInterface(
                        routerMark + "0002-0000-4000-8000-000000000002",
                        "tenant",
                        "fa:16:3e:bb:00:02",
                        1500,
                        List.of(PortAddress.of("10.0.0.1", "10.0.0.0/16", "10.0.0.1")));
        RouterGateway gateway =
                new RouterGateway(
                        routerMark + "0003-0000-4000-8000-000000000003",
                        "external",
                        "fa:16:3e:bb:00:03",
                        1500,
                        List.of(
                                PortAddress.of(
                                        "192.168.100.2", "192.168.100.0/24", "192.168.100.1")),
                        true);
        return new Router(
                id, "bench", true, Optional.of(gateway), List.of(tenant), List.of(), List.of());
    }

    private static Router withFloatingIps(Router router, int count) {
        Router result = router;
        for (int i = 1; i <= count; i++) {
            result =
                    result.withFloatingIp(
                            new FloatingIp("fip-" + i, floatingAddress(i), fixedAddress(i)));
        }
        return result;
    }

    private static String floatingAddress(int i) {
        return "192.168.100." + (i + 2);
    }

    private static String fixedAddress(int i) {
        return "10.0." + (1 + i / 250) + "." + (i % 250 + 1);
    }

    private static List<String> addresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            addresses.add(floatingAddress(i));
        }
        return addresses;
    }

    /** Pings every address from upstream, again and again, until all have answered once. */
    private void awaitAnswers(List<String> addresses) throws InterruptedException {
        Set<String> waiting = new HashSet<>(addresses);
        long limit = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("floating IPs never answered: " + waiting);
            }
            waiting.removeAll(answering(waiting));
        }
    }

    private void awaitSilence(List<String> addresses) throws InterruptedException {
        long limit = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answering(new HashSet<>(addresses)).isEmpty()) {
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("floating IPs still answer after their removal");
            }
            Thread.sleep(100);
        }
    }

    private Set<String> answering(Set<String> addresses) {
        String script =
                "for a in "
                        + String.join(" ", addresses)
                        + "; do (ping -n -c 1 -W 1 $a >/dev/null 2>&1 && echo $a) & done; wait";
        String out = Command.of("sh", "-c", script).in(Placement.netns(upstream())).run();
        Set<String> answered = new HashSet<>(Arrays.asList(out.strip().split("\\s+")));
        answered.remove("");
        return answered;
    }

    private double bareNamespace() {
        return millis(
                () -> {
                    root.ensureNamespace(prefix + "bare");
                    root.deleteNamespace(prefix + "bare");
                });
    }

    private double bareAddressesOneByOne() {
        prepareScratchDevice();
        IpRoute2 scratch = IpRoute2.in(Placement.netns(scratch()));
        return millis(
                () -> {
                    for (int i = 1; i <= count; i++) {
                        Command.of("ip", "addr", "add", floatingAddress(i) + "/32", "dev", "sx0")
                                .in(scratch.placement())
                                .run();
                    }
                });
    }

    private double bareAddressesInOneBatch() {
        prepareScratchDevice();
        List<String> commands = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            commands.add("addr add " + floatingAddress(i) + "/32 dev sx0");
        }
        return millis(() -> IpRoute2.in(Placement.netns(scratch())).batch(commands));
    }

    private double bareIptablesRestore() {
        StringBuilder nat =
                new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n");
        nat.append(":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
        for (int i = 1; i <= count; i++) {
            nat.append("-A PREROUTING -d ")
                    .append(floatingAddress(i))
                    .append("/32 -j DNAT --to-destination ")
                    .append(fixedAddress(i))
                    .append('\n');
            nat.append("-A POSTROUTING -s ")
                    .append(fixedAddress(i))
                    .append("/32 -j SNAT --to-source ")
                    .append(floatingAddress(i))
                    .append('\n');
        }
        nat.append("COMMIT\n");
        String tables = nat.toString();
        return millis(
                () ->
                        Command.of("iptables-restore")
                                .in(Placement.netns(scratch()))
                                .withInput(tables)
                                .run());
    }

    private void prepareScratchDevice() {
        IpRoute2 scratch = IpRoute2.in(Placement.netns(scratch()));
        scratch.deleteLink("sx0");
        scratch.ensureVeth("sx0", "sx1");
    }

    private void attach(String namespace, String bridge, List<String> addresses, String gateway) {
        String wireSide = "w-" + namespace.substring(prefix.length());
        wire("link", "add", wireSide, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        wire("link", "set", wireSide, "master", bridge, "up");
        IpRoute2 inside = IpRoute2.in(Placement.netns(namespace));
        List<String> commands = new ArrayList<>();
        addresses.forEach(address -> commands.add("addr add " + address + " dev eth0"));
        commands.add("link set eth0 up");
        inside.batch(commands);
        if (gateway != null) {
            inside.replaceRoute("default", gateway, "eth0");
        }
    }

    private void wire(String... argv) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(argv));
        Command.of(command).in(Placement.netns(wireNamespace())).run();
    }

    private void removeLeftovers() {
        for (String namespace : root.namespaces()) {
            if (namespace.startsWith(prefix) || namespace.startsWith("qrouter-" + routerMark)) {
                root.deleteNamespace(namespace);
            }
        }
    }

    private static double millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return since(start);
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
