package org.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import picocli.CommandLine;

@Tag("ovs")
class OvsBenchmarkTest {

    @Test
    void smallRunReportsBothPeersSideBySideAndLeavesNothingBehind() {
        StringWriter out = new StringWriter();
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.setOut(new PrintWriter(out));
        bench.setErr(new PrintWriter(new StringWriter()));

        int status =
                bench.execute(
                        "ovs",
                        "--flows",
                        "200",
                        "--ports",
                        "20",
                        "--repeat",
                        "1",
                        "--warmup",
                        "0",
                        "--no-record");

        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("| 200 | ")
                .contains("ovs-ofctl --bundle add-flows")
                .contains("| committed and applied by ovs-vswitchd |");
        assertThat(Command.of("ip", "netns", "list").run()).doesNotContain("weft-bench-ovs");
    }
}
