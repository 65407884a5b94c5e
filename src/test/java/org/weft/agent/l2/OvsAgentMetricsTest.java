package org.weft.agent.l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.bus.Bus;
import org.weft.bus.MeteredBus;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.metrics.Scrape;
import org.weft.server.api.ApiTestServer;

/**
 * The metrics of a real server and a real Open vSwitch agent (a private userspace switch in
 * namespace {@code wop-metrics}) as a VM's port is wired and unwired, checked by promtool.
 */
class OvsAgentMetricsTest {
    private static final String NAMESPACE = "wop-metrics";
    private static final String HOST = "wop-metrics-host";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dataDir;
    private PrivateSwitch ovs;
    private ApiTestServer server;
    private Bus bus;
    private OvsAgent agent;

    @AfterEach
    void cleanUp() {
        try {
            if (agent != null) {
                agent.close();
            }
            if (server != null) {
                server.close();
            }
            if (bus != null) {
                bus.close();
            }
        } finally {
            if (ovs != null) {
                ovs.stop();
            }
            deleteNamespace();
        }
    }

    @Test
    void wiredPortsFlowsSyncsRpcsAndApiRequestsAreCountedAndPassPromtool() {
        start();
        Map<String, String> host = Map.of("host", HOST);
        Map<String, String> brInt = Map.of("host", HOST, "bridge", "br-int");
        Map<String, String> portCreated =
                Map.of("route", "/v2.0/ports", "method", "POST", "status", "201");
        Scrape before = Scrape.now();

        JsonNode port = boundPort();
        plug(port);
        await("port ACTIVE", () -> status(port).equals("ACTIVE"));
        await(
                "the port counted as wired",
                () -> Scrape.now().value("weft_ovs_ports_wired", host) == 1);
        Scrape wired = Scrape.now();
        unplug(port);
        await(
                "the port no longer counted",
                () -> Scrape.now().value("weft_ovs_ports_wired", host) == 0);

        assertThat(before.value("weft_ovs_ports_wired", host)).isZero();
        assertThat(wired.value("weft_ovs_flows_installed", brInt))
                .isGreaterThan(before.value("weft_ovs_flows_installed", brInt));
        assertThat(wired.value("weft_ovs_flow_mods_total", Map.of("change", "added")))
                .isGreaterThan(before.value("weft_ovs_flow_mods_total", Map.of("change", "added")));
        assertThat(wired.value("weft_agent_sync_seconds_count", Map.of("agent", "ovs")))
                .isGreaterThan(
                        before.value("weft_agent_sync_seconds_count", Map.of("agent", "ovs")));
        assertThat(wired.value("weft_rpc_calls_seconds_count", Map.of("outcome", "ok")))
                .isGreaterThan(
                        before.value("weft_rpc_calls_seconds_count", Map.of("outcome", "ok")));
        assertThat(wired.value("weft_rpc_handled_seconds_count", Map.of("kind", "call")))
                .isGreaterThan(
                        before.value("weft_rpc_handled_seconds_count", Map.of("kind", "call")));
        assertThat(wired.value("weft_api_requests_seconds_count", portCreated))
                .isEqualTo(before.value("weft_api_requests_seconds_count", portCreated) + 1);
        Command.Result promtool = wired.promtool();
        assertThat(promtool.stdout() + promtool.stderr()).isEmpty();
        assertThat(promtool.succeeded()).isTrue();
    }

    private void start() {
        deleteNamespace();
        Command.of("ip", "netns", "add", NAMESPACE).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(NAMESPACE)).run();
        ovs =
                PrivateSwitch.builder(Path.of("target", NAMESPACE).toAbsolutePath())
                        .placement(Placement.netns(NAMESPACE))
                        .start();
        bus = MeteredBus.wrap(new InProcessBus(WAIT));
        server =
                ApiTestServer.start(
                        dataDir,
                        Config.fromText("neutron.conf", "[ml2]\ntenant_network_types = local\n"));
        server.server().connect(bus);
        Config agentConfig =
                Config.fromText(
                        "openvswitch_agent.ini",
                        "[DEFAULT]\nhost = "
                                + HOST
                                + "\n[ovs]\novsdb_connection = "
                                + ovs.databaseTarget()
                                + "\ndatapath_type = netdev\n[agent]\nreport_interval = 5\n");
        agent =
                OvsAgent.start(
                        AgentSettings.from(agentConfig),
                        bus,
                        FirewallDriver.NOOP,
                        Placement.netns(NAMESPACE));
    }

    private JsonNode boundPort() {
        String network = server.admin().create("networks", "network", "{\"name\": \"wop\"}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"cidr\": \"10.77.0.0/24\","
                                + " \"ip_version\": 4, \"enable_dhcp\": false}");
        ApiTestServer.Reply reply =
                server.admin()
                        .post(
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + network
                                        + "\","
                                        + " \"binding:host_id\": \""
                                        + HOST
                                        + "\","
                                        + " \"device_owner\": \"compute:nova\"}}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.at("/port");
    }

    private String status(JsonNode port) {
        return server.admin()
                .get("/v2.0/ports/" + port.path("id").asText())
                .at("/port/status")
                .asText();
    }

    private void plug(JsonNode port) {
        try (VifPlugger plugger =
                VifPlugger.connect(Placement.netns(NAMESPACE), ovs.databaseTarget(), "br-int")) {
            plugger.plug(
                    new VifPort(
                            port.path("id").asText(),
                            port.path("mac_address").asText(),
                            1500,
                            "vm-wop",
                            false),
                    Guest.tap());
        }
    }

    private void unplug(JsonNode port) {
        try (VifPlugger plugger =
                VifPlugger.connect(Placement.netns(NAMESPACE), ovs.databaseTarget(), "br-int")) {
            plugger.unplug(port.path("id").asText());
        }
    }

    private static void deleteNamespace() {
        if (Command.of("ip", "netns", "list")
                .run()
                .lines()
                .anyMatch(l -> l.startsWith(NAMESPACE + " ") || l.equals(NAMESPACE))) {
            Command.of("ip", "netns", "delete", NAMESPACE).execute();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
