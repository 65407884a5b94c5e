package org.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.MetadataMessages.InstanceLookup;
import org.weft.config.Config;

/** A server connected to a bus answers heartbeats and the plugin methods of its parts. */
class ServerBusTest {
    @TempDir Path dir;

    @Test
    void connectedServerAnswersHeartbeatsAndThePluginsMethods() {
        try (InProcessBus bus = new InProcessBus(Duration.ofSeconds(10));
                Server server = Server.prepare(Config.empty(), dir)) {
            server.connect(bus);

            AgentState state =
                    new AgentState(
                            AgentMessages.METADATA_AGENT,
                            "weft-metadata-agent",
                            "network",
                            "N/A",
                            Map.of(),
                            true,
                            null);
            assertThat(bus.call(Topics.REPORT_STATE, state).status()).isEqualTo(AgentStatus.NEW);
            assertThat(
                            bus.call(
                                            Topics.GET_INSTANCE_BY_ADDRESS,
                                            new InstanceLookup("router-1", null, "10.0.0.3"))
                                    .ports())
                    .isEmpty();
            assertThat(server.bus()).containsSame(bus);
        }
    }
}
