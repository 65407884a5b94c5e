package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

/** Concurrent creates on one subnet never share an address or a MAC, and exhaust it exactly. */
class PortConcurrencyTest {
    private static final int CLIENTS = 8;
    private static final int PORTS = 2000;

    /** A /21 holds 2,048 addresses: less network, broadcast and gateway, 2,045 for ports. */
    private static final int POOL = 2045;

    @TempDir Path dataDir;
    ApiTestServer server;
    Client admin;
    String network;

    @BeforeEach
    void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        assertThat(
                        admin.put("/v2.0/quotas/fake_project_id", "{\"quota\": {\"port\": 3000}}")
                                .status())
                .isEqualTo(200);
        network = admin.create("networks", "network", "{\"name\": \"busy\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"ip_version\": 4, \"cidr\": \"10.64.0.0/21\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eightClientsCreatingTwoThousandPortsGetDistinctAddressesAndMacs() throws Exception {
        List<Reply> replies = createConcurrently(PORTS);

        Set<String> addresses = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (Reply reply : replies) {
            assertThat(reply.status()).as(reply.text()).isEqualTo(201);
            addresses.add(reply.at("/port/fixed_ips/0/ip_address").asText());
            macs.add(reply.at("/port/mac_address").asText());
        }
        assertThat(addresses).hasSize(PORTS);
        assertThat(macs).hasSize(PORTS);
        assertThat(admin.get("/v2.0/ports?fields=id").at("/ports").size()).isEqualTo(PORTS);

        List<Reply> rest = createConcurrently(POOL - PORTS + 1);
        long refused = rest.stream().filter(reply -> reply.status() == 409).count();
        assertThat(refused).isEqualTo(1);
        assertThat(
                        rest.stream()
                                .filter(reply -> reply.status() == 409)
                                .findFirst()
                                .orElseThrow()
                                .errorType())
                .isEqualTo("IpAddressGenerationFailure");
        assertThat(admin.get("/v2.0/ports?fields=id").at("/ports").size()).isEqualTo(POOL);
    }

    private List<Reply> createConcurrently(int count) throws Exception {
        String body = "{\"port\": {\"network_id\": \"" + network + "\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> admin.post("/v2.0/ports", body)));
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
}
