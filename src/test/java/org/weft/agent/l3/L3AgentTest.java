package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l3.RouterLab.UPSTREAM;
import static org.weft.agent.l3.RouterLab.UPSTREAM_ADDRESS;
import static org.weft.agent.l3.RouterLab.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("netns")
class L3AgentTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir Path state;
    private RouterLab lab;
    private RouterDriver driver;
    private final TableRouterSource server = new TableRouterSource();
    private L3Agent agent;
    private String net1;
    private String vm1;

    @BeforeEach
    void buildNetworkNode() {
        lab = new RouterLab(state);
        driver = lab.driver();
        net1 = lab.network("net1");
        vm1 = lab.vm("vm1", net1, "10.0.1.5/24", "10.0.1.1");
        lab.peerAddressServer(UPSTREAM, 8080);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        for (RouterId id : driver.present()) {
            if (RouterLab.isOurs(id)) {
                driver.remove(id);
            }
        }
        lab.close();
    }

    private Router routerOnNet1(String gatewayAddress) {
        return RouterLab.router(
                lab.newRouterId(),
                Optional.of(lab.gateway(gatewayAddress)),
                List.of(lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24")),
                List.of());
    }

    private void startAgent(RouterFilter filter) throws InterruptedException {
        agent = new L3Agent(driver, server, filter);
        agent.start();
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
    }

    @Test
    void startMakesTheServersRoutersAndRemovesLeftovers() throws Exception {
        Router leftover = routerOnNet1("192.168.100.13");
        driver.ensure(leftover);
        Router router = routerOnNet1("192.168.100.11");
        server.put(router.withFloatingIp(new FloatingIp("fip-1", "192.168.100.102", "10.0.1.5")));

        startAgent(RouterFilter.all());

        assertThat(driver.present()).contains(router.id()).doesNotContain(leftover.id());
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, 8080)).isEqualTo("192.168.100.102");
        assertThat(server.statuses()).containsEntry("fip-1", "ACTIVE");
    }

    @Test
    void updatedAndDeletedRoutersAreFollowed() throws Exception {
        startAgent(RouterFilter.all());
        Router router = routerOnNet1("192.168.100.11");
        server.put(router);

        agent.routersUpdated(List.of(router.id()));
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        assertThat(fetch(vm1, UPSTREAM_ADDRESS, 8080)).isEqualTo("192.168.100.11");

        server.delete(router.id());
        agent.routerDeleted(router.id());
        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        assertThat(driver.present()).doesNotContain(router.id());
    }

    @Test
    void routerThatWentDownLosesItsNamespace() throws Exception {
        Router router = routerOnNet1("192.168.100.11");
        server.put(router);
        startAgent(RouterFilter.all());

        server.put(
                new Router(
                        router.id(),
                        router.projectId(),
                        false,
                        router.gateway(),
                        router.interfaces(),
                        List.of(),
                        List.of()));
        agent.routersUpdated(List.of(router.id()));

        assertThat(agent.awaitIdle(LIMIT)).isTrue();
        assertThat(driver.present()).doesNotContain(router.id());
    }

    @Test
    void routersOfAnotherExternalNetworkOrWithoutGatewayAreLeftAlone() throws Exception {
        Router mine = routerOnNet1("192.168.100.11");
        Router internalOnly =
                RouterLab.router(lab.newRouterId(), Optional.empty(), List.of(), List.of());
        RouterGateway elsewhere = lab.gateway("192.168.100.12");
        Router otherNetwork =
                RouterLab.router(
                        lab.newRouterId(),
                        Optional.of(
                                new RouterGateway(
                                        elsewhere.portId(),
                                        "other-ext-net",
                                        elsewhere.mac(),
                                        1500,
                                        elsewhere.addresses(),
                                        true)),
                        List.of(),
                        List.of());
        List.of(mine, internalOnly, otherNetwork).forEach(server::put);

        startAgent(new RouterFilter("", "ext-net", false));

        assertThat(driver.present())
                .contains(mine.id())
                .doesNotContain(internalOnly.id(), otherNetwork.id());
    }

    @Test
    void unreachableServerIsRetriedWithAFullResynchronisation() throws Exception {
        Router router = routerOnNet1("192.168.100.11");
        server.put(router);
        server.failNext(2);

        startAgent(RouterFilter.all());

        assertThat(driver.present()).contains(router.id());
    }
}
