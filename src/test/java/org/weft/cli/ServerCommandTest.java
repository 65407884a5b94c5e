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
import org.weft.testing.LoopbackPorts;
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

    /**
     * The guide's files with the database moved to a loopback port where nothing listens (the
     * guide's 10.10.10.51 is no address of this machine): the start is refused naming the database,
     * without its password.
     */
    @Test
    void theGuidesFilesLoadAndAnUnreachableDatabaseIsRefusedPlainly(@TempDir Path dir)
            throws Exception {
        Path local = dir.resolve("local.ini");
        Files.writeString(
                local,
                "[DEFAULT]\nrabbit_host = 127.0.0.1\nrabbit_port = "
                        + LoopbackPorts.free()
                        + "\n"
                        + "[DATABASE]\n"
                        + "sql_connection = mysql://quantumUser:quantumPass@127.0.0.1:"
                        + LoopbackPorts.free()
                        + "/quantum\nsql_max_retries = 0\n[database]\npool_timeout = 1\n");
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
                        "--config-file",
                        local.toString(),
                        "--bind",
                        "127.0.0.1:0",
                        "--data-dir",
                        dir.toString());

        assertThat(output)
                .startsWith("2 ")
                .contains("cannot connect to MARIADB jdbc:mariadb://127.0.0.1:")
                .doesNotContain("quantumPass");
    }

    @Test
    void keystoneWithoutAnIdentityEndpointIsRefused(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("neutron.conf");
        Files.writeString(conf, "[DEFAULT]\nauth_strategy = keystone\n");

        String output =
                run("server", "--config-file", conf.toString(), "--data-dir", dir.toString());

        assertThat(output)
                .startsWith("2 ")
                .contains("auth_strategy = keystone needs [keystone_authtoken] auth_url");
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
    void unreachablePostgreSqlIsRefusedAtStart(@TempDir Path dir) {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[database]\nconnection = postgresql://u:secret@127.0.0.1:"
                                + LoopbackPorts.free()
                                + "/neutron\nmax_retries = 0\npool_timeout = 1\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Server.prepare(config, dir))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("cannot connect to POSTGRESQL")
                .hasMessageNotContaining("secret");
    }
}
