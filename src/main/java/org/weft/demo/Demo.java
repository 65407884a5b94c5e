package org.weft.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.weft.lab.Lab;
import org.weft.lab.LabSpec;

/**
 * The whole demo: the lab up and started, the scenario, the table of steps, and the lab taken down
 * again unless it is to be kept — also when a step fails or the run is interrupted.
 */
public final class Demo {
    private final LabSpec spec;
    private final boolean keep;
    private final PrintStream out;
    private Map<String, Duration> readyAfterPortCreated = Map.of();

    public Demo(LabSpec spec, boolean keep, PrintStream out) {
        this.spec = spec;
        this.keep = keep;
        this.out = out;
    }

    /** Runs the demo and returns its steps, the lab's own first. */
    public List<Step> run() {
        List<Step> steps = new ArrayList<>();
        Lab lab = null;
        Thread teardownOnInterrupt = new Thread(() -> Lab.down(spec), "weft-demo-teardown");
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(teardownOnInterrupt);
        }
        try {
            out.println("weft demo: the install guide's cloud on lab '" + spec.name() + "'");
            Instant start = Instant.now();
            lab = Lab.up(spec);
            steps.add(
                    Step.passed(
                            "lab up: hosts, switches, broker, guide's files",
                            Duration.between(start, Instant.now()),
                            spec.runDirectory().toString()));
            print(steps.get(steps.size() - 1));

            start = Instant.now();
            lab.start();
            steps.add(
                    Step.passed(
                            "lab start: server and agents on their hosts",
                            Duration.between(start, Instant.now()),
                            "logs under " + spec.runDirectory()));
            print(steps.get(steps.size() - 1));

            DemoScenario scenario = new DemoScenario(lab, out);
            steps.addAll(scenario.run());
            readyAfterPortCreated = scenario.readyAfterPortCreated();
        } catch (RuntimeException e) {
            steps.add(Step.failed("lab", Duration.ZERO, e.getMessage()));
            print(steps.get(steps.size() - 1));
        } finally {
            if (!keep) {
                if (steps.stream().anyMatch(step -> !step.passed())) {
                    keepLogs();
                }
                if (lab != null) {
                    lab.down();
                }
                Runtime.getRuntime().removeShutdownHook(teardownOnInterrupt);
            }
        }
        return steps;
    }

    /**
     * For each VM of the last run, the time from its port's creation to the VM holding its lease
     * and answering a ping from its router.
     */
    public Map<String, Duration> readyAfterPortCreated() {
        return readyAfterPortCreated;
    }

    /** Where the hosts' logs are copied when a step failed, since down removes the lab. */
    public static Path keptLogs() {
        return Path.of("run", "demo-logs").toAbsolutePath();
    }

    private void keepLogs() {
        Path hosts = spec.runDirectory().resolve("hosts");
        try (Stream<Path> files = Files.walk(hosts)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = hosts.relativize(file);
                if (relative.getNameCount() == 3 && relative.getName(1).toString().equals("log")) {
                    Path copy =
                            keptLogs().resolve(relative.getName(0)).resolve(relative.getName(2));
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            out.println("  (could not keep the hosts' logs: " + e.getMessage() + ")");
        }
    }

    private void print(Step step) {
        out.printf(
                "  %-58s ... %s %6.1f s  %s%n",
                step.name(),
                step.passed() ? "ok  " : "FAIL",
                step.took().toMillis() / 1000.0,
                step.detail());
    }

    /** The steps as a table: step, result, time. */
    public static String table(List<Step> steps) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("| %-58s | %-6s | %8s |%n", "step", "result", "time"));
        table.append(String.format("|%s|%s|%s|%n", "-".repeat(60), "-".repeat(8), "-".repeat(10)));
        for (Step step : steps) {
            table.append(
                    String.format(
                            "| %-58s | %-6s | %6.1f s |%n",
                            step.name(),
                            step.passed() ? "ok" : "FAILED",
                            step.took().toMillis() / 1000.0));
        }
        return table.toString();
    }
}
