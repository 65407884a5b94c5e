package org.weft.server.rpc.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.DhcpMessages;
import org.weft.server.NotFoundException;
import org.weft.server.api.ApiTestServer;

/** The plugin's DHCP answers, against a real server and its embedded database. */
class DhcpRpcTest {
    @TempDir static Path data;
    private static ApiTestServer server;
    private static ApiTestServer.Client admin;
    private static DhcpRpc rpc;

    @BeforeAll
    static void startServer() {
        server = ApiTestServer.start(data);
        admin = server.admin();
        rpc = new DhcpRpc(server.server().services(), server.server().dhcpScheduler());
        server.server()
                .agents()
                .report(
                        new AgentMessages.AgentState(
                                AgentMessages.DHCP_AGENT,
                                "weft-dhcp-agent",
                                "network",
                                "dhcp_agent",
                                Map.of(),
                                true,
                                "nova"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String network(String name) {
        return admin.create("networks", "network", "{\"name\": \"" + name + "\"}");
    }

    private static String subnet(String network, String cidr, boolean dhcp) {
        String id =
                admin.create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4, \"cidr\": \""
                                + cidr
                                + "\", \"enable_dhcp\": "
                                + dhcp
                                + "}");
        server.server().dhcpScheduler().schedule(network);
        return id;
    }

    @Test
    void activeNetworksAreThoseWithADhcpSubnet() {
        String served = network("served");
        subnet(served, "10.0.0.0/24", true);
        String notServed = network("not-served");
        subnet(notServed, "10.1.0.0/24", false);

        DhcpMessages.DhcpNetworkList active =
                rpc.activeNetworks(new DhcpMessages.NetworksRequest("network"));

        assertThat(active.networks())
                .extracting(DhcpMessages.DhcpNetwork::id)
                .contains(served)
                .doesNotContain(notServed);
        DhcpMessages.DhcpNetwork network =
                active.networks().stream()
                        .filter(candidate -> candidate.id().equals(served))
                        .findFirst()
                        .orElseThrow();
        assertThat(network.subnets().get(0).gatewayIp()).isEqualTo("10.0.0.1");
    }

    @Test
    void networkInfoHasEveryPortWithItsAddresses() {
        String net = network("net");
        subnet(net, "10.0.0.0/24", true);
        String port = admin.create("ports", "port", "{\"network_id\": \"" + net + "\"}");

        DhcpMessages.DhcpNetwork info =
                rpc.network(new DhcpMessages.NetworkRequest(net, "network"));

        assertThat(info.ports()).extracting(DhcpMessages.DhcpPort::id).containsExactly(port);
        assertThat(info.ports().get(0).fixedIps().get(0).ipAddress()).startsWith("10.0.0.");
        assertThat(info.mtu()).isPositive();
    }

    @Test
    void goneNetworkIsNotFound() {
        assertThatThrownBy(
                        () ->
                                rpc.network(
                                        new DhcpMessages.NetworkRequest(
                                                "00000000-0000-4000-8000-000000000000", "network")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void networkIsNotFoundByAHostWhoseAgentDoesNotHostIt() {
        String net = network("net");
        subnet(net, "10.0.0.0/24", true);

        assertThatThrownBy(() -> rpc.network(new DhcpMessages.NetworkRequest(net, "elsewhere")))
                .isInstanceOf(NotFoundException.class);
        assertThat(rpc.activeNetworks(new DhcpMessages.NetworksRequest("elsewhere")).networks())
                .isEmpty();
    }

    @Test
    void dhcpPortIsMadeOnceWithAnAddressOnEachDhcpSubnet() {
        String net = network("net");
        String first = subnet(net, "10.0.0.0/24", true);
        var request = new DhcpMessages.DhcpPortRequest(net, "dhcp-device-1", "network");

        DhcpMessages.DhcpPort port = rpc.ensureDhcpPort(request);
        DhcpMessages.DhcpPort again = rpc.ensureDhcpPort(request);
        String second = subnet(net, "10.1.0.0/24", true);
        DhcpMessages.DhcpPort widened = rpc.ensureDhcpPort(request);

        assertThat(port.deviceOwner()).isEqualTo("network:dhcp");
        assertThat(port.fixedIps()).extracting(ip -> ip.subnetId()).containsExactly(first);
        assertThat(again).isEqualTo(port);
        assertThat(widened.id()).isEqualTo(port.id());
        assertThat(widened.fixedIps())
                .extracting(ip -> ip.subnetId())
                .containsExactlyInAnyOrder(first, second);
        assertThat(widened.fixedIps()).contains(port.fixedIps().get(0));
    }

    @Test
    void releasedDhcpPortIsDeleted() {
        String net = network("net");
        subnet(net, "10.0.0.0/24", true);
        var request = new DhcpMessages.DhcpPortRequest(net, "dhcp-device-1", "network");
        rpc.ensureDhcpPort(request);

        rpc.releaseDhcpPort(request);

        assertThat(rpc.network(new DhcpMessages.NetworkRequest(net, "network")).ports()).isEmpty();
    }
}
