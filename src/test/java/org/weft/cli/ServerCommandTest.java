package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.config.StartRefusedException;
import org.weft.server.Server;
import picocli.CommandLine;

class ServerCommandTest {
    private static final Path GUIDE = Path.of("etc/guide");

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(out));
        int status = line.execute(args);
        return status + " " + out + err;
    }

    @Test
    void helpNamesTheOptions() {
        assertThat(run("server", "--help"))
                .startsWith("0 ")
                .contains("--bind", "--data-dir", "--config-file", "--config-dir");
    }

    @Test
    void theGuidesFilesLoadAndTheirMysqlDatabaseIsRefusedPlainly(@TempDir Path dir) {
        String output =
                run(
                        "server",
                        "--config-file",
                        GUIDE.resolve("quantum.conf").toString(),
                        "--config-file",
                        GUIDE.resolve("ovs_quantum_plugin.ini").toString(),
                        "--config-file",
                        GUIDE.resolve("api-paste.ini").toString(),
                        "--config-file",
                        GUIDE.resolve("metadata_agent.ini").toString(),
                        "--bind",
                        "127.0.0.1:0",
                        "--data-dir",
                        dir.toString());

        assertThat(output)
                .startsWith("2 ")
                .contains("[database] connection = mysql://... is not supported yet")
                .doesNotContain("quantumPass");
    }

    @Test
    void keystoneIsRefusedUntilItExists(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("neutron.conf");
        Files.writeString(conf, "[DEFAULT]\nauth_strategy = keystone\n");

        String output =
                run("server", "--config-file", conf.toString(), "--data-dir", dir.toString());

        assertThat(output)
                .startsWith("2 ")
                .contains("auth_strategy = keystone is not available yet");
    }

    @Test
    void aBadBindAddressStopsTheStart() {
        assertThat(run("server", "--bind", "nowhere"))
                .startsWith("2 ")
                .contains("expected HOST:PORT");
    }

    @Test
    void anSqliteConnectionMeansTheEmbeddedDatabase(@TempDir Path dir) {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[database]\nconnection = sqlite:////var/lib/neutron/neutron.sqlite\n");

        try (Server server = Server.prepare(config, dir)) {
            assertThat(Files.exists(dir.resolve("weft.mv.db"))).isTrue();
        }
    }

    @Test
    void postgresqlIsRefusedToo(@TempDir Path dir) {
        Config config =
                Config.fromText(
                        "neutron.conf", "[database]\nconnection = postgresql://u:p@h/neutron\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Server.prepare(config, dir))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("PostgreSQL arrive with the database backends");
    }
}
