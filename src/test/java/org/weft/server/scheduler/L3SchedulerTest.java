package org.weft.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.L3Messages;
import org.weft.config.Config;
import org.weft.server.agent.Agent;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Reply;

/**
 * Routers placed on L3 agents by a real server: fewest routers first, the agents' own {@code
 * l3_agent.ini} limits, failover only with {@code allow_automatic_l3agent_failover}, {@code
 * sync_routers} giving each agent its own routers, and the {@code l3_agent_scheduler} API.
 */
class L3SchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir Path data;
    private ApiTestServer server;
    private InProcessBus bus;
    private AgentFleet fleet;

    private void start(String moreSettings) {
        server =
                ApiTestServer.start(
                        data,
                        Config.fromText(
                                "neutron.conf", "[DEFAULT]\nagent_down_time = 2\n" + moreSettings));
        bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        fleet = new AgentFleet(server.server().agents(), bus);
    }

    @AfterEach
    void stop() {
        fleet.close();
        server.close();
    }

    @Test
    void routersGoToTheAgentWithTheFewestAndEachAgentSyncsOnlyItsOwn() {
        start("");
        fleet.l3("net-a", Map.of());
        fleet.l3("net-b", Map.of());
        List<String> routers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String router = router("r" + i);
            routers.add(router);
            assertThat(AgentFleet.eventually(WAIT, () -> hostOf(router) != null)).isTrue();
        }

        List<String> onA = synced("net-a");
        List<String> onB = synced("net-b");

        assertThat(onA).hasSize(2);
        assertThat(onB).hasSize(2);
        assertThat(onA).doesNotContainAnyElementsOf(onB);
        for (String router : routers) {
            String host = hostOf(router);
            assertThat(AgentFleet.eventually(WAIT, () -> fleet.told(host, "updated", router) >= 1))
                    .isTrue();
        }
    }

    @Test
    void anAgentTakesOnlyTheRoutersItsConfigurationAccepts() {
        start("");
        fleet.l3("net-a", Map.of("handle_internal_only_routers", false));
        String router = router("internal");
        fleet.l3("net-b", Map.of());

        assertThat(AgentFleet.eventually(WAIT, () -> "net-b".equals(hostOf(router)))).isTrue();
        assertThat(synced("net-a")).isEmpty();
    }

    @Test
    void theRoutersOfADeadAgentMoveWhenFailoverIsAllowed() {
        start("allow_automatic_l3agent_failover = true\n");
        fleet.l3("net-a", Map.of());
        String router = router("r");
        assertThat(AgentFleet.eventually(WAIT, () -> "net-a".equals(hostOf(router)))).isTrue();
        fleet.l3("net-b", Map.of());

        fleet.stop("net-a");

        assertThat(AgentFleet.eventually(WAIT, () -> "net-b".equals(hostOf(router)))).isTrue();
        assertThat(AgentFleet.eventually(WAIT, () -> fleet.told("net-b", "updated", router) >= 1))
                .isTrue();
    }

    @Test
    void theRoutersOfADeadAgentStayWithoutFailover() throws InterruptedException {
        start("");
        fleet.l3("net-a", Map.of());
        String router = router("r");
        assertThat(AgentFleet.eventually(WAIT, () -> "net-a".equals(hostOf(router)))).isTrue();
        fleet.l3("net-b", Map.of());

        fleet.stop("net-a");
        Thread.sleep(4500);
        server.server().l3Scheduler().sweep();

        assertThat(hostOf(router)).isEqualTo("net-a");
    }

    @Test
    void anAdministratorMovesARouterBetweenAgents() {
        start("router_auto_schedule = false\n");
        Agent a = fleet.l3("net-a", Map.of());
        Agent b = fleet.l3("net-b", Map.of());
        String router = router("r");
        String onA = "/v2.0/agents/" + a.id() + "/l3-routers";
        String onB = "/v2.0/agents/" + b.id() + "/l3-routers";

        Reply added = server.admin().post(onA, "{\"router_id\": \"" + router + "\"}");
        Reply elsewhere = server.admin().post(onB, "{\"router_id\": \"" + router + "\"}");
        List<String> listed = routersOn(a);
        Reply removed = server.admin().delete(onA + "/" + router);
        Reply moved = server.admin().post(onB, "{\"router_id\": \"" + router + "\"}");

        assertThat(added.status()).isEqualTo(201);
        assertThat(listed).containsExactly(router);
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.errorType()).isEqualTo("RouterHostedByL3Agent");
        assertThat(elsewhere.errorMessage())
                .isEqualTo(
                        "The router "
                                + router
                                + " has been already hosted by the L3 Agent "
                                + a.id()
                                + ".");
        assertThat(removed.status()).isEqualTo(204);
        assertThat(moved.status()).isEqualTo(201);
        assertThat(hostOf(router)).isEqualTo("net-b");
        assertThat(routersOn(a)).isEmpty();
        assertThat(AgentFleet.eventually(WAIT, () -> fleet.told("net-a", "deleted", router) == 1))
                .isTrue();
        assertThat(synced("net-b")).containsExactly(router);
        assertThat(synced("net-a")).isEmpty();
    }

    @Test
    void aDhcpAgentIsNoL3Agent() {
        start("router_auto_schedule = false\n");
        Agent dhcp = fleet.dhcp("net-a");
        String router = router("r");

        Reply refused =
                server.admin()
                        .post(
                                "/v2.0/agents/" + dhcp.id() + "/l3-routers",
                                "{\"router_id\": \"" + router + "\"}");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorType()).isEqualTo("InvalidL3Agent");
        assertThat(refused.errorMessage())
                .isEqualTo("Agent " + dhcp.id() + " is not a L3 Agent or has been disabled");
    }

    private String router(String name) {
        return server.admin().create("routers", "router", "{\"name\": \"" + name + "\"}");
    }

    /** The host of the router's L3 agent, null when it has none. */
    private String hostOf(String router) {
        JsonNode agents = server.admin().get("/v2.0/routers/" + router + "/l3-agents").body();
        JsonNode first = agents.path("agents").path(0);
        return first.isMissingNode() ? null : first.path("host").asText();
    }

    private List<String> routersOn(Agent agent) {
        JsonNode routers = server.admin().get("/v2.0/agents/" + agent.id() + "/l3-routers").body();
        List<String> ids = new ArrayList<>();
        routers.path("routers").forEach(router -> ids.add(router.path("id").asText()));
        return ids;
    }

    private List<String> synced(String host) {
        return bus
                .call(Topics.SYNC_ROUTERS, new L3Messages.RouterSyncRequest(host, List.of()))
                .routers()
                .stream()
                .map(L3Messages.RouterInfo::id)
                .toList();
    }
}
