package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l3.RouterLab.UPSTREAM;
import static org.weft.agent.l3.RouterLab.UPSTREAM_ADDRESS;
import static org.weft.agent.l3.RouterLab.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.Handlers;
import org.weft.bus.StateReporter;
import org.weft.bus.Subscription;
import org.weft.bus.Topics;
import org.weft.bus.message.Ack;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L3Messages;
import org.weft.config.Config;

/**
 * The l3 agent wired to the bus: its routers come from {@code sync_routers}, changes from {@code
 * routers_updated} and {@code router_deleted}, and it beats {@code report_state}. The plugin side
 * answers from a table here, as the server's router handlers would.
 */
@Tag("netns")
class L3AgentOverBusTest {
    private static final String HOST = "network";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir Path state;
    private RouterLab lab;
    private Bus bus;
    private final Map<String, L3Messages.RouterInfo> routers = new ConcurrentHashMap<>();
    private final Map<String, String> floatingIpStatuses = new ConcurrentHashMap<>();
    private final List<AgentMessages.AgentState> reports = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reviveNext = new AtomicBoolean();
    private Subscription plugin;
    private Subscription reportsSubscription;
    private Subscription notifications;
    private L3Agent agent;
    private RouterDriver driver;
    private String net1;
    private String vm1;

    @BeforeEach
    void start() throws Exception {
        lab = new RouterLab(state);
        net1 = lab.network("net1");
        vm1 = lab.vm("vm1", net1, "10.0.1.5/24", "10.0.1.1");
        lab.peerAddressServer(UPSTREAM, 8080);
        bus = BusFactory.create(Config.fromText("bus.conf", "transport_url = fake://\n"), "test");
        plugin =
                bus.subscribe(
                        Handlers.forTopic(Topics.PLUGIN)
                                .on(
                                        Topics.SYNC_ROUTERS,
                                        request ->
                                                new L3Messages.RouterSyncReply(
                                                        routers.values().stream()
                                                                .filter(
                                                                        router ->
                                                                                request.routerIds()
                                                                                                .isEmpty()
                                                                                        || request.routerIds()
                                                                                                .contains(
                                                                                                        router
                                                                                                                .id()))
                                                                .toList()))
                                .on(
                                        Topics.UPDATE_FLOATINGIP_STATUSES,
                                        statuses -> {
                                            floatingIpStatuses.putAll(statuses.statuses());
                                            return new Ack();
                                        })
                                .build());
        reportsSubscription =
                bus.subscribe(
                        Handlers.forTopic(Topics.REPORTS)
                                .on(
                                        Topics.REPORT_STATE,
                                        report -> {
                                            reports.add(report);
                                            return new AgentMessages.ReportStateReply(
                                                    reviveNext.getAndSet(false)
                                                            ? AgentMessages.AgentStatus.REVIVED
                                                            : AgentMessages.AgentStatus.ALIVE);
                                        })
                                .build());
        driver = lab.driver();
        BusRouterSource source = new BusRouterSource(bus, HOST);
        agent = new L3Agent(driver, source, RouterFilter.all());
        notifications = source.listen(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
        for (RouterId id : driver.present()) {
            if (RouterLab.isOurs(id)) {
                driver.remove(id);
            }
        }
        notifications.close();
        plugin.close();
        reportsSubscription.close();
        bus.close();
        lab.close();
    }

    /** A router as the server describes it: one interface on net1, a gateway, floating IPs. */
    private L3Messages.RouterInfo routerInfo(
            String id, String gatewayAddress, List<L3Messages.FloatingIp> floatingIps) {
        RouterInterface routerInterface = lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24");
        RouterGateway gateway = lab.gateway(gatewayAddress);
        return new L3Messages.RouterInfo(
                id,
                "project-a",
                true,
                true,
                new L3Messages.GatewayPort(
                        gateway.portId(),
                        "ext-net",
                        gateway.mac(),
                        List.of(new FixedIp("ext-subnet", gatewayAddress)),
                        List.of(
                                new L3Messages.SubnetGateway(
                                        "ext-subnet", RouterLab.EXTERNAL_CIDR, UPSTREAM_ADDRESS)),
                        1500),
                List.of(
                        new L3Messages.RouterInterface(
                                routerInterface.portId(),
                                net1,
                                "subnet-1",
                                "10.0.1.0/24",
                                "10.0.1.1",
                                routerInterface.mac(),
                                1500,
                                null)),
                floatingIps,
                List.of());
    }

    @Test
    void routersComeFromTheServerAndFollowItsNotifications() throws Exception {
        String id = lab.newId();
        routers.put(id, routerInfo(id, "192.168.100.11", List.of()));
        agent.start();
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, 8080)).isEqualTo("192.168.100.11");

        L3Messages.RouterInfo before = routers.get(id);
        routers.put(
                id,
                new L3Messages.RouterInfo(
                        id,
                        "project-a",
                        true,
                        true,
                        before.gateway(),
                        before.interfaces(),
                        List.of(
                                new L3Messages.FloatingIp(
                                        "fip-1",
                                        "192.168.100.102",
                                        "10.0.1.5",
                                        "port-vm1",
                                        "DOWN")),
                        List.of()));
        bus.fanout(Topics.ROUTERS_UPDATED, new L3Messages.RoutersUpdated(List.of(id)));
        assertThat(
                        RouterLab.waitUntil(
                                () -> "ACTIVE".equals(floatingIpStatuses.get("fip-1")), LIMIT))
                .isTrue();
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, 8080)).isEqualTo("192.168.100.102");

        routers.remove(id);
        bus.cast(Topics.ROUTER_DELETED, HOST, new L3Messages.RouterDeleted(id));
        assertThat(RouterLab.waitUntil(() -> !driver.present().contains(new RouterId(id)), LIMIT))
                .isTrue();
    }

    @Test
    void heartbeatSaysL3AgentAndARevivedAgentResynchronises() throws Exception {
        agent.start();
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        String id = lab.newId();
        try (StateReporter reporter =
                StateReporter.start(
                        bus,
                        () ->
                                new AgentMessages.AgentState(
                                        AgentMessages.L3_AGENT,
                                        "weft-l3-agent",
                                        HOST,
                                        Topics.L3_AGENT.name(),
                                        Map.of("routers", driver.present().size()),
                                        false,
                                        "nova"),
                        Duration.ofSeconds(1),
                        reason -> agent.resynchronize())) {
            assertThat(RouterLab.waitUntil(() -> !reports.isEmpty(), LIMIT)).isTrue();
            AgentMessages.AgentState first = reports.get(0);
            assertThat(first.agentType()).isEqualTo("L3 agent");
            assertThat(first.host()).isEqualTo(HOST);
            assertThat(first.startFlag()).isTrue();

            // A router the agent was never told about: only a resynchronisation can find it.
            routers.put(id, routerInfo(id, "192.168.100.11", List.of()));
            reviveNext.set(true);
            assertThat(
                            RouterLab.waitUntil(
                                    () -> driver.present().contains(new RouterId(id)), LIMIT))
                    .isTrue();
            assertThat(reports.get(reports.size() - 1).startFlag()).isFalse();
        }
    }
}
