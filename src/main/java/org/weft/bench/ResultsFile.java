package org.weft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one results file of every benchmark, {@code RESULTS.md}, with one section per benchmark that
 * its next run replaces, and beside it {@code results/<name>.json} with the raw figures.
 *
 * <p>A section lies between the lines {@code <!-- weft-bench:NAME begin -->} and {@code <!--
 * weft-bench:NAME end -->}; text outside the sections is kept as it is.
 */
public final class ResultsFile {
    private static final String HEADER =
            """
            # Benchmark results

            Written by `weft bench` (see README, "Benchmarks"). Each benchmark owns one section
            below, replaced whenever it runs again; its raw figures are in `results/NAME.json`.
            Figures depend on the machine and on what else it was doing: each section says both.
            """;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Path dir;

    public ResultsFile(Path dir) {
        this.dir = dir;
    }

    public Path markdownFile() {
        return dir.resolve("RESULTS.md");
    }

    public Path jsonFile(String benchmark) {
        return dir.resolve("results").resolve(benchmark + ".json");
    }

    /** Writes (or replaces) {@code benchmark}'s section and its raw JSON. */
    public void record(BenchRun run) throws IOException {
        Files.createDirectories(jsonFile(run.benchmark()).getParent());
        writeAtomically(jsonFile(run.benchmark()), json(run));
        String current = Files.exists(markdownFile()) ? Files.readString(markdownFile()) : HEADER;
        writeAtomically(markdownFile(), withSection(current, run.benchmark(), section(run)));
    }

    /** {@code text} with {@code benchmark}'s section replaced by {@code section}, or appended. */
    static String withSection(String text, String benchmark, String section) {
        String begin = beginMarker(benchmark);
        String end = endMarker(benchmark);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            return text.substring(0, from) + section + text.substring(to + end.length());
        }
        String separator = text.endsWith("\n") ? "\n" : "\n\n";
        return text + separator + section + "\n";
    }

    private static String beginMarker(String benchmark) {
        return "<!-- weft-bench:" + benchmark + " begin -->";
    }

    private static String endMarker(String benchmark) {
        return "<!-- weft-bench:" + benchmark + " end -->";
    }

    static String section(BenchRun run) {
        String benchmark = run.benchmark();
        return beginMarker(benchmark)
                + "\n## `"
                + benchmark
                + "`: "
                + run.report().title()
                + "\n\n- Command: `"
                + run.command()
                + "`\n- Date: "
                + DATE.format(run.started())
                + " (the run took "
                + run.took().toSeconds()
                + " s)\n- Machine: "
                + run.machine().summary()
                + ", at end "
                + run.loadAverageAtEnd()
                + (run.machine().wasBusy()
                        ? "\n- **The machine was busy when the run began (load average above its"
                                + " core count): every figure is lower than on an idle machine.**"
                        : "")
                + "\n- Raw figures: [results/"
                + benchmark
                + ".json](results/"
                + benchmark
                + ".json)\n\n"
                + run.report().markdown().strip()
                + "\n"
                + endMarker(benchmark);
    }

    private static String json(BenchRun run) throws IOException {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("benchmark", run.benchmark());
        json.put("command", run.command());
        json.put("date", run.started().toString());
        json.put("seconds", run.took().toSeconds());
        json.set("machine", run.machine().toJson());
        json.put("load_average_at_end", run.loadAverageAtEnd());
        json.set("figures", run.report().figures());
        return new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(json)
                + "\n";
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
