package org.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
    private static final Machine MACHINE =
            new Machine("Test CPU", 2, 4L << 30, "Linux 6.1 amd64", "JDK 21", "0.10 0.20 0.30");

    @TempDir Path dir;

    @Test
    void aRunWritesItsSectionWithCommandDateAndMachine() throws IOException {
        new ResultsFile(dir).record(run("api", "first figures"));

        String text = Files.readString(dir.resolve("RESULTS.md"));
        assertThat(text)
                .startsWith("# Benchmark results")
                .contains("<!-- weft-bench:api begin -->", "<!-- weft-bench:api end -->")
                .contains("- Command: `./weft bench api`")
                .contains("- Date: 2026-12-04 15:00:00 UTC (the run took 42 s)")
                .contains("Test CPU, 2 cores, 4.0 GiB memory, Linux 6.1 amd64, JDK 21")
                .contains("load average at start 0.10 0.20 0.30, at end 0.40 0.50 0.60")
                .doesNotContain("The machine was busy")
                .contains("first figures");
        assertThat(
                        new ObjectMapper()
                                .readTree(dir.resolve("results/api.json").toFile())
                                .path("figures")
                                .path("answer")
                                .asInt())
                .isEqualTo(42);
    }

    @Test
    void aRunOnABusyMachineSaysSo() throws IOException {
        Machine busy = new Machine("Test CPU", 2, 4L << 30, "Linux", "JDK 21", "20.5 18.0 9.0");
        BenchRun run = run("api", "figures");
        new ResultsFile(dir)
                .record(
                        new BenchRun(
                                run.benchmark(),
                                run.command(),
                                run.started(),
                                run.took(),
                                busy,
                                "3.0 2.0 1.0",
                                run.report()));

        assertThat(Files.readString(dir.resolve("RESULTS.md"))).contains("The machine was busy");
    }

    @Test
    void aRunAgainReplacesOnlyItsOwnSection() throws IOException {
        ResultsFile results = new ResultsFile(dir);
        results.record(run("api", "first figures"));
        results.record(run("bus", "bus figures"));
        Files.writeString(
                dir.resolve("RESULTS.md"),
                Files.readString(dir.resolve("RESULTS.md")) + "\nA note someone wrote.\n");

        results.record(run("api", "second figures"));

        String text = Files.readString(dir.resolve("RESULTS.md"));
        assertThat(text).contains("second figures", "bus figures", "A note someone wrote.");
        assertThat(text).doesNotContain("first figures");
        assertThat(text.indexOf("weft-bench:api begin")).isLessThan(text.indexOf("weft-bench:bus"));
    }

    private static BenchRun run(String name, String markdown) {
        BenchReport report =
                new BenchReport(
                        "a test",
                        markdown,
                        JsonNodeFactory.instance.objectNode().put("answer", 42));
        return new BenchRun(
                name,
                "./weft bench " + name,
                Instant.parse("2026-12-04T15:00:00Z"),
                Duration.ofSeconds(42),
                MACHINE,
                "0.40 0.50 0.60",
                report);
    }
}
