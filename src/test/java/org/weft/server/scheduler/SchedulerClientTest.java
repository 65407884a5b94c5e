package org.weft.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.Config;
import org.weft.server.agent.Agent;
import org.weft.server.api.ApiTestServer;
import org.weft.testsupport.OpenstackCli;

/**
 * The real clients of the machine ({@code /usr/bin/neutron}, {@code /usr/bin/openstack}) through
 * the scheduler API of a Weft server: a network and a router added to, listed on and removed from
 * their agents.
 */
class SchedulerClientTest {
    @TempDir Path data;
    private ApiTestServer server;
    private AgentFleet fleet;

    @BeforeEach
    void start() {
        server =
                ApiTestServer.start(
                        data,
                        Config.fromText(
                                "neutron.conf",
                                "[DEFAULT]\nnetwork_auto_schedule = false\n"
                                        + "router_auto_schedule = false\n"));
        InProcessBus bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        fleet = new AgentFleet(server.server().agents(), bus);
    }

    @AfterEach
    void stop() {
        fleet.close();
        server.close();
    }

    @Test
    void theNeutronClientMovesANetworkOntoAndOffADhcpAgent() {
        Agent agent = fleet.dhcp("wsc-network");
        String network = server.admin().create("networks", "network", "{\"name\": \"wsc-net\"}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4,"
                                + " \"cidr\": \"10.0.0.0/24\"}");

        OpenstackCli.Result added = neutron("dhcp-agent-network-add", agent.id().value(), network);
        OpenstackCli.Result hosting = neutron("dhcp-agent-list-hosting-net", "wsc-net");
        OpenstackCli.Result onAgent = neutron("net-list-on-dhcp-agent", agent.id().value());
        OpenstackCli.Result listed =
                new OpenstackCli(java.net.URI.create(server.base()))
                        .run("network", "agent", "list", "--network", network, "-f", "value");
        OpenstackCli.Result removed =
                neutron("dhcp-agent-network-remove", agent.id().value(), network);

        assertThat(added.out()).as(added.toString()).contains("Added network " + network);
        assertThat(hosting.out())
                .as(hosting.toString())
                .contains(agent.id().value(), "wsc-network");
        assertThat(onAgent.out()).as(onAgent.toString()).contains(network, "wsc-net");
        assertThat(listed.out()).as(listed.toString()).contains(agent.id().value(), "wsc-network");
        assertThat(removed.out()).as(removed.toString()).contains("Removed network " + network);
        assertThat(server.server().dhcpScheduler().hostingAgents(network)).isEmpty();
    }

    @Test
    void theNeutronClientMovesARouterOntoAndOffAnL3Agent() {
        Agent agent = fleet.l3("wsc-network", Map.of());
        String router = server.admin().create("routers", "router", "{\"name\": \"wsc-router\"}");

        OpenstackCli.Result added = neutron("l3-agent-router-add", agent.id().value(), router);
        OpenstackCli.Result hosting = neutron("l3-agent-list-hosting-router", "wsc-router");
        OpenstackCli.Result onAgent = neutron("router-list-on-l3-agent", agent.id().value());
        OpenstackCli.Result listed =
                new OpenstackCli(java.net.URI.create(server.base()))
                        .run("network", "agent", "list", "--router", router, "-f", "value");
        OpenstackCli.Result removed = neutron("l3-agent-router-remove", agent.id().value(), router);

        assertThat(added.out()).as(added.toString()).contains("Added router " + router);
        assertThat(hosting.out())
                .as(hosting.toString())
                .contains(agent.id().value(), "wsc-network");
        assertThat(onAgent.out()).as(onAgent.toString()).contains(router, "wsc-router");
        assertThat(listed.out()).as(listed.toString()).contains(agent.id().value(), "wsc-network");
        assertThat(removed.out()).as(removed.toString()).contains("Removed router " + router);
        assertThat(server.server().l3Scheduler().hostingAgents(router)).isEmpty();
    }

    private OpenstackCli.Result neutron(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/neutron"));
        command.addAll(List.of(args));
        return OpenstackCli.execute(
                command,
                Map.of("OS_AUTH_TYPE", "none", "OS_ENDPOINT", server.base()),
                Duration.ofMinutes(2));
    }
}
