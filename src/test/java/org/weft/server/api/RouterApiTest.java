package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.StandardResource;

/**
 * Routers over HTTP against a started server: interfaces by subnet and by port, the gateway on an
 * external network, extra routes, what may not be deleted while a router needs it, the errors the
 * reference Neutron gives (each leaving the store as it was), tenancy, quotas and events.
 */
class RouterApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String network;
    static String external;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        server.server()
                .services()
                .events()
                .register(
                        new ChangeListener() {
                            @Override
                            public void resourceChanged(
                                    String resource, Change<? extends StandardResource> change) {
                                if (resource.equals("router")) {
                                    events.add(change.kind().toString());
                                }
                            }
                        });
        network = admin.create("networks", "network", "{\"name\": \"inside\"}");
        external =
                admin.create(
                        "networks", "network", "{\"name\": \"public\", \"router:external\": true}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + external
                        + "\", \"ip_version\": 4, \"cidr\": \"172.24.4.0/24\", \"enable_dhcp\":"
                        + " false}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCreatedRouterHasTheReferenceDefaultsInItsKeyOrder() {
        Reply reply = admin.post("/v2.0/routers", "{\"router\": {\"name\": \"r\"}}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(NetworkApiTest.fieldNames(reply.at("/router")))
                .containsExactly(
                        "id",
                        "name",
                        "tenant_id",
                        "admin_state_up",
                        "status",
                        "external_gateway_info",
                        "description",
                        "availability_zones",
                        "distributed",
                        "ha",
                        "availability_zone_hints",
                        "routes",
                        "flavor_id",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number",
                        "project_id");
        assertThat(reply.at("/router/external_gateway_info").isNull()).isTrue();
        assertThat(reply.at("/router/status").asText()).isEqualTo("ACTIVE");
        assertThat(reply.at("/router/revision_number").asLong()).isEqualTo(1);
    }

    @Test
    void anInterfaceOnASubnetTakesItsGatewayAddressAndGoesWithItsRemoval() {
        String router = router("iface");
        String subnet = subnet("10.1.0.0/24");

        Reply added = addInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");

        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(NetworkApiTest.fieldNames(added.body()))
                .containsExactly(
                        "id", "tenant_id", "port_id", "network_id", "subnet_id", "subnet_ids");
        JsonNode port = admin.get("/v2.0/ports/" + added.at("/port_id").asText()).at("/port");
        assertThat(port.path("device_owner").asText()).isEqualTo("network:router_interface");
        assertThat(port.path("device_id").asText()).isEqualTo(router);
        assertThat(port.at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.1.0.1");
        assertThat(port.path("port_security_enabled").asBoolean()).isFalse();
        assertThat(port.path("security_groups")).isEmpty();
        assertThat(port.path("revision_number").asLong()).isEqualTo(2);
        assertThat(revision(router)).isEqualTo(2);

        Reply removed = removeInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");

        assertThat(removed.body()).isEqualTo(added.body());
        assertThat(admin.get("/v2.0/ports/" + added.at("/port_id").asText()).status())
                .isEqualTo(404);
        assertThat(revision(router)).isEqualTo(3);
    }

    @Test
    void anInterfaceOnAPortTakesThePortAndLeavesItsAddress() {
        String router = router("by-port");
        String subnet = subnet("10.2.0.0/24");
        String port =
                admin.create(
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"fixed_ips\": [{\"subnet_id\": \""
                                + subnet
                                + "\", \"ip_address\": \"10.2.0.9\"}]}");

        Reply added = addInterface(router, "{\"port_id\": \"" + port + "\"}");
        Reply again = addInterface(router("second"), "{\"port_id\": \"" + port + "\"}");

        assertThat(added.at("/subnet_id").asText()).isEqualTo(subnet);
        assertThat(admin.get("/v2.0/ports/" + port).at("/port/device_owner").asText())
                .isEqualTo("network:router_interface");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("PortInUse");
        removeInterface(router, "{\"port_id\": \"" + port + "\"}");
    }

    @Test
    void whatARouterNeedsIsNotDeleted() {
        String router = router("needed");
        String subnet = subnet("10.3.0.0/24");
        String port =
                addInterface(router, "{\"subnet_id\": \"" + subnet + "\"}").at("/port_id").asText();

        Reply moved =
                admin.put(
                        "/v2.0/ports/" + port,
                        "{\"port\": {\"fixed_ips\": [{\"ip_address\": \"10.3.0.9\"}]}}");
        Reply routerDelete = admin.delete("/v2.0/routers/" + router);
        Reply portDelete = admin.delete("/v2.0/ports/" + port);
        Reply subnetDelete = admin.delete("/v2.0/subnets/" + subnet);

        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.errorMessage())
                .isEqualTo("Bad ports request: IP updates for port " + port + " are not allowed.");
        assertThat(routerDelete.status()).isEqualTo(409);
        assertThat(routerDelete.errorType()).isEqualTo("RouterInUse");
        assertThat(routerDelete.errorMessage())
                .isEqualTo("Router " + router + " has ports still attached: " + port);
        assertThat(portDelete.status()).isEqualTo(409);
        assertThat(portDelete.errorType()).isEqualTo("ServicePortInUse");
        assertThat(portDelete.errorMessage())
                .isEqualTo(
                        "Port "
                                + port
                                + " cannot be deleted directly via the port API: has device owner"
                                + " network:router_interface.");
        assertThat(subnetDelete.status()).isEqualTo(409);
        assertThat(subnetDelete.errorType()).isEqualTo("SubnetInUse");
        removeInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");
        assertThat(admin.delete("/v2.0/routers/" + router).status()).isEqualTo(204);
        assertThat(admin.delete("/v2.0/subnets/" + subnet).status()).isEqualTo(204);
    }

    @Test
    void theGatewayIsAPortOnTheExternalNetworkAndGoesWhenCleared() {
        String router = router("gateway");

        Reply set =
                admin.put(
                        "/v2.0/routers/" + router,
                        "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                                + external
                                + "\", \"enable_snat\": false}}}");

        assertThat(set.status()).as(set.text()).isEqualTo(200);
        JsonNode gateway = set.at("/router/external_gateway_info");
        assertThat(NetworkApiTest.fieldNames(gateway))
                .containsExactly("network_id", "external_fixed_ips", "enable_snat");
        assertThat(gateway.path("enable_snat").asBoolean()).isFalse();
        assertThat(gateway.at("/external_fixed_ips/0/ip_address").asText()).startsWith("172.24.4.");
        assertThat(set.at("/router/revision_number").asLong()).isEqualTo(3);
        JsonNode ports = admin.get("/v2.0/ports?device_id=" + router).at("/ports");
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0).path("device_owner").asText()).isEqualTo("network:router_gateway");

        Reply cleared =
                admin.put(
                        "/v2.0/routers/" + router, "{\"router\": {\"external_gateway_info\": {}}}");

        assertThat(cleared.at("/router/external_gateway_info").isNull()).isTrue();
        assertThat(cleared.at("/router/revision_number").asLong()).isEqualTo(6);
        assertThat(admin.get("/v2.0/ports?device_id=" + router).at("/ports")).isEmpty();
    }

    @Test
    void extraRoutesNeedANextHopOnARouterSubnet() {
        String router = router("routes");
        String subnet = subnet("10.4.0.0/24");
        addInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");

        Reply far = routes(router, "192.168.9.0/24", "10.99.0.5");
        Reply own = routes(router, "192.168.9.0/24", "10.4.0.1");
        Reply good = routes(router, "192.168.9.0/24", "10.4.0.5");
        Reply needed = removeInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");
        Reply added =
                admin.put(
                        "/v2.0/routers/" + router + "/add_extraroutes",
                        "{\"router\": {\"routes\": [{\"destination\": \"192.168.8.0/24\","
                                + " \"nexthop\": \"10.4.0.6\"}]}}");
        Reply removed =
                admin.put(
                        "/v2.0/routers/" + router + "/remove_extraroutes",
                        "{\"router\": {\"routes\": [{\"destination\": \"192.168.9.0/24\","
                                + " \"nexthop\": \"10.4.0.5\"}]}}");

        assertThat(far.errorType()).isEqualTo("InvalidRoutes");
        assertThat(far.errorMessage())
                .isEqualTo(
                        "Invalid format for routes: [{'destination': '192.168.9.0/24', 'nexthop':"
                                + " '10.99.0.5'}], the nexthop is not connected with router");
        assertThat(own.errorMessage()).endsWith("the nexthop is used by router");
        assertThat(good.at("/router/routes").toString())
                .isEqualTo("[{\"destination\":\"192.168.9.0/24\",\"nexthop\":\"10.4.0.5\"}]");
        assertThat(needed.status()).isEqualTo(409);
        assertThat(needed.errorType()).isEqualTo("RouterInterfaceInUseByRoute");
        assertThat(added.at("/router/routes")).hasSize(2);
        assertThat(removed.at("/router/routes").toString())
                .isEqualTo("[{\"destination\":\"192.168.8.0/24\",\"nexthop\":\"10.4.0.6\"}]");
    }

    static Stream<Arguments> badInterfaces() {
        String missing = "00000000-0000-4000-8000-000000000000";
        return Stream.of(
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"SUB\"}",
                        400,
                        "BadRequest",
                        "Bad router request: Router already has a port on subnet SUB."),
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"OVERLAP\"}",
                        400,
                        "BadRequest",
                        "Bad router request: Cidr 10.5.0.0/25 of subnet OVERLAP overlaps with cidr"
                                + " 10.5.0.0/24 of subnet SUB."),
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"NOGATEWAY\"}",
                        400,
                        "BadRequest",
                        "Bad router request: Subnet for router interface must have a gateway IP."),
                Arguments.of(
                        "add_router_interface",
                        "{}",
                        400,
                        "BadRequest",
                        "Bad router request: Either subnet_id or port_id must be specified."),
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"SUB\", \"port_id\": \"" + missing + "\"}",
                        400,
                        "BadRequest",
                        "Bad router request: Cannot specify both subnet-id and port-id."),
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"zz\"}",
                        400,
                        "BadRequest",
                        "Bad router request: 'zz' is not a valid UUID."),
                Arguments.of(
                        "add_router_interface",
                        "{\"subnet_id\": \"" + missing + "\"}",
                        404,
                        "SubnetNotFound",
                        "Subnet " + missing + " could not be found."),
                Arguments.of(
                        "remove_router_interface",
                        "{\"subnet_id\": \"OVERLAP\"}",
                        404,
                        "RouterInterfaceNotFoundForSubnet",
                        "Router ROUTER has no interface on subnet OVERLAP"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badInterfaces")
    void aBadInterfaceRequestGetsTheReferenceErrorAndChangesNothing(
            String action, String body, int status, String type, String message) {
        Fixture fixture = Fixture.get();
        String before = everything();

        Reply reply =
                admin.put("/v2.0/routers/" + fixture.router + "/" + action, fixture.fill(body));

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.errorType()).isEqualTo(type);
        assertThat(reply.errorMessage()).isEqualTo(fixture.fill(message));
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aGatewayOnAnInternalNetworkIsRefusedAndChangesNothing() {
        String router = router("internal-gateway");
        String before = everything();

        Reply reply =
                admin.put(
                        "/v2.0/routers/" + router,
                        "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                                + network
                                + "\"}}}");
        Reply keyless =
                admin.put(
                        "/v2.0/routers/" + router,
                        "{\"router\": {\"external_gateway_info\": {\"enable_snat\": false}}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorMessage())
                .isEqualTo(
                        "Bad router request: Network " + network + " is not an external network.");
        assertThat(keyless.errorMessage())
                .isEqualTo(
                        "Invalid input for external_gateway_info. Reason: Validation of"
                            + " dictionary's keys failed. Expected keys: {'network_id'} Provided"
                            + " keys: {'enable_snat'}.");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aProjectSeesAndChangesOnlyItsOwnRoutersAndUsesOnlyItsOwnSubnets() {
        String router = router("admins");
        String subnet = subnet("10.6.0.0/24");
        Client tenant = server.as("router-tenant", null);
        String own = tenant.create("routers", "router", "{\"name\": \"mine\"}");

        Reply shown = tenant.get("/v2.0/routers/" + router);
        Reply listed = tenant.get("/v2.0/routers?fields=id");
        Reply foreignSubnet =
                tenant.put(
                        "/v2.0/routers/" + own + "/add_router_interface",
                        "{\"subnet_id\": \"" + subnet + "\"}");
        Reply gateway =
                tenant.put(
                        "/v2.0/routers/" + own,
                        "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                                + external
                                + "\"}}}");
        Reply snat =
                tenant.put(
                        "/v2.0/routers/" + own,
                        "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                                + external
                                + "\", \"enable_snat\": false}}}");

        assertThat(shown.status()).isEqualTo(404);
        assertThat(shown.errorType()).isEqualTo("RouterNotFound");
        assertThat(listed.at("/routers").toString()).isEqualTo("[{\"id\":\"" + own + "\"}]");
        assertThat(foreignSubnet.status()).isEqualTo(404);
        assertThat(gateway.status()).as(gateway.text()).isEqualTo(200);
        assertThat(snat.status()).isEqualTo(403);
    }

    @Test
    void theRouterQuotaHoldsForEveryProject() {
        admin.put("/v2.0/quotas/router-quota", "{\"quota\": {\"router\": 1}}");
        Client tenant = server.as("router-quota", null);

        Reply first = tenant.post("/v2.0/routers", "{\"router\": {\"name\": \"a\"}}");
        Reply second = tenant.post("/v2.0/routers", "{\"router\": {\"name\": \"b\"}}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorType()).isEqualTo("OverQuota");
        assertThat(second.errorMessage()).isEqualTo("Quota exceeded for resources: ['router'].");
    }

    @Test
    void concurrentInterfacesOnOneSubnetMakeOneInterface() throws Exception {
        String router = router("race");
        String subnet = subnet("10.8.0.0/24");
        java.util.concurrent.ExecutorService clients =
                java.util.concurrent.Executors.newFixedThreadPool(8);
        List<String> outcomes = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(
                        clients.submit(
                                () -> addInterface(router, "{\"subnet_id\": \"" + subnet + "\"}")));
            }
            for (java.util.concurrent.Future<Reply> reply : replies) {
                outcomes.add(reply.get().status() + " " + reply.get().errorType());
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(outcomes).containsOnlyOnce("200 ");
        assertThat(outcomes).containsOnly("200 ", "400 BadRequest");
        assertThat(admin.get("/v2.0/ports?device_id=" + router).at("/ports")).hasSize(1);
    }

    @Test
    void changesAreToldToListenersAfterCommit() {
        events.clear();
        String router = router("told");
        admin.put("/v2.0/routers/" + router, "{\"router\": {\"name\": \"renamed\"}}");
        admin.delete("/v2.0/routers/" + router);

        assertThat(events).containsExactly("CREATED", "UPDATED", "DELETED");
    }

    /** A router with interfaces on one subnet, and subnets it cannot take, shared by cases. */
    record Fixture(String router, String subnet, String overlap, String noGateway) {
        private static Fixture made;

        static synchronized Fixture get() {
            if (made == null) {
                String router = RouterApiTest.router("fixture");
                String subnet = RouterApiTest.subnet("10.5.0.0/24");
                String other = admin.create("networks", "network", "{\"name\": \"other\"}");
                String overlap =
                        admin.create(
                                "subnets",
                                "subnet",
                                "{\"network_id\": \""
                                        + other
                                        + "\", \"ip_version\": 4, \"cidr\": \"10.5.0.0/25\"}");
                String noGateway =
                        admin.create(
                                "subnets",
                                "subnet",
                                "{\"network_id\": \""
                                        + network
                                        + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\","
                                        + " \"gateway_ip\": null}");
                addInterface(router, "{\"subnet_id\": \"" + subnet + "\"}");
                made = new Fixture(router, subnet, overlap, noGateway);
            }
            return made;
        }

        String fill(String text) {
            return text.replace("ROUTER", router)
                    .replace("OVERLAP", overlap)
                    .replace("NOGATEWAY", noGateway)
                    .replace("SUB", subnet);
        }
    }

    static String router(String name) {
        return admin.create("routers", "router", "{\"name\": \"" + name + "\"}");
    }

    static String subnet(String cidr) {
        return admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"ip_version\": 4, \"cidr\": \""
                        + cidr
                        + "\"}");
    }

    static Reply addInterface(String router, String body) {
        return admin.put("/v2.0/routers/" + router + "/add_router_interface", body);
    }

    static Reply removeInterface(String router, String body) {
        return admin.put("/v2.0/routers/" + router + "/remove_router_interface", body);
    }

    private static Reply routes(String router, String destination, String nexthop) {
        return admin.put(
                "/v2.0/routers/" + router,
                "{\"router\": {\"routes\": [{\"destination\": \""
                        + destination
                        + "\", \"nexthop\": \""
                        + nexthop
                        + "\"}]}}");
    }

    private static long revision(String router) {
        return admin.get("/v2.0/routers/" + router).at("/router/revision_number").asLong();
    }

    private static String everything() {
        return admin.get("/v2.0/routers").text()
                + admin.get("/v2.0/ports").text()
                + admin.get("/v2.0/quotas/fake_project_id/details").text();
    }
}
