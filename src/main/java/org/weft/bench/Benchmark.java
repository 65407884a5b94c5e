package org.weft.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.weft.cli.ConfigFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One named benchmark of {@code weft bench}. A new benchmark is one class: extend this, annotate it
 * {@code @Command(name = "NAME", description = "...")}, add its own {@code @Option}s, implement
 * {@link #measure()}, and list the class in {@link BenchCommand}'s subcommands. Everything else is
 * done here: the machine is described, the exact command and the date are kept, the report is
 * printed and its section of {@code bench/RESULTS.md} (and {@code bench/results/NAME.json}) is
 * replaced.
 */
public abstract class Benchmark implements Callable<Integer> {
    @Mixin ConfigFiles configFiles;

    @Spec CommandSpec spec;

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description =
                    "Where RESULTS.md and results/ are written (default: bench/ of this Weft"
                            + " checkout).")
    Path resultsDir;

    @Option(
            names = "--no-record",
            description = "Print the report without writing it to the results file.")
    boolean noRecord;

    /** Runs the benchmark; what it returns is printed and recorded. */
    protected abstract BenchReport measure() throws Exception;

    /** Progress for the person watching, on standard error so the report stays clean. */
    protected void progress(String format, Object... args) {
        spec.commandLine().getErr().printf(format + "%n", args);
        spec.commandLine().getErr().flush();
    }

    @Override
    public final Integer call() throws Exception {
        configFiles.load("weft-bench");
        Machine machine = Machine.describe();
        Instant started = Instant.now();
        BenchReport report = measure();
        Duration took = Duration.between(started, Instant.now());
        spec.commandLine().getOut().println(report.markdown());
        if (!noRecord) {
            ResultsFile results = new ResultsFile(resultsDir());
            results.record(
                    new BenchRun(
                            spec.name(),
                            command(),
                            started,
                            took,
                            machine,
                            Machine.loadAverageNow(),
                            report));
            progress(
                    "recorded in %s and %s", results.markdownFile(), results.jsonFile(spec.name()));
        }
        return 0;
    }

    private Path resultsDir() {
        return resultsDir != null ? resultsDir : WeftHome.locate().resolve("bench");
    }

    /** The command as typed, for the results file. */
    private String command() {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        return "./weft "
                + args.stream().map(Benchmark::shellQuoted).collect(Collectors.joining(" "));
    }

    private static String shellQuoted(String arg) {
        if (arg.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
