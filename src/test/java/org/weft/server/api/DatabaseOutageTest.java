package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;
import org.weft.testsupport.TestDatabases;
import org.weft.testsupport.TestDatabases.PrivateServer;
import org.weft.testsupport.TestDatabases.Product;

/**
 * The database server stopped and started again under a running {@code weft server}: requests while
 * it is away fail with 503 in Neutron's error format, never 500, and the server serves again once
 * it is back, without a restart of its own.
 */
class DatabaseOutageTest {
    private static final String NETWORK = "{\"network\": {\"name\": \"during\"}}";
    private static final int CLIENTS = 4;

    @TempDir Path dataDir;

    @ParameterizedTest
    @EnumSource(
            value = Product.class,
            names = {"MARIADB", "POSTGRESQL"})
    void requestsDuringARestartGet503AndLaterOnesSucceed(Product product) throws Exception {
        try (PrivateServer database = TestDatabases.privateServer(product, "outage");
                ApiTestServer server = ApiTestServer.start(dataDir, settings(database))) {
            Client admin = server.admin();
            assertThat(admin.post("/v2.0/networks", NETWORK).status()).isEqualTo(201);
            ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = startClients(admin, replies, running);

            database.stop();
            Reply whileDown = admin.post("/v2.0/networks", NETWORK);
            database.start();
            Reply afterwards = awaitSuccess(admin);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            assertThat(whileDown.status()).as(whileDown.text()).isEqualTo(503);
            assertThat(whileDown.errorType()).isEqualTo("HTTPServiceUnavailable");
            assertThat(afterwards.status()).isEqualTo(201);
            assertThat(replies).extracting(Reply::status).containsOnly(201, 503).contains(503);
            long created = replies.stream().filter(reply -> reply.status() == 201).count();
            assertThat(admin.get("/v2.0/networks?fields=id").at("/networks").size())
                    .isGreaterThanOrEqualTo((int) created + 2);
        }
    }

    private static Config settings(PrivateServer database) {
        return Config.fromText(
                "neutron.conf",
                "[database]\nconnection = "
                        + database.connection()
                        + "\npool_timeout = 2\n[quotas]\nquota_network = -1\n");
    }

    private static ExecutorService startClients(
            Client admin, ConcurrentLinkedQueue<Reply> replies, AtomicBoolean running) {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(
                    () -> {
                        while (running.get()) {
                            replies.add(admin.post("/v2.0/networks", NETWORK));
                        }
                    });
        }
        return clients;
    }

    /** The first 201 after the database is back; the pool may still drop a dead connection. */
    private static Reply awaitSuccess(Client admin) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<Integer> seen = new java.util.ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            Reply reply = admin.post("/v2.0/networks", NETWORK);
            if (reply.status() == 201) {
                return reply;
            }
            seen.add(reply.status());
            Thread.sleep(200);
        }
        throw new AssertionError("no 201 within 30 s of the database's return: " + seen);
    }
}
