package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.l3.RouterLab.in;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceLookup;
import org.weft.agent.metadata.InstanceSignature;
import org.weft.agent.metadata.MetadataAgent;
import org.weft.agent.metadata.MetadataScope;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.nova.NovaMetadataStandIn;

/**
 * A VM's metadata request through the whole path: the router's nat redirect, the router's haproxy,
 * the metadata agent on its unix socket, the Nova stand-in on loopback.
 */
@Tag("netns")
class RouterMetadataTest {
    private static final String SECRET = "helloOpenStack";
    private final int novaPort = org.weft.testing.LoopbackPorts.free();
    private static final Instance VM1 =
            new Instance("a1a1a1a1-0000-4000-8000-000000000001", "project-a");
    private static final Instance VM2 =
            new Instance("b2b2b2b2-0000-4000-8000-000000000002", "project-a");

    @TempDir Path state;
    private RouterLab lab;
    private RouterDriver driver;
    private NovaMetadataStandIn nova;
    private MetadataAgent agent;
    private RouterId id;
    private Router router;
    private String vm1;
    private String vm2;
    private String stranger;

    @BeforeEach
    void buildNetworkNode() {
        lab = new RouterLab(state);
        String net1 = lab.network("net1");
        vm1 = lab.vm("vm1", net1, "10.0.1.5/24", "10.0.1.1");
        vm2 = lab.vm("vm2", net1, "10.0.1.6/24", "10.0.1.1");
        stranger = lab.vm("vm9", net1, "10.0.1.9/24", "10.0.1.1");
        id = lab.newRouterId();
        router =
                RouterLab.router(
                        id,
                        Optional.of(lab.gateway("192.168.100.11")),
                        List.of(lab.routerInterface(net1, "10.0.1.1", "10.0.1.0/24")),
                        List.of());
        nova =
                NovaMetadataStandIn.start(
                        new InetSocketAddress("127.0.0.1", novaPort), SECRET, Optional.empty());
        nova.register(VM1);
        nova.register(VM2);
        Path socket = state.resolve("metadata_proxy");
        agent =
                MetadataAgent.start(
                        new MetadataAgent.Settings(
                                socket, URI.create("http://127.0.0.1:" + novaPort), SECRET, false),
                        lookup());
        driver =
                new RouterDriver(
                        Placement.here(),
                        lab.interfaceDriver(),
                        lab.settings(OptionalInt.of(9697), socket));
        driver.ensure(router);
        // haproxy takes a moment to listen after it starts.
        RouterLab.waitUntil(() -> !metadata(stranger, "/").endsWith("000"), Duration.ofSeconds(5));
    }

    private InstanceLookup lookup() {
        MetadataScope scope = MetadataScope.router(id.value());
        return (asked, address) -> {
            if (!asked.equals(scope)) {
                return Optional.empty();
            }
            return switch (address) {
                case "10.0.1.5" -> Optional.of(VM1);
                case "10.0.1.6" -> Optional.of(VM2);
                default -> Optional.empty();
            };
        };
    }

    @AfterEach
    void tearDown() {
        driver.remove(id);
        agent.close();
        nova.close();
        lab.close();
    }

    /** What the VM gets from 169.254.169.254: body, then the status on a line of its own. */
    private static String metadata(String vm, String path, String... headers) {
        List<String> argv =
                new ArrayList<>(List.of("curl", "-s", "--max-time", "10", "-w", "\n%{http_code}"));
        for (String header : headers) {
            argv.add("-H");
            argv.add(header);
        }
        argv.add("http://169.254.169.254" + path);
        return in(vm, argv.toArray(String[]::new)).stdout();
    }

    @Test
    void vmFetchesItsOwnInstanceId() {
        assertThat(
                        RouterLab.waitUntil(
                                () -> metadata(vm1, "/").endsWith("200"), Duration.ofSeconds(5)))
                .isTrue();

        assertThat(metadata(vm1, "/latest/meta-data/instance-id"))
                .isEqualTo(VM1.instanceId() + "\n200");
        assertThat(metadata(vm2, "/openstack/latest/meta_data.json"))
                .contains(VM2.instanceId())
                .endsWith("200");
        assertThat(nova.received().getLast().header("X-Forwarded-For")).containsExactly("10.0.1.6");
    }

    @Test
    void vmCannotGetAnothersEvenWithForgedHeaders() {
        String answer =
                metadata(
                        vm1,
                        "/latest/meta-data/instance-id",
                        "X-Instance-ID: " + VM2.instanceId(),
                        "X-Tenant-ID: project-a",
                        "X-Instance-ID-Signature: "
                                + InstanceSignature.sign(SECRET, VM2.instanceId()),
                        "X-Forwarded-For: 10.0.1.6",
                        "X-Neutron-Router-ID: " + id.value(),
                        "x-neutron-network-id: forged");

        assertThat(answer).isEqualTo(VM1.instanceId() + "\n200");
        NovaMetadataStandIn.Received received = nova.received().getLast();
        assertThat(received.header("X-Instance-ID")).containsExactly(VM1.instanceId());
        assertThat(received.header("X-Forwarded-For")).containsExactly("10.0.1.5");
        assertThat(received.header("X-Neutron-Network-ID")).isEmpty();
    }

    @Test
    void unknownAddressGets404() {
        assertThat(metadata(stranger, "/latest/meta-data/instance-id")).endsWith("404");
    }

    @Test
    void novaDownGets503() {
        nova.close();

        assertThat(metadata(vm1, "/latest/meta-data/instance-id")).endsWith("503");
    }

    @Test
    void proxyPortIsClosedToDirectRequests() {
        assertThat(in(vm1, "curl", "-s", "--max-time", "2", "http://10.0.1.1:9697/").succeeded())
                .isFalse();
    }

    @Test
    void deadProxyIsRespawned() {
        long pid = haproxyPid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        assertThat(
                        RouterLab.waitUntil(
                                () ->
                                        haproxyPid() != pid
                                                && metadata(vm1, "/latest/meta-data/instance-id")
                                                        .endsWith("200"),
                                Duration.ofSeconds(10)))
                .isTrue();
    }

    @Test
    void restartedAgentAdoptsTheRunningProxy() {
        long pid = haproxyPid();
        // The old agent's end: its driver stops watching and leaves haproxy running.
        driver.detach();

        RouterDriver restarted =
                new RouterDriver(
                        Placement.here(),
                        lab.interfaceDriver(),
                        lab.settings(OptionalInt.of(9697), agent.socket()));
        restarted.ensure(router);

        assertThat(haproxyPid()).isEqualTo(pid);
        assertThat(metadata(vm1, "/latest/meta-data/instance-id"))
                .isEqualTo(VM1.instanceId() + "\n200");
        driver = restarted;
    }

    private long haproxyPid() {
        for (String pid :
                org.weft.dataplane.linux.Command.of("ip", "netns", "pids", id.namespace())
                        .execute()
                        .stdout()
                        .split("\\s+")) {
            if (!pid.isBlank()
                    && ProcessHandle.of(Long.parseLong(pid))
                            .flatMap(p -> p.info().command())
                            .orElse("")
                            .endsWith("haproxy")) {
                return Long.parseLong(pid);
            }
        }
        return -1;
    }
}
