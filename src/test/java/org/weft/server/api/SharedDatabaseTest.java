package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;
import org.weft.testsupport.TestDatabases;
import org.weft.testsupport.TestDatabases.Product;
import org.weft.testsupport.WeftServers;

/**
 * Two {@code weft server}s on one database (MariaDB unless {@code -Dweft.test.database} names
 * PostgreSQL), eight clients split between them: what the database's unique keys guard stays unique
 * across servers, and every request that loses a race gets a clean 409.
 */
class SharedDatabaseTest {
    private static final int CLIENTS = 8;
    private static final int PORTS = 2000;
    private static final int FLOATING_IPS = 200;

    /** Of the floating IPs, those on ports that already have one are refused. */
    private static final int DISTINCT_FLOATING_PORTS = 150;

    @TempDir static Path dataDir;
    static ApiTestServer first;
    static ApiTestServer second;
    static String network;
    static String subnet;
    static String external;
    static String router;

    @BeforeAll
    static void start() {
        Product product =
                TestDatabases.selected() == Product.POSTGRESQL
                        ? Product.POSTGRESQL
                        : Product.MARIADB;
        Config config =
                Config.fromText("neutron.conf", WeftServers.REFERENCE_SETTINGS)
                        .overlaidWith(
                                Config.fromText(
                                        "database.conf",
                                        "[database]\nconnection = "
                                                + TestDatabases.newConnection(product)
                                                + "\n[quotas]\nquota_port = -1\n"
                                                + "quota_floatingip = -1\nquota_network = -1\n"));
        first = ApiTestServer.start(dataDir.resolve("first"), config);
        second = ApiTestServer.start(dataDir.resolve("second"), config);
        Client admin = first.admin();
        network = admin.create("networks", "network", "{\"name\": \"busy\"}");
        subnet = subnet(admin, network, "10.64.0.0/21", "");
        external =
                admin.create(
                        "networks", "network", "{\"name\": \"public\", \"router:external\": true}");
        subnet(admin, external, "172.24.0.0/23", ", \"enable_dhcp\": false");
        router = admin.create("routers", "router", "{\"name\": \"r\"}");
        assertThat(
                        second.admin()
                                .put(
                                        "/v2.0/routers/" + router,
                                        "{\"router\": {\"external_gateway_info\":"
                                                + " {\"network_id\": \""
                                                + external
                                                + "\"}}}")
                                .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        for (ApiTestServer server : new ApiTestServer[] {first, second}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void portsAndFloatingIpsFromTwoServersNeverShareAnAddressOrAMac() throws Exception {
        String portBody = "{\"port\": {\"network_id\": \"" + network + "\"}}";
        List<Reply> ports = concurrently(PORTS, i -> client(i).post("/v2.0/ports", portBody));
        assertThat(ports).extracting(Reply::status).containsOnly(201);
        assertThat(distinct(ports, "/port/fixed_ips/0/ip_address")).hasSize(PORTS);
        assertThat(distinct(ports, "/port/mac_address")).hasSize(PORTS);
        assertThat(interfaceReply(0).status()).isEqualTo(200);

        List<Reply> floatingIps =
                concurrently(
                        FLOATING_IPS,
                        i ->
                                client(i)
                                        .post(
                                                "/v2.0/floatingips",
                                                floatingIpBody(
                                                        ports.get(i % DISTINCT_FLOATING_PORTS))));
        List<Reply> made = withStatus(floatingIps, 201);
        assertThat(made).hasSize(DISTINCT_FLOATING_PORTS);
        assertThat(withStatus(floatingIps, 409))
                .hasSize(FLOATING_IPS - DISTINCT_FLOATING_PORTS)
                .extracting(Reply::errorType)
                .containsOnly("FloatingIPPortAlreadyAssociated");
        assertThat(distinct(made, "/floatingip/floating_ip_address"))
                .hasSize(DISTINCT_FLOATING_PORTS);
        assertThat(distinct(made, "/floatingip/port_id")).hasSize(DISTINCT_FLOATING_PORTS);
        assertThat(second.admin().get("/v2.0/floatingips?fields=id").at("/floatingips").size())
                .isEqualTo(DISTINCT_FLOATING_PORTS);
    }

    @Test
    void networksFromTwoServersGetDistinctSegmentationIds() throws Exception {
        List<Reply> networks =
                concurrently(
                        80,
                        i ->
                                client(i)
                                        .post(
                                                "/v2.0/networks",
                                                "{\"network\": {\"name\": \"n" + i + "\"}}"));

        assertThat(networks).extracting(Reply::status).containsOnly(201);
        assertThat(distinct(networks, "/network/provider:segmentation_id")).hasSize(80);
    }

    @Test
    void oneSubnetAddedToARouterFromBothServersAtOnceMakesOneInterface() throws Exception {
        String other = subnet(first.admin(), network(), "10.99.0.0/24", "");
        String otherRouter = first.admin().create("routers", "router", "{\"name\": \"r2\"}");

        List<Reply> replies =
                concurrently(
                        CLIENTS,
                        i ->
                                client(i)
                                        .put(
                                                "/v2.0/routers/"
                                                        + otherRouter
                                                        + "/add_router_interface",
                                                "{\"subnet_id\": \"" + other + "\"}"));

        assertThat(withStatus(replies, 200)).hasSize(1);
        assertThat(replies).extracting(Reply::status).containsOnly(200, 400);
        assertThat(
                        first.admin()
                                .get("/v2.0/ports?device_id=" + otherRouter + "&fields=id")
                                .at("/ports")
                                .size())
                .isEqualTo(1);
    }

    private static String network() {
        return second.admin().create("networks", "network", "{\"name\": \"other\"}");
    }

    private static Reply interfaceReply(int i) {
        return client(i)
                .put(
                        "/v2.0/routers/" + router + "/add_router_interface",
                        "{\"subnet_id\": \"" + subnet + "\"}");
    }

    private static String floatingIpBody(Reply port) {
        return "{\"floatingip\": {\"floating_network_id\": \""
                + external
                + "\", \"port_id\": \""
                + port.at("/port/id").asText()
                + "\"}}";
    }

    /** Clients alternate between the two servers. */
    private static Client client(int i) {
        return (i % 2 == 0 ? first : second).admin();
    }

    private static String subnet(Client admin, String network, String cidr, String more) {
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

    private static List<Reply> concurrently(int count, IntFunction<Reply> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Reply>) () -> request.apply(index)));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Reply> withStatus(List<Reply> replies, int status) {
        return replies.stream().filter(reply -> reply.status() == status).toList();
    }

    private static Set<String> distinct(List<Reply> replies, String pointer) {
        Set<String> values = new HashSet<>();
        replies.forEach(reply -> values.add(reply.at(pointer).asText()));
        return values;
    }
}
