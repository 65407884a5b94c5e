package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.agent.dhcp.internal.BusDhcpStateSource;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import org.weft.server.api.ApiTestServer;

/**
 * From the API to the VM's lease: a real server with its embedded database, connected to the
 * in-process bus as {@code weft server} connects it, the agent, dnsmasq and a DHCP client in a VM
 * namespace.
 */
@Tag("netns")
class BusDrivenDhcpAgentTest {
    private static final String BASE = "wdhcp-s";
    private static final Path RUN = Leftovers.runDirectory(BASE);
    private static final String PREFIX = Leftovers.prefix(BASE);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Wire wire = new Wire(PREFIX + "-wire");
    private ApiTestServer server;
    private Bus bus;
    private BusDhcpStateSource source;
    private DhcpAgent agent;
    private VirtualMachine vm;
    private String network;
    private final List<String> ports = new ArrayList<>();

    @BeforeEach
    void startServer() {
        Leftovers.clean(BASE);
        wire.create();
        server = ApiTestServer.start(RUN.resolve("server"));
        bus =
                BusFactory.create(
                        Config.fromText("neutron.conf", "transport_url = fake://\n"), "test");
        server.server().connect(bus);
    }

    @AfterEach
    void stopEverything() {
        if (vm != null) {
            vm.close();
        }
        if (agent != null) {
            if (network != null) {
                ports.forEach(port -> server.admin().delete("/v2.0/ports/" + port));
                server.admin().delete("/v2.0/networks/" + network);
                VirtualMachine.eventually(WAIT, () -> agent.servedNetworks().isEmpty());
            }
            agent.close();
            source.close();
        }
        server.close();
        Leftovers.clean(BASE);
    }

    @Test
    void networkThatExistedBeforeTheAgentStartedIsServed() throws Exception {
        network = createNetwork();
        JsonNode port = createPort(network);

        startAgent();

        vm = VirtualMachine.create(PREFIX + "-vm1", port.path("mac_address").asText(), wire, RUN);
        assertThat(vm.requestLease(10)).isTrue();
        assertThat(vm.ipv4Addresses()).containsExactly(address(port) + "/24");
    }

    @Test
    void portCreatedThroughTheApiGetsALease() throws Exception {
        startAgent();
        network = createNetwork();
        assertThat(VirtualMachine.eventually(WAIT, () -> agent.servedNetworks().contains(network)))
                .isTrue();

        JsonNode port = createPort(network);
        vm = VirtualMachine.create(PREFIX + "-vm1", port.path("mac_address").asText(), wire, RUN);

        assertThat(vm.requestLease(15)).isTrue();
        assertThat(vm.ipv4Addresses()).containsExactly(address(port) + "/24");
        assertThat(vm.routes()).contains("default via 10.40.0.1 dev eth0");
    }

    @Test
    void portDeletedThroughTheApiGetsNoLease() throws Exception {
        network = createNetwork();
        JsonNode port = createPort(network);
        startAgent();
        vm = VirtualMachine.create(PREFIX + "-vm1", port.path("mac_address").asText(), wire, RUN);
        assertThat(vm.requestLease(10)).isTrue();

        server.admin().delete("/v2.0/ports/" + port.path("id").asText());

        assertThat(
                        VirtualMachine.eventually(
                                WAIT,
                                () ->
                                        agent.desiredNetwork(network)
                                                .flatMap(n -> n.port(port.path("id").asText()))
                                                .isEmpty()))
                .isTrue();
        assertThat(agent.awaitIdle(WAIT)).isTrue();
        assertThat(vm.requestLease(3)).isFalse();
    }

    private void startAgent() throws InterruptedException {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\nstate_path = "
                                + RUN.resolve("state")
                                + "\nhost = wdhcp-bus-host\nresync_interval = 1\n");
        // The server hosts networks only on agents it has heard from.
        bus.call(
                Topics.REPORT_STATE,
                new AgentMessages.AgentState(
                        AgentMessages.DHCP_AGENT,
                        "weft-dhcp-agent",
                        "wdhcp-bus-host",
                        Topics.DHCP_AGENT.name(),
                        Map.of(),
                        true,
                        "nova"));
        source = new BusDhcpStateSource(bus, "wdhcp-bus-host");
        agent =
                DhcpAgent.create(
                        config, Placement.here(), wire, source, new RecordingMetadataProxies());
        agent.start();
        assertThat(agent.awaitIdle(WAIT)).isTrue();
    }

    private String createNetwork() {
        String id = server.admin().create("networks", "network", "{\"name\": \"" + PREFIX + "\"}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + id
                                + "\", \"ip_version\": 4, \"cidr\": \"10.40.0.0/24\"}");
        return id;
    }

    private JsonNode createPort(String networkId) {
        ApiTestServer.Reply reply =
                server.admin()
                        .post(
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + networkId
                                        + "\", \"device_owner\": \"compute:nova\"}}");
        assertThat(reply.status()).isEqualTo(201);
        ports.add(reply.body().path("port").path("id").asText());
        return reply.body().path("port");
    }

    private static String address(JsonNode port) {
        return port.path("fixed_ips").path(0).path("ip_address").asText();
    }
}
