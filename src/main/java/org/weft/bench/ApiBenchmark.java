package org.weft.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.weft.bench.internal.ApiReport;
import org.weft.bench.internal.PhaseResult;
import org.weft.bench.internal.PortWorkload;
import org.weft.bench.internal.PortWorkload.Plan;
import org.weft.bench.internal.PortWorkload.Target;
import org.weft.bench.internal.ProcessCpu;
import org.weft.bench.internal.RecordedReference;
import org.weft.bench.internal.ReferenceNeutron;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench api}: port create at concurrency 1 and 8 and port listing, against the
 * reference Neutron server and against Weft in one run, with the ratios and the goals.
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Port create at concurrency 1 and 8, and listing 1,000 ports, against the reference"
                    + " Neutron and Weft side by side; listing 10,000 ports on Weft.",
            "The reference is reused if it answers on 127.0.0.1:9696, else started with its"
                    + " start.sh and stopped afterwards; Weft is started as a child process on"
                    + " --weft-port with a fresh data directory."
        })
public final class ApiBenchmark extends Benchmark {
    @Option(
            names = "--reference",
            paramLabel = "URL",
            description = "A running reference server to use (never stopped by this run).")
    URI reference;

    @Option(
            names = "--reference-dir",
            paramLabel = "DIR",
            description = "The reference's folder (default: ../shared/reference/neutron).")
    Path referenceDir;

    @Option(names = "--no-reference", description = "Measure Weft alone.")
    boolean noReference;

    @Option(
            names = "--weft",
            paramLabel = "URL",
            description = "A running Weft server to use instead of starting one.")
    URI weft;

    @Option(
            names = "--weft-port",
            defaultValue = "0",
            description = "Port of the Weft server this run starts (default: any free port).")
    int weftPort;

    @Option(
            names = "--weft-jvm-arg",
            paramLabel = "ARG",
            description =
                    "A JVM option for the Weft server this run starts (repeatable), e.g."
                            + " -XX:StartFlightRecording=filename=weft.jfr to profile it.")
    List<String> weftJvmArgs = new ArrayList<>();

    @Option(
            names = "--reference-ports",
            defaultValue = "200",
            description =
                    "Ports created on the reference at concurrency 1 (default: ${DEFAULT-VALUE}).")
    int referencePorts;

    @Option(
            names = "--weft-ports",
            defaultValue = "2000",
            description = "Ports created on Weft at each concurrency (default: ${DEFAULT-VALUE}).")
    int weftPorts;

    @Option(
            names = "--warmup",
            defaultValue = "3000",
            description =
                    "Ports created and deleted on Weft before measuring, for its JIT"
                            + " (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--list-size",
            defaultValue = "1000",
            description = "Ports in the list measured on both (default: ${DEFAULT-VALUE}).")
    int listSize;

    @Option(
            names = "--big-list-size",
            defaultValue = "10000",
            description = "Ports in the list measured on Weft only (default: ${DEFAULT-VALUE}).")
    int bigListSize;

    @Option(
            names = "--lists",
            defaultValue = "50",
            description = "Timed list requests per list size (default: ${DEFAULT-VALUE}).")
    int lists;

    @Override
    protected BenchReport measure() throws Exception {
        ApiReport report = new ApiReport(listSize, bigListSize);
        report.recorded(RecordedReference.read(referenceDir()));
        if (!noReference) {
            try (ReferenceNeutron neutron = reference()) {
                report.reference(neutron.base(), neutron.startedHere());
                Target target = new Target("reference", neutron.base(), neutron.cpu());
                run(target, referencePlan(), report);
            }
        }
        if (weft != null) {
            report.weft(weft, false, warmup);
            run(new Target("weft", weft, ProcessCpu.unknown()), weftPlan(), report);
            return report.build();
        }
        Path dataDir = Files.createTempDirectory("weft-bench-api-");
        try (WeftServerProcess server =
                WeftServerProcess.start(
                        weftPort, dataDir.resolve("data"), weftJvmArgs, List.of())) {
            report.weft(server.base(), true, warmup);
            Target target =
                    new Target("weft", server.base(), ProcessCpu.of(() -> List.of(server.pid())));
            run(target, weftPlan(), report);
        } finally {
            deleteTree(dataDir);
        }
        return report.build();
    }

    private Path referenceDir() {
        return referenceDir != null ? referenceDir : defaultReferenceDir();
    }

    private ReferenceNeutron reference() throws IOException {
        Path dir = referenceDir();
        if (reference != null) {
            return ReferenceNeutron.attach(reference, dir);
        }
        Path log = Files.createTempFile("weft-bench-reference-", ".log");
        progress("reference: reusing it if it answers, else starting it (log: %s)", log);
        return ReferenceNeutron.ensureRunning(dir, log);
    }

    private static Path defaultReferenceDir() {
        return WeftHome.locate().resolveSibling("shared").resolve("reference").resolve("neutron");
    }

    private Plan referencePlan() {
        return new Plan(
                0, List.of(1, 8), Map.of(1, referencePorts, 8, listSize), listSize, lists, 0);
    }

    private Plan weftPlan() {
        return new Plan(
                warmup,
                List.of(1, 8),
                Map.of(1, weftPorts, 8, weftPorts),
                listSize,
                lists,
                bigListSize);
    }

    private void run(Target target, Plan plan, ApiReport report) throws IOException {
        PortWorkload workload = new PortWorkload(target, plan, line -> progress("%s", line));
        workload.run();
        List<PhaseResult> results = new ArrayList<>(workload.results());
        report.add(target.name(), results, workload.notes());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
