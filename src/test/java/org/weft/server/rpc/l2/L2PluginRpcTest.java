package org.weft.server.rpc.l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.bus.Subscription;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.L2Messages.DeviceDetails;
import org.weft.bus.message.L2Messages.DeviceListRequest;
import org.weft.bus.message.L2Messages.DeviceRequest;
import org.weft.bus.message.L2Messages.DevicesRequest;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.NetworkHostsRequest;
import org.weft.bus.message.L2Messages.PortDelete;
import org.weft.bus.message.L2Messages.PortUpdate;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.bus.message.L2Messages.TunnelSyncRequest;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Client;

/**
 * The server's answers to Open vSwitch agents, through a real server and the in-process bus: the
 * agent side here is the test, calling and listening as {@code weft agent ovs} does.
 */
class L2PluginRpcTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static Bus bus;
    static Subscription agentSide;
    static final BlockingQueue<Object> told = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        server =
                ApiTestServer.start(
                        dataDir,
                        Config.fromText(
                                "plugin.ini",
                                """
                                [OVS]
                                tenant_network_type = gre
                                tunnel_id_ranges = 1:1000
                                [ml2_type_vlan]
                                network_vlan_ranges = physnet1
                                """));
        admin = server.admin();
        bus = new InProcessBus(WAIT);
        server.server().connect(bus);
        agentSide =
                bus.subscribe(
                        Handlers.forTopic(Topics.L2_AGENT)
                                .on(Topics.PORT_UPDATE, told::add)
                                .on(Topics.PORT_DELETE, told::add)
                                .on(Topics.TUNNEL_UPDATE, told::add)
                                .on(
                                        Topics.TUNNEL_DELETE,
                                        endpoint -> told.add(new Deleted(endpoint)))
                                .on(Topics.NETWORK_HOSTS_UPDATE, told::add)
                                .build());
        heartbeat("compute1", List.of("gre"), Map.of());
    }

    @AfterAll
    static void stop() {
        agentSide.close();
        server.close();
        bus.close();
    }

    @BeforeEach
    void forgetWhatWasTold() {
        told.clear();
    }

    @Test
    void portOnAHostWithALiveAgentIsBoundWithTheVifDetailsOfThatAgent() {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");

        JsonNode port = port(network, "compute1");

        assertThat(port.path("binding:vif_type").asText()).isEqualTo("ovs");
        JsonNode details = port.path("binding:vif_details");
        assertThat(details.path("ovs_hybrid_plug").asBoolean()).isTrue();
        assertThat(details.path("port_filter").asBoolean()).isTrue();
        assertThat(details.path("datapath_type").asText()).isEqualTo("netdev");
        assertThat(details.path("bridge_name").asText()).isEqualTo("br-int");
        assertThat(details.path("connectivity").asText()).isEqualTo("l2");
    }

    @Test
    void portOnAHostWithoutAgentFailsToBindUntilItsAgentAsksForIt() {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        JsonNode port = port(network, "compute7");
        assertThat(port.path("binding:vif_type").asText()).isEqualTo("binding_failed");

        heartbeat("compute7", List.of("gre"), Map.of());
        DeviceDetails details =
                bus.call(
                        Topics.GET_DEVICE_DETAILS,
                        new DeviceRequest(port.path("id").asText(), "agent", "compute7"));

        assertThat(details.exists()).isTrue();
        assertThat(show(port).path("binding:vif_type").asText()).isEqualTo("ovs");
    }

    @Test
    void agentWithoutTheNetworksPhysicalNetworkCannotBindIt() {
        String vlan =
                admin.create(
                        "networks",
                        "network",
                        "{\"provider:network_type\": \"vlan\", \"provider:physical_network\":"
                                + " \"physnet1\", \"provider:segmentation_id\": 300}");

        assertThat(port(vlan, "compute1").path("binding:vif_type").asText())
                .isEqualTo("binding_failed");
        heartbeat("network", List.of("gre"), Map.of("physnet1", "br-ex"));
        assertThat(port(vlan, "network").path("binding:vif_type").asText()).isEqualTo("ovs");
    }

    @Test
    void deviceDetailsCarryTheSegmentAddressesAndSecurityInTheOrderAsked() {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4}");
        JsonNode first = port(network, "compute1");
        JsonNode second = port(network, "compute1");

        List<DeviceDetails> details =
                bus.call(
                                Topics.GET_DEVICES_DETAILS_LIST,
                                new DevicesRequest(
                                        List.of(
                                                second.path("id").asText(),
                                                "not-a-port",
                                                first.path("id").asText()),
                                        "agent",
                                        "compute1"))
                        .devices();

        assertThat(details).extracting(DeviceDetails::exists).containsExactly(true, false, true);
        DeviceDetails wired = details.get(2);
        assertThat(wired.networkId()).isEqualTo(network);
        assertThat(wired.networkType()).isEqualTo("gre");
        assertThat(wired.segmentationId()).isPositive();
        assertThat(wired.mtu()).isEqualTo(1458);
        assertThat(wired.macAddress()).isEqualTo(first.path("mac_address").asText());
        assertThat(wired.fixedIps().get(0).ipAddress())
                .isEqualTo(first.at("/fixed_ips/0/ip_address").asText());
        assertThat(wired.portSecurityEnabled()).isTrue();
    }

    @Test
    void deviceUpMakesThePortActiveAndDownMakesItDownAgain() {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        JsonNode port = port(network, "compute1");
        String id = port.path("id").asText();

        bus.call(Topics.UPDATE_DEVICE_UP, new DeviceRequest(id, "agent", "compute1"));
        assertThat(show(port).path("status").asText()).isEqualTo("ACTIVE");

        var reply =
                bus.call(
                        Topics.UPDATE_DEVICE_LIST,
                        new DeviceListRequest(List.of(), List.of(id, "gone"), "agent", "compute1"));
        assertThat(reply.devicesDown()).containsExactly(id);
        assertThat(reply.failedDevicesDown()).containsExactly("gone");
        assertThat(show(port).path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void statusReportsDoNotEchoBackAsPortUpdates() throws Exception {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        JsonNode port = port(network, "compute1");
        String id = port.path("id").asText();

        bus.call(Topics.UPDATE_DEVICE_UP, new DeviceRequest(id, "agent", "compute1"));
        admin.put("/v2.0/ports/" + id, "{\"port\": {\"name\": \"renamed\"}}");
        admin.put("/v2.0/ports/" + id, "{\"port\": {\"admin_state_up\": false}}");

        PortUpdate update = next(PortUpdate.class);
        assertThat(update.portId()).isEqualTo(id);
        assertThat(update.revisionNumber()).isEqualTo(show(port).path("revision_number").asLong());
    }

    @Test
    void deletedPortIsToldToEveryAgentAndLeavesTheNetworksHosts() throws Exception {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        JsonNode port = port(network, "compute1");
        assertThat(next(NetworkHosts.class).hosts()).containsExactly("compute1");

        admin.delete("/v2.0/ports/" + port.path("id").asText());

        assertThat(next(PortDelete.class).portId()).isEqualTo(port.path("id").asText());
        NetworkHosts hosts = next(NetworkHosts.class);
        assertThat(hosts.networkId()).isEqualTo(network);
        assertThat(hosts.hosts()).isEmpty();
    }

    @Test
    void networkReachesTheHostsOfItsBoundAndOfItsWiredPorts() {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        port(network, "compute1");
        JsonNode dhcp =
                admin.post("/v2.0/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}")
                        .at("/port");
        bus.call(
                Topics.UPDATE_DEVICE_UP,
                new DeviceRequest(dhcp.path("id").asText(), "agent", "network"));

        var reply =
                bus.call(
                        Topics.GET_NETWORK_HOSTS,
                        new NetworkHostsRequest(List.of(network), "compute1"));

        assertThat(reply.networks().get(0).hosts()).containsExactly("compute1", "network");
    }

    @Test
    void tunnelSyncRegistersTheEndpointAndTellsTheOthers() throws Exception {
        bus.call(Topics.TUNNEL_SYNC, new TunnelSyncRequest("10.20.20.53", "gre", "compute1"));
        var reply =
                bus.call(
                        Topics.TUNNEL_SYNC,
                        new TunnelSyncRequest("10.20.20.54", "gre", "compute2"));

        assertThat(reply.tunnels())
                .extracting(TunnelEndpoint::ipAddress)
                .contains("10.20.20.53", "10.20.20.54");
        assertThat(next(TunnelEndpoint.class).ipAddress()).isEqualTo("10.20.20.53");
        assertThat(next(TunnelEndpoint.class).ipAddress()).isEqualTo("10.20.20.54");
    }

    @Test
    void deletedAgentsTunnelEndpointIsToldGone() throws Exception {
        heartbeat("compute9", List.of("gre"), Map.of());
        bus.call(Topics.TUNNEL_SYNC, new TunnelSyncRequest("10.20.20.99", "gre", "compute9"));
        String agent = null;
        for (JsonNode known : admin.get("/v2.0/agents?host=compute9").at("/agents")) {
            agent = known.path("id").asText();
        }

        assertThat(admin.delete("/v2.0/agents/" + agent).status()).isEqualTo(204);

        assertThat(next(Deleted.class).endpoint().ipAddress()).isEqualTo("10.20.20.99");
        assertThat(
                        bus.call(
                                        Topics.TUNNEL_SYNC,
                                        new TunnelSyncRequest("10.20.20.53", "gre", "compute1"))
                                .tunnels())
                .extracting(TunnelEndpoint::ipAddress)
                .doesNotContain("10.20.20.99");
    }

    /** A tunnel endpoint the server told gone. */
    record Deleted(TunnelEndpoint endpoint) {}

    private static JsonNode port(String network, String host) {
        return admin.post(
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + host
                                + "\"}}")
                .at("/port");
    }

    private static JsonNode show(JsonNode port) {
        return admin.get("/v2.0/ports/" + port.path("id").asText()).at("/port");
    }

    private static void heartbeat(
            String host, List<String> tunnelTypes, Map<String, String> mappings) {
        bus.call(
                Topics.REPORT_STATE,
                new AgentState(
                        AgentMessages.OPEN_VSWITCH_AGENT,
                        "weft-agent-ovs",
                        host,
                        "N/A",
                        Map.of(
                                "tunnel_types", tunnelTypes,
                                "bridge_mappings", mappings,
                                "datapath_type", "netdev",
                                "integration_bridge", "br-int",
                                "firewall_driver", "iptables_hybrid"),
                        true,
                        "nova"));
    }

    private static <T> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Object message = told.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " told within " + WAIT);
    }
}
