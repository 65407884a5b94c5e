package org.weft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.weft.demo.Demo;
import org.weft.demo.Step;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;
import picocli.CommandLine.Command;

/**
 * {@code weft bench demo}: the demo's scenario on a lab of its own, with the time of each step and,
 * for each VM, from its port's creation to the VM holding its lease and answering a ping.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs weft demo's scenario and records how long each step took, and how long each VM"
                    + " took from its port's creation to its lease and a ping answered.",
            "The lab is named wbd<digits>, its files under /tmp/wbd<digits>, removed after."
        })
public class DemoBenchmark extends Benchmark {

    @Override
    protected BenchReport measure() {
        String name = labPrefix() + ThreadLocalRandom.current().nextInt(10000, 100000);
        LabSpec spec = spec(name);
        progress("demo on lab %s", name);
        Demo demo = new Demo(spec, false, new PrintStream(OutputStream.nullOutputStream()));
        List<Step> steps = demo.run();
        Step failed = steps.stream().filter(step -> !step.passed()).findFirst().orElse(null);
        if (failed != null) {
            throw new IllegalStateException(
                    "demo step failed: " + failed.name() + ": " + failed.detail());
        }
        return new BenchReport(
                title(),
                markdown(steps, demo.readyAfterPortCreated()),
                figures(steps, demo.readyAfterPortCreated()));
    }

    /** The lab's name without its random digits. */
    protected String labPrefix() {
        return "wbd";
    }

    /** The lab the demo runs on: two compute nodes, the embedded database, no Keystone. */
    protected LabSpec spec(String name) {
        return new LabSpec(name, 2, LabDatabase.EMBEDDED, Path.of("/tmp", name));
    }

    protected String title() {
        return "Demo: the guide's cloud, step by step";
    }

    protected String introduction() {
        return "The scenario of `weft demo` on a lab of its own (two compute nodes), the clients"
                + " run inside the controller as the guide's operator would; a step's time"
                + " includes the Python clients' own start, about a second per call on"
                + " this machine.";
    }

    private String markdown(List<Step> steps, Map<String, Duration> ready) {
        StringBuilder text = new StringBuilder();
        text.append(introduction()).append("\n\n");
        text.append(Demo.table(steps));
        text.append("\n| VM | port created to lease held and ping answered |\n| --- | ---: |\n");
        ready.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        entry ->
                                text.append(
                                        String.format(
                                                Locale.ROOT,
                                                "| %s | %.1f s |%n",
                                                entry.getKey(),
                                                entry.getValue().toMillis() / 1000.0)));
        return text.toString();
    }

    private static ObjectNode figures(List<Step> steps, Map<String, Duration> ready) {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        ArrayNode stepFigures = figures.putArray("steps");
        for (Step step : steps) {
            stepFigures
                    .addObject()
                    .put("step", step.name())
                    .put("seconds", step.took().toMillis() / 1000.0);
        }
        ObjectNode readyFigures = figures.putObject("ready_after_port_created_seconds");
        ready.forEach((vm, took) -> readyFigures.put(vm, took.toMillis() / 1000.0));
        return figures;
    }
}
