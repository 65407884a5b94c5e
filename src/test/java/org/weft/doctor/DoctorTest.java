package org.weft.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.bus.rabbit.TestBrokers;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.TestSwitch;
import org.weft.doctor.CheckResult.Status;
import org.weft.server.Server;

/**
 * The doctor on a network node as the lab builds one: a userspace switch in the host's namespace,
 * {@code br-ex} holding the external interface, {@code br-phy} holding the data interface and the
 * tunnels' local address, and a real Weft API server and RabbitMQ broker on loopback.
 */
@Tag("ovs")
class DoctorTest {
    private static TestSwitch ovs;
    private static Server server;
    private static RabbitMqServer broker;
    private static Placement host;

    @BeforeAll
    static void buildNetworkNode(@TempDir Path data) {
        ovs = TestSwitch.start("doctor");
        host = ovs.placement();
        run("ip", "link", "add", "wovs-ext0", "type", "veth", "peer", "name", "wovs-ext1");
        run("ip", "link", "add", "wovs-phy0", "type", "veth", "peer", "name", "wovs-phy1");
        run("ip", "link", "add", "wovs-plain", "type", "veth", "peer", "name", "wovs-plain1");
        ovs.ovs().addBridge("br-ex");
        ovs.ovs().vsctl("add-port", "br-ex", "wovs-ext0");
        ovs.ovs().addBridge("br-phy");
        ovs.ovs().vsctl("add-port", "br-phy", "wovs-phy0");
        ovs.ovs().addBridge("br-empty");
        run("ip", "addr", "add", "10.20.20.52/24", "dev", "br-phy");
        run("ip", "addr", "add", "10.20.21.5/24", "dev", "wovs-plain");
        server = Server.prepare(Config.empty(), data).start("127.0.0.1", 0);
        broker = TestBrokers.start("doctor", TestBrokers.DOCTOR_TEST);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
        ovs.close();
    }

    @Test
    void wellSetUpNetworkNodePassesEveryCheck() {
        forwarding("1");

        Map<String, CheckResult> results = doctor(config(Map.of()), Clock.systemUTC());

        assertThat(results.values())
                .allSatisfy(
                        result ->
                                assertThat(result.status())
                                        .as(result.render())
                                        .isEqualTo(Status.OK));
        assertThat(results.get("local_ip").detail())
                .isEqualTo("10.20.20.52 is on bridge br-phy, which holds wovs-phy0");
    }

