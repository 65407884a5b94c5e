package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;
import org.weft.server.service.FloatingIpId;

/**
 * Floating IPs over HTTP against a started server: allocation from an external network, association
 * only through a router that reaches the port's subnet, one floating IP per fixed IP, what they
 * keep from being removed, the reference's errors (each leaving the store as it was), tenancy and
 * concurrent allocation from a small pool.
 */
class FloatingIpApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String network;
    static String subnet;
    static String external;
    static String router;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        network = admin.create("networks", "network", "{\"name\": \"inside\"}");
        subnet = subnet(network, "10.0.0.0/24");
        external = externalNetwork("public", "172.24.4.0/24", "");
        router = admin.create("routers", "router", "{\"name\": \"r\"}");
        admin.put(
                "/v2.0/routers/" + router + "/add_router_interface",
                "{\"subnet_id\": \"" + subnet + "\"}");
        admin.put(
                "/v2.0/routers/" + router,
                "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                        + external
                        + "\"}}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFloatingIpOnAPortGoesThroughTheRouterAndShowsThePort() {
        String port = port(network, "vm");

        Reply created = create("\"port_id\": \"" + port + "\"");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(NetworkApiTest.fieldNames(created.at("/floatingip")))
                .containsExactly(
                        "id",
                        "tenant_id",
                        "floating_ip_address",
                        "floating_network_id",
                        "router_id",
                        "port_id",
                        "fixed_ip_address",
                        "status",
                        "project_id",
                        "description",
                        "port_details",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number");
        assertThat(created.at("/floatingip/router_id").asText()).isEqualTo(router);
        assertThat(created.at("/floatingip/fixed_ip_address").asText()).startsWith("10.0.0.");
        assertThat(created.at("/floatingip/floating_ip_address").asText()).startsWith("172.24.4.");
        assertThat(created.at("/floatingip/status").asText()).isEqualTo("DOWN");
        assertThat(created.at("/floatingip/revision_number").asLong()).isZero();
        assertThat(created.at("/floatingip/port_details/name").asText()).isEqualTo("vm");
        String id = created.at("/floatingip/id").asText();

        admin.put("/v2.0/ports/" + port, "{\"port\": {\"name\": \"renamed\"}}");
        assertThat(
                        admin.get("/v2.0/floatingips/" + id)
                                .at("/floatingip/port_details/name")
                                .asText())
                .isEqualTo("renamed");
        assertThat(
                        admin.get("/v2.0/floatingips?port_id=" + port)
                                .at("/floatingips/0/port_details/name")
                                .asText())
                .isEqualTo("renamed");

        Reply disassociated =
                admin.put("/v2.0/floatingips/" + id, "{\"floatingip\": {\"port_id\": null}}");

        assertThat(disassociated.at("/floatingip/router_id").isNull()).isTrue();
        assertThat(disassociated.at("/floatingip/port_details").isNull()).isTrue();
        assertThat(disassociated.at("/floatingip/revision_number").asLong()).isEqualTo(1);
        assertThat(admin.delete("/v2.0/floatingips/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/v2.0/ports?device_id=" + id).at("/ports")).isEmpty();
    }

    @Test
    void aPortWithTwoAddressesNeedsTheChosenOne() {
        String port =
                admin.create(
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"fixed_ips\": [{\"subnet_id\": \""
                                + subnet
                                + "\"}, {\"subnet_id\": \""
                                + subnet
                                + "\", \"ip_address\": \"10.0.0.77\"}]}");

        Reply unchosen = create("\"port_id\": \"" + port + "\"");
        Reply wrong = create("\"port_id\": \"" + port + "\", \"fixed_ip_address\": \"10.0.0.222\"");
        Reply chosen = create("\"port_id\": \"" + port + "\", \"fixed_ip_address\": \"10.0.0.77\"");
        Reply twice = create("\"port_id\": \"" + port + "\", \"fixed_ip_address\": \"10.0.0.77\"");

        assertThat(unchosen.status()).isEqualTo(400);
        assertThat(unchosen.errorMessage()).contains("has multiple fixed IPv4 addresses");
        assertThat(wrong.errorMessage())
                .isEqualTo(
                        "Bad floatingip request: Port "
                                + port
                                + " does not have fixed ip 10.0.0.222.");
        assertThat(chosen.at("/floatingip/fixed_ip_address").asText()).isEqualTo("10.0.0.77");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorType()).isEqualTo("FloatingIPPortAlreadyAssociated");
        assertThat(twice.errorMessage())
                .endsWith(
                        "with port "
                                + port
                                + " using fixed IP 10.0.0.77, as that fixed IP already has a"
                                + " floating IP on external network "
                                + external
                                + ".");
    }

    @Test
    void aPortNoRouterReachesIsRefusedAndNothingChanges() {
        String lonely = admin.create("networks", "network", "{\"name\": \"lonely\"}");
        String lonelySubnet = subnet(lonely, "10.9.0.0/24");
        String port = port(lonely, "unreachable");
        String before = everything();

        Reply reply = create("\"port_id\": \"" + port + "\"");
        Reply internal =
                admin.post(
                        "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \"" + network + "\"}}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorType()).isEqualTo("ExternalGatewayForFloatingIPNotFound");
        assertThat(reply.errorMessage())
                .isEqualTo(
                        "External network "
                                + external
                                + " is not reachable from subnet "
                                + lonelySubnet
                                + ".  Therefore, cannot associate Port "
                                + port
                                + " with a Floating IP.");
        Reply portless = create("\"fixed_ip_address\": \"10.0.0.5\"");
        assertThat(portless.errorMessage())
                .isEqualTo(
                        "Bad floatingip request: fixed_ip_address cannot be specified without a"
                                + " port_id.");
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.errorMessage())
                .isEqualTo(
                        "Bad floatingip request: Network "
                                + network
                                + " is not a valid external network.");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aChosenAddressIsTakenOnceAndMustBeOnTheNetwork() {
        Reply first = create("\"floating_ip_address\": \"172.24.4.200\"");
        Reply again = create("\"floating_ip_address\": \"172.24.4.200\"");
        Reply outside = create("\"floating_ip_address\": \"10.1.1.1\"");

        assertThat(first.at("/floatingip/floating_ip_address").asText()).isEqualTo("172.24.4.200");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("IpAddressAlreadyAllocated");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.errorType()).isEqualTo("InvalidIpForNetwork");
    }

    @Test
    void aFloatingIpKeepsItsInterfaceAndGatewayAndLetsGoOfADeletedPort() {
        String port = port(network, "held");
        String id = create("\"port_id\": \"" + port + "\"").at("/floatingip/id").asText();

        Reply interfaceRemoval =
                admin.put(
                        "/v2.0/routers/" + router + "/remove_router_interface",
                        "{\"subnet_id\": \"" + subnet + "\"}");
        Reply gatewayRemoval =
                admin.put(
                        "/v2.0/routers/" + router, "{\"router\": {\"external_gateway_info\": {}}}");
        Reply portDeletion = admin.delete("/v2.0/ports/" + port);

        assertThat(interfaceRemoval.status()).isEqualTo(409);
        assertThat(interfaceRemoval.errorType()).isEqualTo("RouterInterfaceInUseByFloatingIP");
        assertThat(gatewayRemoval.status()).isEqualTo(409);
        assertThat(gatewayRemoval.errorType()).isEqualTo("RouterExternalGatewayInUseByFloatingIp");
        assertThat(portDeletion.status()).isEqualTo(204);
        Reply shown = admin.get("/v2.0/floatingips/" + id);
        assertThat(shown.at("/floatingip/port_id").isNull()).isTrue();
        assertThat(shown.at("/floatingip/router_id").isNull()).isTrue();
    }

    @Test
    void agentsReportTheStatus() {
        String id = create("").at("/floatingip/id").asText();

        server.server()
                .services()
                .floatingIps()
                .updateStatuses(Map.of(FloatingIpId.of(id), "ACTIVE"));

        assertThat(admin.get("/v2.0/floatingips/" + id).at("/floatingip/status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aProjectAllocatesFromASharedExternalNetworkAndSeesOnlyItsOwn() {
        Client tenant = server.as("fip-tenant", null);
        Client other = server.as("fip-other", null);

        Reply created =
                tenant.post(
                        "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \"" + external + "\"}}");
        String id = created.at("/floatingip/id").asText();
        Reply chosen =
                tenant.post(
                        "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \""
                                + external
                                + "\", \"floating_ip_address\": \"172.24.4.201\"}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.at("/floatingip/tenant_id").asText()).isEqualTo("fip-tenant");
        assertThat(chosen.status()).isEqualTo(403);
        assertThat(other.get("/v2.0/floatingips/" + id).status()).isEqualTo(404);
        assertThat(other.get("/v2.0/floatingips").at("/floatingips")).isEmpty();
        assertThat(other.delete("/v2.0/floatingips/" + id).status()).isEqualTo(404);
        assertThat(tenant.get("/v2.0/floatingips").at("/floatingips")).hasSize(1);
    }

    @Test
    void eightClientsShareASmallPoolWithoutDuplicatesAndTheOneTooManyIsRefused() throws Exception {
        String pool =
                externalNetwork(
                        "pool",
                        "198.51.100.0/24",
                        ", \"allocation_pools\": [{\"start\": \"198.51.100.10\", \"end\":"
                                + " \"198.51.100.16\"}]");
        admin.put("/v2.0/quotas/fake_project_id", "{\"quota\": {\"floatingip\": 100}}");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> pending = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pending.add(
                        clients.submit(
                                () ->
                                        admin.post(
                                                "/v2.0/floatingips",
                                                "{\"floatingip\": {\"floating_network_id\": \""
                                                        + pool
                                                        + "\"}}")));
            }
            for (Future<Reply> reply : pending) {
                replies.add(reply.get());
            }
        } finally {
            clients.shutdownNow();
        }

        Set<String> addresses = new HashSet<>();
        List<String> refusals = new ArrayList<>();
        for (Reply reply : replies) {
            if (reply.status() == 201) {
                addresses.add(reply.at("/floatingip/floating_ip_address").asText());
            } else {
                refusals.add(reply.status() + " " + reply.errorType());
            }
        }
        assertThat(addresses).hasSize(7);
        assertThat(refusals).containsExactly("409 IpAddressGenerationFailure");
    }

    private static Reply create(String attributes) {
        String more = attributes.isEmpty() ? "" : ", " + attributes;
        return admin.post(
                "/v2.0/floatingips",
                "{\"floatingip\": {\"floating_network_id\": \"" + external + "\"" + more + "}}");
    }

    private static String externalNetwork(String name, String cidr, String more) {
        String id =
                admin.create(
                        "networks",
                        "network",
                        "{\"name\": \"" + name + "\", \"router:external\": true}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + id
                        + "\", \"ip_version\": 4, \"cidr\": \""
                        + cidr
                        + "\", \"enable_dhcp\": false"
                        + more
                        + "}");
        return id;
    }

    private static String subnet(String network, String cidr) {
        return admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"ip_version\": 4, \"cidr\": \""
                        + cidr
                        + "\"}");
    }

    private static String port(String network, String name) {
        return admin.create(
                "ports",
                "port",
                "{\"network_id\": \"" + network + "\", \"name\": \"" + name + "\"}");
    }

    private static String everything() {
        return admin.get("/v2.0/floatingips").text()
                + admin.get("/v2.0/ports").text()
                + admin.get("/v2.0/quotas/fake_project_id/details").text();
    }
}
