package org.weft.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.Config;
import org.weft.server.agent.Agent;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Reply;

/**
 * Networks placed on DHCP agents by a real server: {@code dhcp_agents_per_network}, least loaded
 * placement, failover from an agent that stopped heartbeating, the agents told through the bus, and
 * the {@code dhcp_agent_scheduler} API with Neutron's answers.
 */
class DhcpSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir Path data;
    private ApiTestServer server;
    private AgentFleet fleet;

    @BeforeEach
    void start() {
        start("");
    }

    private void start(String moreSettings) {
        stop();
        server =
                ApiTestServer.start(
                        data,
                        Config.fromText(
                                "neutron.conf",
                                "[DEFAULT]\nagent_down_time = 2\ndhcp_agents_per_network = 2\n"
                                        + moreSettings));
        InProcessBus bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        fleet = new AgentFleet(server.server().agents(), bus);
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
            server.close();
            fleet = null;
        }
    }

    @Test
    void aNetworkWithDhcpIsHostedByAsManyAgentsAsConfiguredAndTheyAreTold() {
        fleet.dhcp("host-a");
        fleet.dhcp("host-b");
        fleet.dhcp("host-c");

        String network = networkWithDhcp("10.0.0.0/24");

        assertThat(AgentFleet.eventually(WAIT, () -> hostsOf(network).size() == 2)).isTrue();
        assertThat(hostsOf(network)).containsExactlyInAnyOrder("host-a", "host-b");
        // Every agent heard of the network once by fanout; the chosen two were told once more.
        assertThat(
                        AgentFleet.eventually(
                                WAIT,
                                () ->
                                        fleet.told("host-a", "create", network) == 2
                                                && fleet.told("host-b", "create", network) == 2))
                .isTrue();
        assertThat(fleet.told("host-c", "create", network)).isEqualTo(1);
    }

    @Test
    void networksGoToTheLeastLoadedAgents() {
        fleet.dhcp("host-a");
        fleet.dhcp("host-b");
        fleet.dhcp("host-c");
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String network = networkWithDhcp("10.0." + i + ".0/24");
            networks.add(network);
            assertThat(AgentFleet.eventually(WAIT, () -> hostsOf(network).size() == 2)).isTrue();
        }

        for (String host : List.of("host-a", "host-b", "host-c")) {
            assertThat(networksOn(agentId(host))).hasSize(2);
        }
    }

    @Test
    void aNetworkWithoutDhcpIsNotHosted() {
        fleet.dhcp("host-a");
        String network = server.admin().create("networks", "network", "{\"name\": \"n\"}");
        subnet(network, "10.9.0.0/24", false);

        server.server().dhcpScheduler().sweep();

        assertThat(hostsOf(network)).isEmpty();
    }

    @Test
    void theNetworksOfADeadAgentMoveToALiveOne() {
        fleet.dhcp("host-a");
        fleet.dhcp("host-b");
        String network = networkWithDhcp("10.0.0.0/24");
        assertThat(AgentFleet.eventually(WAIT, () -> hostsOf(network).size() == 2)).isTrue();
        fleet.dhcp("host-c");

        fleet.stop("host-a");

        assertThat(
                        AgentFleet.eventually(
                                WAIT, () -> hostsOf(network).equals(Set.of("host-b", "host-c"))))
                .isTrue();
        // host-c arrived after the network's creation was announced: it hears of it only once.
        assertThat(AgentFleet.eventually(WAIT, () -> fleet.told("host-c", "create", network) == 1))
                .isTrue();
    }

    @Test
    void anArrivingAgentTakesTheNetworksThatLackAgents() {
        fleet.dhcp("host-a");
        String network = networkWithDhcp("10.0.0.0/24");
        assertThat(AgentFleet.eventually(WAIT, () -> hostsOf(network).size() == 1)).isTrue();

        fleet.dhcp("host-b");

        assertThat(
                        AgentFleet.eventually(
                                WAIT, () -> hostsOf(network).equals(Set.of("host-a", "host-b"))))
                .isTrue();
    }

    @Test
    void anAdministratorAddsAndRemovesNetworksOfAnAgent() {
        start("network_auto_schedule = false\n");
        Agent a = fleet.dhcp("host-a");
        Agent b = fleet.dhcp("host-b");
        String network = networkWithDhcp("10.0.0.0/24");
        String path = "/v2.0/agents/" + b.id() + "/dhcp-networks";

        Reply added = server.admin().post(path, "{\"network_id\": \"" + network + "\"}");
        Reply again = server.admin().post(path, "{\"network_id\": \"" + network + "\"}");
        List<String> listed = networksOn(b.id().value());
        Reply removed = server.admin().delete(path + "/" + network);
        Reply removedAgain = server.admin().delete(path + "/" + network);

        assertThat(added.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("NetworkHostedByDHCPAgent");
        assertThat(again.errorMessage())
                .isEqualTo(
                        "The network "
                                + network
                                + " has been already hosted by the DHCP Agent "
                                + b.id()
                                + ".");
        assertThat(listed).containsExactly(network);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(removedAgain.status()).isEqualTo(409);
        assertThat(removedAgain.errorType()).isEqualTo("NetworkNotHostedByDhcpAgent");
        assertThat(hostsOf(network)).isEmpty();
        assertThat(networksOn(a.id().value())).isEmpty();
        assertThat(AgentFleet.eventually(WAIT, () -> fleet.told("host-b", "delete", network) == 1))
                .isTrue();
        assertThat(fleet.told("host-b", "create", network)).isEqualTo(2);
        assertThat(fleet.told("host-a", "create", network)).isEqualTo(1);
    }

    @Test
    void theSchedulerApiRefusesWhatNeutronRefuses() {
        Agent dhcp = fleet.dhcp("host-a");
        Agent l3 = fleet.l3("host-a", java.util.Map.of());
        String network = networkWithDhcp("10.0.0.0/24");
        String unknown = "00000000-0000-4000-8000-000000000000";

        Reply unknownAgent = server.admin().get("/v2.0/agents/" + unknown + "/dhcp-networks");
        Reply unknownNetwork =
                server.admin()
                        .post(
                                "/v2.0/agents/" + dhcp.id() + "/dhcp-networks",
                                "{\"network_id\": \"" + unknown + "\"}");
        Reply wrongType =
                server.admin()
                        .post(
                                "/v2.0/agents/" + l3.id() + "/dhcp-networks",
                                "{\"network_id\": \"" + network + "\"}");
        Reply noId = server.admin().post("/v2.0/agents/" + dhcp.id() + "/dhcp-networks", "{}");
        Reply tenant =
                server.as("tenant-1", "member").get("/v2.0/networks/" + network + "/dhcp-agents");

        assertThat(unknownAgent.status()).isEqualTo(404);
        assertThat(unknownAgent.errorType()).isEqualTo("AgentNotFound");
        assertThat(unknownAgent.errorMessage())
                .isEqualTo("Agent " + unknown + " could not be found.");
        assertThat(unknownNetwork.status()).isEqualTo(404);
        assertThat(unknownNetwork.errorType()).isEqualTo("NetworkNotFound");
        assertThat(wrongType.status()).isEqualTo(404);
        assertThat(wrongType.errorType()).isEqualTo("InvalidDHCPAgent");
        assertThat(wrongType.errorMessage())
                .isEqualTo("Agent " + l3.id() + " is not a valid DHCP Agent or has been disabled.");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(tenant.status()).isEqualTo(403);
        assertThat(tenant.errorType()).isEqualTo("PolicyNotAuthorized");
        assertThat(tenant.errorMessage())
                .isEqualTo("(rule:get_dhcp-agents) is disallowed by policy");
    }

    private String networkWithDhcp(String cidr) {
        String network = server.admin().create("networks", "network", "{\"name\": \"n\"}");
        subnet(network, cidr, true);
        return network;
    }

    private void subnet(String network, String cidr, boolean dhcp) {
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4, \"cidr\": \""
                                + cidr
                                + "\", \"enable_dhcp\": "
                                + dhcp
                                + "}");
    }

    private Set<String> hostsOf(String network) {
        JsonNode agents = server.admin().get("/v2.0/networks/" + network + "/dhcp-agents").body();
        List<String> hosts = new ArrayList<>();
        agents.path("agents").forEach(agent -> hosts.add(agent.path("host").asText()));
        return hosts.stream().collect(Collectors.toSet());
    }

    private List<String> networksOn(String agentId) {
        JsonNode networks = server.admin().get("/v2.0/agents/" + agentId + "/dhcp-networks").body();
        List<String> ids = new ArrayList<>();
        networks.path("networks").forEach(network -> ids.add(network.path("id").asText()));
        return ids;
    }

    private String agentId(String host) {
        return server.server().agents().list(org.weft.server.policy.Caller.noauthAdmin()).stream()
                .filter(agent -> agent.host().equals(host))
                .findFirst()
                .orElseThrow()
                .id()
                .value();
    }
}
