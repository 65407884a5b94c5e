package org.weft.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.StateReporter;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.bus.rabbit.TestBrokers;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer;

/**
 * The server configured by the guide's {@code quantum.conf} (its broker address replaced by the
 * test's) records the heartbeats an agent sends through a real RabbitMQ broker.
 */
@Tag("broker")
class AgentsOverRabbitTest {
    private static final int SLOT = TestBrokers.REGISTRY_TEST;

    @TempDir Path dir;
    private RabbitMqServer broker;
    private ApiTestServer server;
    private Bus agentBus;
    private StateReporter reporter;

    @AfterEach
    void stopAll() {
        if (reporter != null) {
            reporter.close();
        }
        if (agentBus != null) {
            agentBus.close();
        }
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void heartbeatsThroughTheBrokerShowTheAgentAlive() throws Exception {
        broker = TestBrokers.start("registry", SLOT);
        Config config = guideConfigOnTestBroker();
        server = ApiTestServer.start(dir, config);
        server.server().connect(BusFactory.create(config, "weft-server"));
        agentBus = BusFactory.create(config, "weft-openvswitch-agent");

        reporter =
                StateReporter.start(
                        agentBus,
                        () ->
                                new AgentState(
                                        AgentMessages.OPEN_VSWITCH_AGENT,
                                        "weft-openvswitch-agent",
                                        "compute1",
                                        "N/A",
                                        Map.of("tunnel_types", List.of("gre")),
                                        false,
                                        null),
                        Duration.ofMillis(500),
                        reason -> {});

        JsonNode agent = awaitAgent();
        assertThat(agent.path("host").asText()).isEqualTo("compute1");
        assertThat(agent.path("alive").asBoolean()).isTrue();
        assertThat(agent.path("configurations").path("tunnel_types").get(0).asText())
                .isEqualTo("gre");
    }

    private Config guideConfigOnTestBroker() {
        Config guide = Config.load(List.of(Path.of("etc/guide/quantum.conf")), List.of());
        return guide.overlaidWith(
                Config.fromText(
                        "test-broker.conf",
                        "[DEFAULT]\nrabbit_host = 127.0.0.1\nrabbit_port = "
                                + TestBrokers.amqpPort(SLOT)
                                + "\ncontrol_exchange = wbus-registry\n"));
    }

    private JsonNode awaitAgent() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode agents = server.admin().get("/v2.0/agents").body().path("agents");
            if (agents.size() == 1) {
                return agents.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the agent never showed up in /v2.0/agents");
    }
}
