package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;

/**
 * The distribution archive the build makes, unpacked under {@code /tmp/wo2-dist}, far from the
 * source tree: its own launcher runs {@code weft server} (embedded database, loopback port 23110)
 * and {@code weft agent ovs} (a private userspace switch in namespace {@code wo2-dist}), both on a
 * private RabbitMQ (AMQP 23101), and the agent registers with the server. Its service units pass
 * systemd's verifier naming its own launcher.
 */
@Tag("ovs")
@Tag("netns")
class DistributionIT {
    private static final Path UNPACKED = Path.of("/tmp/wo2-dist");
    private static final String NAMESPACE = "wo2-dist";
    private static final String HOST = "wo2-dist-host";
    private static final int AMQP_PORT = 23101;
    private static final int API_PORT = 23110;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> processes = new ArrayList<>();
    private RabbitMqServer broker;
    private PrivateSwitch ovs;

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            for (Process process : processes) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } finally {
            try {
                if (ovs != null) {
                    ovs.stop();
                }
                if (broker != null) {
                    broker.close();
                }
            } finally {
                Command.of("ip", "netns", "delete", NAMESPACE).execute();
                Command.of("rm", "-rf", UNPACKED.toString()).execute();
            }
        }
    }

    @Test
    void theUnpackedArchiveRunsTheServerAndAnAgentThatRegisters() throws Exception {
        Path home = unpack();
        broker =
                RabbitMqServer.start(
                        RabbitMqServer.Settings.onLoopback(
                                "wo2-dist",
                                Path.of("target", "wo2-rabbit"),
                                AMQP_PORT,
                                23102,
                                23103));
        ovs = privateSwitch();

        start(home, "server", conf("server.conf", API_PORT + 1, ""));
        start(home, "agent-ovs", conf("agent.conf", API_PORT + 2, agentSettings()));

        JsonNode agent = awaitAgent();
        assertThat(agent.path("agent_type").asText()).isEqualTo("Open vSwitch agent");
        assertThat(agent.path("alive").asBoolean()).isTrue();
    }

    @Test
    void theArchivesUnitsPassSystemdAnalyzeVerifyWithItsLauncher() throws IOException {
        Path home = unpack();
        Path scratch = Files.createDirectories(UNPACKED.resolve("units"));

        SystemdUnitsTest.assertPassSystemdAnalyzeVerify(
                home.resolve("etc/systemd"), home.resolve("bin/weft"), scratch);
        assertThat(home.resolve("etc/weft/weft.conf")).isRegularFile();
        assertThat(home.resolve("bin/weft")).isExecutable();
    }

    private static Path unpack() throws IOException {
        return unpack(UNPACKED);
    }

    /**
     * Unpacks the archive afresh into {@code directory}; the one directory inside is Weft's home.
     */
    static Path unpack(Path directory) throws IOException {
        Command.of("rm", "-rf", directory.toString()).run();
        Files.createDirectories(directory);
        Command.of(
                        "tar",
                        "-xzf",
                        System.getProperty("weft.distribution"),
                        "-C",
                        directory.toString())
                .run();
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("weft-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private PrivateSwitch privateSwitch() {
        Command.of("ip", "netns", "delete", NAMESPACE).execute();
        Command.of("ip", "netns", "add", NAMESPACE).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(NAMESPACE)).run();
        return PrivateSwitch.builder(Path.of("target", "wo2-dist-ovs").toAbsolutePath())
                .placement(Placement.netns(NAMESPACE))
                .start();
    }

    private String agentSettings() {
        return "[ovs]\novsdb_connection = "
                + ovs.databaseTarget()
                + "\ndatapath_type = netdev\n[agent]\nreport_interval = 2\n";
    }

    private static Path conf(String name, int metricsPort, String more) throws IOException {
        Path file = UNPACKED.resolve(name);
        Files.writeString(
                file,
                "[DEFAULT]\nhost = "
                        + HOST
                        + "\nbind_host = 127.0.0.1\nbind_port = "
                        + API_PORT
                        + "\nstate_path = "
                        + UNPACKED.resolve("state")
                        + "\nlog_dir = "
                        + UNPACKED.resolve("log")
                        + "\ntransport_url = rabbit://guest:guest@127.0.0.1:"
                        + AMQP_PORT
                        + "/\n[ml2]\ntenant_network_types = local\n[metrics]\nbind_port = "
                        + metricsPort
                        + "\n"
                        + more);
        return file;
    }

    /** Runs {@code bin/weft} of the archive from the unpacked directory, with no source tree. */
    private void start(Path home, String name, String... arguments) throws IOException {
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/weft").toString()));
        argv.addAll(List.of(name.split("-")));
        argv.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(argv)
                        .directory(UNPACKED.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(UNPACKED.resolve(name + ".out").toFile());
        builder.environment().remove("WEFT_HOME");
        builder.environment().remove("CLASSPATH");
        processes.add(builder.start());
    }

    private void start(Path home, String name, Path conf) throws IOException {
        start(home, name, "--config-file", conf.toString());
    }

    private JsonNode awaitAgent() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                assertThat(process.isAlive()).as(output()).isTrue();
            }
            Optional<JsonNode> agent = agentOf(http);
            if (agent.isPresent()) {
                return agent.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no agent of host " + HOST + " registered: " + output());
    }

    private static Optional<JsonNode> agentOf(HttpClient http) throws InterruptedException {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + API_PORT
                                                            + "/v2.0/agents"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode agent : JSON.readTree(response.body()).path("agents")) {
                if (agent.path("host").asText().equals(HOST)) {
                    return Optional.of(agent);
                }
            }
        } catch (IOException e) {
            // not listening yet
        }
        return Optional.empty();
    }

    private static String output() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("server", "agent-ovs")) {
            try {
                text.append("\n--- ")
                        .append(name)
                        .append(":\n")
                        .append(Files.readString(UNPACKED.resolve(name + ".out")));
            } catch (IOException e) {
                text.append("\n--- ").append(name).append(": no output");
            }
        }
        return text.toString();
    }
}
