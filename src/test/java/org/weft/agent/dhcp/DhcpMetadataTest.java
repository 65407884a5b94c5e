package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.dhcp.VirtualMachine.eventually;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceLookup;
import org.weft.agent.metadata.MetadataAgent;
import org.weft.agent.metadata.MetadataScope;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.nova.NovaMetadataStandIn;

/**
 * Isolated metadata through the whole path: a VM on a network without a router asks
 * 169.254.169.254, the DHCP namespace's haproxy takes it to the metadata agent's socket, the agent
 * to the Nova stand-in on loopback.
 */
@Tag("netns")
class DhcpMetadataTest {
    private static final String BASE = "wdhcp-m";
    private static final Path RUN = Leftovers.runDirectory(BASE);
    private static final String PREFIX = Leftovers.prefix(BASE);
    private static final String NET = PREFIX + "-n1";
    private static final String SECRET = "helloOpenStack";
    private static final Instance VM1 =
            new Instance("c3c3c3c3-0000-4000-8000-000000000003", "project");

    private final Wire wire = new Wire(PREFIX + "-wire");
    private final FakeDhcpServer server = new FakeDhcpServer();
    private NovaMetadataStandIn nova;
    private MetadataAgent metadataAgent;
    private DhcpAgent agent;
    private VirtualMachine vm;

    @BeforeEach
    void start() throws Exception {
        Leftovers.clean(BASE);
        wire.create();
        nova =
                NovaMetadataStandIn.start(
                        new InetSocketAddress("127.0.0.1", 0), SECRET, Optional.empty());
        nova.register(VM1);
        Path socket = RUN.resolve("metadata_proxy");
        metadataAgent =
                MetadataAgent.start(
                        new MetadataAgent.Settings(
                                socket,
                                URI.create("http://127.0.0.1:" + nova.address().getPort()),
                                SECRET,
                                false),
                        lookup());
        server.createNetwork(NET, 1500, DhcpSubnet.ipv4("s1", NET, "10.0.0.0/24", "10.0.0.1"));
        DhcpPort port = server.createPort(NET, "fa:16:3e:20:00:05", new FixedIp("s1", "10.0.0.5"));
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\nstate_path = "
                                + RUN.resolve("state")
                                + "\nmetadata_proxy_socket = "
                                + socket
                                + "\nenable_isolated_metadata = True\nhost = wdhcp-test-host\n");
        agent = DhcpAgent.create(config, Placement.here(), wire, server);
        agent.start();
        assertThat(agent.awaitIdle(Duration.ofSeconds(30))).isTrue();
        vm = VirtualMachine.create(PREFIX + "-vm1", port.macAddress(), wire, RUN);
        assertThat(vm.requestLease(10)).isTrue();
    }

    private static InstanceLookup lookup() {
        return (scope, address) ->
                scope.equals(MetadataScope.network(NET)) && address.equals("10.0.0.5")
                        ? Optional.of(VM1)
                        : Optional.empty();
    }

    @AfterEach
    void stop() {
        if (vm != null) {
            vm.close();
        }
        if (agent != null) {
            server.deleteNetwork(NET);
            try {
                agent.awaitIdle(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            agent.close();
        }
        metadataAgent.close();
        nova.close();
        Leftovers.clean(BASE);
    }

    @Test
    void vmOnAnIsolatedNetworkFetchesItsInstanceId() {
        assertThat(
                        eventually(
                                Duration.ofSeconds(10),
                                () -> metadata("/latest/meta-data/instance-id").endsWith("200")))
                .isTrue();

        assertThat(metadata("/latest/meta-data/instance-id")).isEqualTo(VM1.instanceId() + "\n200");
        assertThat(nova.received().getLast().header("X-Forwarded-For")).containsExactly("10.0.0.5");
    }

    @Test
    void networkGettingARouterStopsItsProxy() throws Exception {
        assertThat(eventually(Duration.ofSeconds(10), () -> metadata("/").endsWith("200")))
                .isTrue();

        server.savePort(
                new DhcpPort(
                        "router-port-1",
                        NET,
                        "fa:16:3e:20:00:01",
                        "network:router_interface",
                        "router-1",
                        List.of(new FixedIp("s1", "10.0.0.1"))));
        assertThat(agent.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(metadata("/")).endsWith("000");
    }

    /**
     * What the VM gets from 169.254.169.254: the body, then the HTTP status on a line of its own.
     */
    private String metadata(String path) {
        return Command.of(
                        List.of(
                                "curl",
                                "-s",
                                "--max-time",
                                "3",
                                "-w",
                                "\n%{http_code}",
                                "http://169.254.169.254" + path))
                .in(Placement.netns(vm.namespace()))
                .execute()
                .stdout();
    }
}
