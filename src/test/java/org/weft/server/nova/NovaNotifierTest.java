package org.weft.server.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.lab.internal.KeystoneServer;
import org.weft.server.api.ApiTestServer;
import org.weft.server.service.Port;
import org.weft.server.service.PortId;

/**
 * A real server telling Nova about its instances' ports: the server logs in to a real Keystone
 * (Debian's, on loopback port 23151, user {@code nova} with the admin role in project {@code
 * service}, Nova's endpoint in its catalog) and posts to a Nova stand-in on loopback port 23150
 * that checks path, body and token as Nova does.
 */
class NovaNotifierTest {
    private static final int NOVA_PORT = 23150;
    private static final int KEYSTONE_PORT = 23151;
    private static final String PASSWORD = "nova-Secret-3";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    static KeystoneServer keystone;
    @TempDir Path dataDir;
    private NovaStandIn nova;
    private ApiTestServer server;

    @BeforeAll
    static void startKeystone() throws Exception {
        keystone =
                KeystoneServer.start(
                        Path.of("/tmp", "wo2-keystone-" + ProcessHandle.current().pid()),
                        KEYSTONE_PORT);
        keystone.addUser("service", "nova", PASSWORD, "admin");
        keystone.registerComputeEndpoint("http://127.0.0.1:" + NOVA_PORT + "/v2.1");
    }

    @AfterAll
    static void stopKeystone() {
        if (keystone != null) {
            keystone.close();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (nova != null) {
            nova.close();
        }
    }

    @Test
    void aPortBecomingActiveProducesExactlyOneVifPluggedEvent() throws Exception {
        start(keystone.root().toString());
        String device = UUID.randomUUID().toString();
        String port = computePort(device);

        setStatus(port, Port.ACTIVE);
        setStatus(port, Port.ACTIVE);
        await(() -> !nova.events().isEmpty());
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());

        assertThat(nova.violations()).isEmpty();
        assertThat(nova.events())
                .containsExactly(
                        new NovaEvent(NovaEvent.VIF_PLUGGED, device, port, NovaEvent.COMPLETED));
    }

    @Test
    void aPortGoingDownProducesVifUnpluggedAndADeletedOneVifDeleted() throws Exception {
        start(keystone.v3().toString());
        String device = UUID.randomUUID().toString();
        String port = computePort(device);

        setStatus(port, Port.ACTIVE);
        await(() -> nova.events().size() == 1);
        setStatus(port, Port.DOWN);
        await(() -> nova.events().size() == 2);
        assertThat(server.admin().delete("/v2.0/ports/" + port).status()).isEqualTo(204);
        await(() -> nova.events().size() == 3);

        assertThat(nova.violations()).isEmpty();
        assertThat(nova.events())
                .extracting(NovaEvent::name)
                .containsExactly(
                        NovaEvent.VIF_PLUGGED, NovaEvent.VIF_UNPLUGGED, NovaEvent.VIF_DELETED);
    }

    @Test
    void newFixedIpsOfAnInstancesPortProduceNetworkChanged() throws Exception {
        start(keystone.root().toString());
        String device = UUID.randomUUID().toString();
        String network = server.admin().create("networks", "network", "{\"name\": \"wo2-nc\"}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4, \"cidr\": \"10.232.0.0/24\"}");
        String port =
                server.admin()
                        .create(
                                "ports",
                                "port",
                                "{\"network_id\": \""
                                        + network
                                        + "\", \"device_owner\": \"compute:nova\", \"device_id\":"
                                        + " \""
                                        + device
                                        + "\"}");

        ApiTestServer.Reply moved =
                server.admin()
                        .put(
                                "/v2.0/ports/" + port,
                                "{\"port\": {\"fixed_ips\": [{\"ip_address\": \"10.232.0.77\"}]}}");
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        await(() -> !nova.events().isEmpty());
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());

        assertThat(nova.violations()).isEmpty();
        assertThat(nova.events())
                .containsExactly(
                        new NovaEvent(
                                NovaEvent.NETWORK_CHANGED, device, port, NovaEvent.COMPLETED));
    }

    @Test
    void portsOfNoInstanceProduceNoEvent() throws Exception {
        start(keystone.root().toString());
        String dhcp = port("\"device_owner\": \"network:dhcp\", \"device_id\": \"dhcp1\"");
        String unbound = port("\"device_owner\": \"compute:nova\"");

        setStatus(dhcp, Port.ACTIVE);
        setStatus(unbound, Port.ACTIVE);
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());

        assertThat(nova.requests()).isZero();
    }

    @Test
    void aFailingNovaIsTriedABoundedNumberOfTimesAndNeverFailsThePortUpdate() throws Exception {
        start(keystone.root().toString());
        nova.answer(503);
        String port = computePort(UUID.randomUUID().toString());

        setStatus(port, Port.ACTIVE);
        await(() -> nova.requests() == NovaNotifier.ATTEMPTS);
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());

        assertThat(nova.requests()).isEqualTo(NovaNotifier.ATTEMPTS);
        assertThat(nova.violations()).isEmpty();
        assertThat(
                        server.admin()
                                .get("/v2.0/ports/" + port)
                                .body()
                                .path("port")
                                .path("status")
                                .asText())
                .isEqualTo(Port.ACTIVE);
    }

    @Test
    void anUnreachableKeystoneNeverFailsThePortUpdate() throws Exception {
        start("http://127.0.0.1:" + (NOVA_PORT + 9) + "/v3");
        String port = computePort(UUID.randomUUID().toString());

        setStatus(port, Port.ACTIVE);
        setStatus(port, Port.DOWN);

        assertThat(
                        server.admin()
                                .get("/v2.0/ports/" + port)
                                .body()
                                .path("port")
                                .path("status")
                                .asText())
                .isEqualTo(Port.DOWN);
        assertThat(nova.requests()).isZero();
    }

    private void start(String authUrl) throws Exception {
        nova = NovaStandIn.start(NOVA_PORT, keystone);
        server =
                ApiTestServer.start(
                        dataDir,
                        Config.fromText(
                                "neutron.conf",
                                "[DEFAULT]\nnotify_nova_on_port_status_changes = true\n"
                                        + "notify_nova_on_port_data_changes = true\n"
                                        + "send_events_interval = "
                                        + INTERVAL.toSeconds()
                                        + "\n[ml2]\ntenant_network_types = local\n"
                                        + "[nova]\nauth_url = "
                                        + authUrl
                                        + "\nauth_type = password\nusername = nova\npassword = "
                                        + PASSWORD
                                        + "\nproject_name = service\nuser_domain_name = Default\n"
                                        + "project_domain_name = Default\n"
                                        + "region_name = RegionOne\nendpoint_type = public\n"));
    }

    private String computePort(String device) {
        return port("\"device_owner\": \"compute:nova\", \"device_id\": \"" + device + "\"");
    }

    private String port(String attributes) {
        String network = server.admin().create("networks", "network", "{\"name\": \"wo2-nova\"}");
        return server.admin()
                .create(
                        "ports",
                        "port",
                        "{\"network_id\": \"" + network + "\", " + attributes + "}");
    }

    private void setStatus(String port, String status) {
        server.server().services().ports().updateStatus(PortId.of(port), status);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not seen within " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
