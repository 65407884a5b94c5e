package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bench.HttpConnection;
import org.weft.bench.WeftServerProcess;
import org.weft.config.Config;
import org.weft.store.Database;
import org.weft.testsupport.TestDatabases;
import org.weft.testsupport.TestDatabases.Product;

/**
 * A {@code weft server} process killed (SIGKILL) while eight clients create ports through it leaves
 * nothing half made in the database it shares with another server: every address belongs to a port,
 * the port count is what the quota counted, and the other server goes on creating.
 */
class ServerKilledMidRequestTest {
    @TempDir Path dir;

    @Test
    void killedServerLeavesNoPartialPortsBehind() throws Exception {
        Product product =
                TestDatabases.selected() == Product.POSTGRESQL
                        ? Product.POSTGRESQL
                        : Product.MARIADB;
        String connection = TestDatabases.newConnection(product);
        String settings =
                "[database]\nconnection = " + connection + "\n[quotas]\nquota_port = -1\n";
        Path conf = dir.resolve("neutron.conf");
        Files.writeString(conf, settings);
        try (ApiTestServer survivor =
                        ApiTestServer.start(
                                dir.resolve("survivor"),
                                Config.fromText("neutron.conf", settings));
                WeftServerProcess victim =
                        WeftServerProcess.start(
                                0,
                                dir.resolve("victim"),
                                List.of(),
                                List.of("--config-file", conf.toString()))) {
            String network = survivor.admin().create("networks", "network", "{\"name\": \"n\"}");
            survivor.admin()
                    .create(
                            "subnets",
                            "subnet",
                            "{\"network_id\": \""
                                    + network
                                    + "\", \"ip_version\": 4, \"cidr\": \"10.80.0.0/16\"}");
            AtomicInteger created = createUntilKilled(victim, network);

            assertThat(created.get()).isPositive();
            Database database = Database.fromUrl(connection);
            assertThat(
                            count(
                                    database,
                                    "SELECT COUNT(*) FROM ip_allocations a WHERE NOT EXISTS"
                                            + " (SELECT 1 FROM ports p WHERE p.id = a.port_id)"))
                    .as("addresses without a port")
                    .isZero();
            long ports = count(database, "SELECT COUNT(*) FROM ports");
            assertThat(count(database, "SELECT COUNT(*) FROM ip_allocations")).isEqualTo(ports);
            assertThat(count(database, "SELECT in_use FROM quota_usages WHERE resource = 'port'"))
                    .isEqualTo(ports);
            assertThat(ports).isGreaterThanOrEqualTo(created.get());
            assertThat(
                            survivor.admin()
                                    .post(
                                            "/v2.0/ports",
                                            "{\"port\": {\"network_id\": \"" + network + "\"}}")
                                    .status())
                    .isEqualTo(201);
        }
    }

    /** Eight clients create ports through {@code victim}; it is killed after a second. */
    private static AtomicInteger createUntilKilled(WeftServerProcess victim, String network)
            throws Exception {
        AtomicInteger created = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        byte[] body =
                ("{\"port\": {\"network_id\": \"" + network + "\"}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        try (HttpConnection http =
                                                new HttpConnection(victim.base())) {
                                            while (running.get()) {
                                                if (http.send(
                                                                        "POST",
                                                                        "/v2.0/ports",
                                                                        java.util.Map.of(
                                                                                "Content-Type",
                                                                                "application/json"),
                                                                        body)
                                                                .status()
                                                        == 201) {
                                                    created.incrementAndGet();
                                                }
                                            }
                                        } catch (java.io.IOException killed) {
                                            // The server went away mid-request, as intended.
                                        }
                                    }));
        }
        while (created.get() < 50) {
            Thread.sleep(20);
        }
        ProcessHandle process = ProcessHandle.of(victim.pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        running.set(false);
        for (Thread client : clients) {
            client.join(30_000);
        }
        return created;
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(
                                database.jdbcUrl(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
