package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DhcpAgentCommandTest {
    @TempDir Path directory;

    @Test
    void agentWithoutNamespacesRefusesToStartWithTheRemedy() throws Exception {
        Path ini = directory.resolve("dhcp_agent.ini");
        Files.writeString(ini, "[DEFAULT]\nuse_namespaces = False\n");
        CommandLine line = Main.commandLine();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        line.setErr(new PrintWriter(errors, true));

        int status = line.execute("agent", "dhcp", "--config-file", ini.toString());

        assertThat(status).isEqualTo(2);
        assertThat(errors.toString()).contains("use_namespaces = False is not supported");
    }
}
