package org.weft.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench NAME}: runs one named benchmark and records its results; {@code weft bench
 * --list} (or no name) lists them. Each benchmark is a subcommand class extending {@link
 * Benchmark}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a named benchmark and records its results, with the command and the machine,"
                    + " in bench/RESULTS.md (raw figures in bench/results/NAME.json).",
            "Benchmarks measure; they pass or fail nothing."
        },
        subcommands = {
            ApiBenchmark.class,
            BackendsBenchmark.class,
            BusBenchmark.class,
            DemoBenchmark.class,
            DemoGuideBenchmark.class,
            FirewallBenchmark.class,
            FloatingIpBenchmark.class,
            LabBenchmark.class,
            DhcpLeaseBenchmark.class,
            OvsBenchmark.class,
            L2PortsBenchmark.class,
            L2RestartBenchmark.class,
            L2ThroughputBenchmark.class
        })
public final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--list", description = "List the benchmarks and what each measures.")
    boolean list;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("benchmarks (run one with: weft bench NAME; options: weft bench NAME --help):");
        for (CommandLine benchmark : spec.commandLine().getSubcommands().values()) {
            String[] description = benchmark.getCommandSpec().usageMessage().description();
            // Descriptions are picocli format strings, as its help prints them: "%%" is a percent.
            out.printf(
                    "  %-12s %s%n",
                    benchmark.getCommandName(),
                    description.length > 0 ? String.format(description[0]) : "");
        }
        out.flush();
    }
}