    @Test
    void ipForwardingOffIsAFailureWithTheSysctlToRun() {
        forwarding("0");

        CheckResult result = doctor(config(Map.of()), Clock.systemUTC()).get("IP forwarding");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.remedy()).contains("sysctl -w net.ipv4.ip_forward=1", "/etc/sysctl.conf");
        forwarding("1");
    }

    @Test
    void unreachableOpenVswitchFailsAndTheChecksThatNeedItSkip() {
        Map<String, CheckResult> results =
                doctor(
                        config(
                                Map.of(
                                        "ovsdb_connection",
                                        "unix:/nonexistent/wovs.sock",
                                        "ovsdb_timeout",
                                        "1")),
                        Clock.systemUTC());

        assertThat(results.get("Open vSwitch").status()).isEqualTo(Status.FAIL);
        assertThat(results.get("Open vSwitch").remedy()).contains("ovsdb_connection");
        assertThat(results.get("Tunnels and patch ports").status()).isEqualTo(Status.SKIP);
        assertThat(results.get("External bridges").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void systemDatapathWithoutTheKernelModuleFailsWithTheGuidesRefusal() {
        CheckResult result =
                doctor(config(Map.of("datapath_type", "system")), Clock.systemUTC())
                        .get("Tunnels and patch ports");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail()).startsWith("Cannot have tunneling enabled on this agent");
        assertThat(result.remedy()).contains("modprobe openvswitch", "datapath_type = netdev");
    }

    @Test
    void externalBridgeWithoutAPortFailsSayingWhatToAdd() {
        CheckResult result =
                doctor(config(Map.of("external_network_bridge", "br-empty")), Clock.systemUTC())
                        .get("External bridges");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail()).isEqualTo("bridge br-empty has no port");
        assertThat(result.remedy()).startsWith("ovs-vsctl add-port br-empty IFACE");
    }

    @Test
    void localIpOutsideAnOpenVswitchBridgeFailsOnTheUserspaceDatapath() {
        CheckResult plain =
                doctor(config(Map.of("local_ip", "10.20.21.5")), Clock.systemUTC()).get("local_ip");
        CheckResult absent =
                doctor(config(Map.of("local_ip", "10.20.22.9")), Clock.systemUTC()).get("local_ip");

        assertThat(plain.status()).isEqualTo(Status.FAIL);
        assertThat(plain.detail()).contains("on wovs-plain, which is not an Open vSwitch bridge");
        assertThat(plain.remedy())
                .contains("ovs-vsctl add-br br-phy", "add-port br-phy wovs-plain");
        assertThat(absent.detail()).isEqualTo("10.20.22.9 is on no interface of this host");
    }

    @Test
    void clockOutOfStepWithTheControllerFails() {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(120));

        CheckResult result = doctor(config(Map.of()), ahead).get("Clock");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail())
                .matches("this host's clock is 1(19|20|21) s ahead of the controller's");
        assertThat(result.remedy()).contains("NTP");
    }

    @Test
    void unreachableControllerFailsAndTheClockCheckSkips() {
        Map<String, CheckResult> results =
                doctor(config(Map.of("url", "http://127.0.0.1:26699/")), Clock.systemUTC());

        assertThat(results.get("Controller API").status()).isEqualTo(Status.FAIL);
        assertThat(results.get("Controller API").remedy()).contains("weft server");
        assertThat(results.get("Clock").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void wrongBrokerPasswordFailsNamingTheAccountSettings() {
        CheckResult result =
                doctor(config(Map.of("rabbit_password", "not-the-password")), Clock.systemUTC())
                        .get("Message bus");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail())
                .startsWith(
                        "127.0.0.1:"
                                + TestBrokers.amqpPort(TestBrokers.DOCTOR_TEST)
                                + " refused guest");
        assertThat(result.remedy()).contains("rabbit_password").contains("loopback_users");
    }

    @Test
    void noBrokerFailsSayingToStartRabbitMq() {
        CheckResult result =
                doctor(config(Map.of("rabbit_port", "26698")), Clock.systemUTC())
                        .get("Message bus");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail()).startsWith("no broker answered at 127.0.0.1:26698");
        assertThat(result.remedy()).contains("start RabbitMQ");
    }

    private static Map<String, CheckResult> doctor(Config config, Clock clock) {
        DoctorContext.Settings settings =
                new DoctorContext.Settings(true, Optional.empty(), host, clock);
        try (DoctorContext context = new DoctorContext(config, settings)) {
            List<CheckResult> results = Doctor.forHost().run(context);
            return results.stream().collect(Collectors.toMap(CheckResult::name, result -> result));
        }
    }

    /** The network node's files, with {@code overrides} by key. */
    private static Config config(Map<String, String> overrides) {
        Map<String, String> values =
                new java.util.HashMap<>(
                        Map.of(
                                "ovsdb_connection", ovs.ovs().databaseTarget(),
                                "datapath_type", "netdev",
                                "local_ip", "10.20.20.52",
                                "external_network_bridge", "br-ex",
                                "url", "http://127.0.0.1:" + server.port() + "/",
                                "ovsdb_timeout", "10",
                                "rabbit_port",
                                        Integer.toString(
                                                TestBrokers.amqpPort(TestBrokers.DOCTOR_TEST)),
                                "rabbit_password", "guest"));
        values.putAll(overrides);
        String text =
                """
                [DEFAULT]
                external_network_bridge = %s
                rabbit_host = 127.0.0.1
                rabbit_port = %s
                rabbit_password = %s
                [ovs]
                ovsdb_connection = %s
                ovsdb_timeout = %s
                datapath_type = %s
                local_ip = %s
                [agent]
                tunnel_types = gre,vxlan
                [neutron]
                url = %s
                """
                        .formatted(
                                values.get("external_network_bridge"),
                                values.get("rabbit_port"),
                                values.get("rabbit_password"),
                                values.get("ovsdb_connection"),
                                values.get("ovsdb_timeout"),
                                values.get("datapath_type"),
                                values.get("local_ip"),
                                values.get("url"));
        return Config.fromText("network-node.conf", text);
    }

    private static void forwarding(String value) {
        run("sysctl", "-q", "-w", "net.ipv4.ip_forward=" + value);
    }

    private static void run(String... argv) {
        Command.of(argv).in(host).run();
    }

    @SuppressWarnings("unused")
    private static URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }
}
