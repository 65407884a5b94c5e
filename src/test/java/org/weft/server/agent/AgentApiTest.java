package org.weft.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.StateReporter;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.store.Documents;

/**
 * {@code /v2.0/agents} on a real server whose agents report over the bus: what Neutron's clients
 * see, {@code openstack network agent list} included.
 */
class AgentApiTest {
    @TempDir Path dir;
    private ApiTestServer server;
    private InProcessBus bus;
    private Client admin;

    @BeforeEach
    void startServerWithAgents() {
        server = ApiTestServer.start(dir, Config.fromText("neutron.conf", "agent_down_time = 2\n"));
        bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        admin = server.admin();
        report(AgentMessages.OPEN_VSWITCH_AGENT, "compute1", "weft-openvswitch-agent", "N/A");
        report(AgentMessages.DHCP_AGENT, "network", "weft-dhcp-agent", "dhcp_agent");
        report(AgentMessages.L3_AGENT, "network", "weft-l3-agent", "l3_agent");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void agentsThatReportedAreListedAlive() {
        JsonNode agents = admin.get("/v2.0/agents").body().path("agents");

        assertThat(agents).hasSize(3);
        JsonNode dhcp = byType(agents, AgentMessages.DHCP_AGENT);
        assertThat(dhcp.path("host").asText()).isEqualTo("network");
        assertThat(dhcp.path("binary").asText()).isEqualTo("weft-dhcp-agent");
        assertThat(dhcp.path("topic").asText()).isEqualTo("dhcp_agent");
        assertThat(dhcp.path("alive").asBoolean()).isTrue();
        assertThat(dhcp.path("admin_state_up").asBoolean()).isTrue();
        assertThat(dhcp.path("availability_zone").asText()).isEqualTo("nova");
        assertThat(dhcp.path("configurations").path("networks").asInt()).isEqualTo(1);
        assertThat(dhcp.path("heartbeat_timestamp").asText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(dhcp.has("resources_synced")).isTrue();
        assertThat(dhcp.has("description")).isTrue();
    }

    @Test
    void listsFilterOnAttributesAndAlive() {
        assertThat(admin.get("/v2.0/agents?host=network").body().path("agents")).hasSize(2);
        assertThat(
                        admin.get("/v2.0/agents?agent_type=L3+agent&agent_type=DHCP+agent")
                                .body()
                                .path("agents"))
                .hasSize(2);
        assertThat(admin.get("/v2.0/agents?alive=true").body().path("agents")).hasSize(3);
        assertThat(admin.get("/v2.0/agents?alive=false").body().path("agents")).isEmpty();
        assertThat(admin.get("/v2.0/agents?colour=blue").status()).isEqualTo(400);
    }

    @Test
    void agentSilentLongerThanTheDownTimeIsShownDead() throws Exception {
        Thread.sleep(3_100);

        assertThat(admin.get("/v2.0/agents?alive=false").body().path("agents")).hasSize(3);
        report(AgentMessages.L3_AGENT, "network", "weft-l3-agent", "l3_agent");
        assertThat(admin.get("/v2.0/agents?alive=true&fields=agent_type").body().path("agents"))
                .singleElement()
                .satisfies(
                        agent ->
                                assertThat(agent.toString())
                                        .isEqualTo("{\"agent_type\":\"L3 agent\"}"));
    }

    @Test
    void administratorDisablesDescribesAndDeletesAnAgent() {
        String id = idOf(AgentMessages.L3_AGENT);

        var updated =
                admin.put(
                        "/v2.0/agents/" + id,
                        "{\"agent\": {\"admin_state_up\": false, \"description\": \"rack 4\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.at("/agent/admin_state_up").asBoolean()).isFalse();
        assertThat(admin.get("/v2.0/agents/" + id).at("/agent/description").asText())
                .isEqualTo("rack 4");
        assertThat(admin.put("/v2.0/agents/" + id, "{\"agent\": {\"host\": \"x\"}}").status())
                .isEqualTo(400);

        assertThat(admin.delete("/v2.0/agents/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/v2.0/agents/" + id).errorType()).isEqualTo("AgentNotFound");
    }

    @Test
    void tenantsSeeNoAgents() {
        Client tenant = server.as("tenant-a", "member");

        assertThat(tenant.get("/v2.0/agents").body().path("agents")).isEmpty();
        assertThat(tenant.get("/v2.0/agents/" + idOf(AgentMessages.L3_AGENT)).status())
                .isEqualTo(404);
    }

    @Test
    void pagesOfAgentsLinkToTheNext() {
        JsonNode first = admin.get("/v2.0/agents?limit=2&sort_key=host&sort_dir=asc").body();

        assertThat(first.path("agents")).hasSize(2);
        assertThat(first.path("agents_links").get(0).path("rel").asText()).isEqualTo("next");
        String next = first.path("agents_links").get(0).path("href").asText();
        JsonNode second = admin.get(next.substring(next.indexOf("/v2.0"))).body();
        assertThat(second.path("agents")).hasSize(1);
    }

    @Test
    void agentExtensionIsListed() {
        assertThat(admin.get("/v2.0/extensions/agent").at("/extension/name").asText())
                .isEqualTo("agent");
    }

    @Test
    void openstackClientListsTheAgents() throws Exception {
        // The client takes longer to start than the test's agent_down_time: keep one beating.
        StateReporter heartbeat =
                StateReporter.start(
                        bus,
                        () ->
                                new AgentState(
                                        AgentMessages.L3_AGENT,
                                        "weft-l3-agent",
                                        "network",
                                        "l3_agent",
                                        Map.of(),
                                        false,
                                        "nova"),
                        Duration.ofMillis(500),
                        reason -> {});
        String output;
        try {
            output =
                    Command.of(
                                    "/usr/bin/openstack",
                                    "--os-auth-type",
                                    "none",
                                    "--os-endpoint",
                                    server.base(),
                                    "network",
                                    "agent",
                                    "list",
                                    "-f",
                                    "json")
                            .withTimeout(Duration.ofSeconds(60))
                            .run();
        } finally {
            heartbeat.close();
        }

        JsonNode rows = Documents.MAPPER.readTree(output);
        assertThat(rows).hasSize(3);
        assertThat(rows.findValuesAsText("Agent Type"))
                .containsExactlyInAnyOrder("Open vSwitch agent", "DHCP agent", "L3 agent");
        assertThat(rows.findValuesAsText("Host")).contains("compute1", "network");
        assertThat(rows)
                .filteredOn(row -> row.path("Agent Type").asText().equals("L3 agent"))
                .singleElement()
                .satisfies(row -> assertThat(row.path("Alive").asBoolean()).isTrue());
    }

    private void report(String type, String host, String binary, String topic) {
        bus.call(
                Topics.REPORT_STATE,
                new AgentState(type, binary, host, topic, Map.of("networks", 1), true, "nova"));
    }

    private String idOf(String type) {
        return byType(admin.get("/v2.0/agents").body().path("agents"), type).path("id").asText();
    }

    private static JsonNode byType(JsonNode agents, String type) {
        for (JsonNode agent : agents) {
            if (agent.path("agent_type").asText().equals(type)) {
                return agent;
            }
        }
        throw new AssertionError("no " + type + " in " + agents);
    }
}
