package org.weft.server.rpc.l3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.L3Messages;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Client;

/**
 * What an L3 agent learns over the bus from a started server: its routers as {@code sync_routers}
 * describes them after API calls, the floating IP statuses it reports, and the {@code
 * routers_updated} and {@code router_deleted} notifications of router and floating IP changes.
 */
class L3RpcTest {
    @TempDir static Path data;
    static ApiTestServer server;
    static Client admin;
    static InProcessBus bus;
    static final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startServerOnABus() {
        server = ApiTestServer.start(data);
        admin = server.admin();
        bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        server.server()
                .agents()
                .report(
                        new AgentMessages.AgentState(
                                AgentMessages.L3_AGENT,
                                "weft-l3-agent",
                                "network",
                                "l3_agent",
                                Map.of(),
                                true,
                                "nova"));
        bus.subscribe(
                Handlers.forTopic(Topics.L3_AGENT)
                        .on(
                                Topics.ROUTERS_UPDATED,
                                message -> told.add("updated " + message.routerIds()))
                        .on(
                                Topics.ROUTER_DELETED,
                                message -> told.add("deleted " + message.routerId()))
                        .build(),
                "network");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRouterIsSyncedWithItsInterfaceGatewayFloatingIpAndRoutes() throws Exception {
        String network =
                admin.create("networks", "network", "{\"name\": \"inside\", \"mtu\": 1400}");
        String subnet = subnet(network, "10.0.0.0/24", "");
        String external =
                admin.create(
                        "networks", "network", "{\"name\": \"public\", \"router:external\": true}");
        String externalSubnet = subnet(external, "172.24.4.0/24", ", \"enable_dhcp\": false");
        String router = admin.create("routers", "router", "{\"name\": \"r\"}");
        admin.put(
                "/v2.0/routers/" + router + "/add_router_interface",
                "{\"subnet_id\": \"" + subnet + "\"}");
        admin.put(
                "/v2.0/routers/" + router,
                "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                        + external
                        + "\"}, \"routes\": [{\"destination\": \"192.168.0.0/24\", \"nexthop\":"
                        + " \"10.0.0.7\"}]}}");
        String port = admin.create("ports", "port", "{\"network_id\": \"" + network + "\"}");
        String floatingIp =
                admin.create(
                        "floatingips",
                        "floatingip",
                        "{\"floating_network_id\": \""
                                + external
                                + "\", \"port_id\": \""
                                + port
                                + "\"}");

        L3Messages.RouterSyncReply reply =
                bus.call(
                        Topics.SYNC_ROUTERS,
                        new L3Messages.RouterSyncRequest("network", List.of(router)));

        assertThat(reply.routers()).hasSize(1);
        L3Messages.RouterInfo info = reply.routers().get(0);
        assertThat(info.enableSnat()).isTrue();
        assertThat(info.interfaces())
                .singleElement()
                .satisfies(
                        iface -> {
                            assertThat(iface.ipAddress()).isEqualTo("10.0.0.1");
                            assertThat(iface.cidr()).isEqualTo("10.0.0.0/24");
                            assertThat(iface.mtu()).isEqualTo(1400);
                        });
        assertThat(info.gateway().networkId()).isEqualTo(external);
        assertThat(info.gateway().subnets())
                .singleElement()
                .satisfies(
                        gateway -> {
                            assertThat(gateway.subnetId()).isEqualTo(externalSubnet);
                            assertThat(gateway.gatewayIp()).isEqualTo("172.24.4.1");
                        });
        assertThat(info.floatingIps())
                .singleElement()
                .satisfies(
                        shown -> {
                            assertThat(shown.id()).isEqualTo(floatingIp);
                            assertThat(shown.portId()).isEqualTo(port);
                            assertThat(shown.fixedIpAddress()).startsWith("10.0.0.");
                        });
        assertThat(info.routes())
                .containsExactly(new L3Messages.ExtraRoute("192.168.0.0/24", "10.0.0.7"));
        assertThat(awaitTold("updated [" + router + "]")).isTrue();

        bus.call(
                Topics.UPDATE_FLOATINGIP_STATUSES,
                new L3Messages.FloatingIpStatuses(router, Map.of(floatingIp, "ACTIVE")));

        assertThat(admin.get("/v2.0/floatingips/" + floatingIp).at("/floatingip/status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aDeletedRouterIsTold() throws Exception {
        String router = admin.create("routers", "router", "{\"name\": \"gone\"}");

        admin.delete("/v2.0/routers/" + router);

        assertThat(awaitTold("deleted " + router)).isTrue();
        assertThat(
                        bus.call(
                                        Topics.SYNC_ROUTERS,
                                        new L3Messages.RouterSyncRequest(
                                                "network", List.of(router)))
                                .routers())
                .isEmpty();
    }

    private static boolean awaitTold(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String message = told.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(message)) {
                return true;
            }
        }
        return false;
    }

    private static String subnet(String network, String cidr, String more) {
        return admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"ip_version\": 4, \"cidr\": \""
                        + cidr
                        + "\""
                        + more
                        + "}");
    }
}
