package org.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

@Tag("netns")
class FloatingIpBenchmarkTest {
    private static final String TAG =
            String.format("%05x", ProcessHandle.current().pid() & 0xfffff);

    @TempDir Path run;

    @Test
    void smallRunMeasuresEveryPhaseAndLeavesNothingBehind() throws Exception {
        FloatingIpBenchmark.Figures figures =
                new FloatingIpBenchmark(5, run.resolve("bench"), line -> {}, TAG).run();

        assertThat(figures.floatingIps()).isEqualTo(5);
        assertThat(figures.allAtOnceAnsweringMillis())
                .isGreaterThanOrEqualTo(figures.allAtOnceEnsureMillis());
        assertThat(figures.oneByOneAnsweringMillis())
                .isGreaterThanOrEqualTo(figures.oneByOneTotalMillis());
        assertThat(FloatingIpBenchmark.markdown(figures)).contains("5 floating IPs in one change");
        assertThat(IpRoute2.in(Placement.here()).namespaces())
                .noneMatch(
                        name ->
                                name.startsWith("wbench-" + TAG)
                                        || name.startsWith("qrouter-b" + TAG.substring(0, 4)));
    }
}
