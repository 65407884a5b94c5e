package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.ovs.TestSwitch;
import picocli.CommandLine;

@Tag("ovs")
class DoctorCommandTest {

    @Test
    void doctorReadsTheAgentsFilesAndPrintsOneLinePerCheck(@TempDir Path dir) throws Exception {
        try (TestSwitch ovs = TestSwitch.start("doctor-cli")) {
            Path file = dir.resolve("openvswitch_agent.ini");
            Files.writeString(
                    file,
                    "[DEFAULT]\ntransport_url = rabbit://guest:guest@127.0.0.1:26697/\n"
                            + "[ovs]\novsdb_connection = "
                            + ovs.ovs().databaseTarget()
                            + "\ndatapath_type = netdev\n");
            StringWriter out = new StringWriter();
            CommandLine line = Main.commandLine();
            line.setOut(new PrintWriter(out));

            int status =
                    line.execute(
                            "doctor",
                            "--config-file",
                            file.toString(),
                            "--server-url",
                            "http://127.0.0.1:26698/");

            assertThat(out.toString())
                    .contains("SKIP  IP forwarding: not a network node")
                    .containsPattern("OK    Open vSwitch: version \\S+ at unix:")
                    .contains("OK    Tunnels and patch ports: tunnelling is off")
                    .contains("FAIL  Controller API: no answer from http://127.0.0.1:26698/")
                    .contains("      what to do: start weft server on the controller")
                    .contains("FAIL  Message bus: no broker answered at 127.0.0.1:26697")
                    .contains("2 problem(s) found");
            assertThat(status).isEqualTo(1);
        }
    }
}
