package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.agent.metadata.Instance;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.lab.nova.NovaMetadataStandIn;
import org.weft.server.api.ApiTestServer;

/**
 * The four agents of the distribution run as an unprivileged user ({@code wo2agent}, made when
 * missing), each with only the capabilities its service unit grants ({@code AmbientCapabilities}
 * read from the archive's units, also as bounding set, no new privileges), doing their work on a
 * private switch (namespace {@code wo2-lp}): the OVS agent makes {@code br-int} and wires the VM's
 * port (ACTIVE) and the DHCP port; the DHCP agent makes its {@code qdhcp-} namespace, its veth and
 * dnsmasq; the VM (namespace {@code wo2-lp-vm}, busybox udhcpc) gets its lease. The L3 agent makes
 * the router's {@code qrouter-} namespace with its {@code qr-} device on {@code br-int} and its
 * {@code qg-} device on {@code br-ex}, its SNAT and floating IP rules ({@code iptables-restore})
 * and its haproxy; the VM reaches the upstream (namespace {@code wo2-lp-up}, on {@code br-ex})
 * through SNAT and the upstream reaches the VM on its floating IP. The metadata agent (no
 * capabilities, in the root namespace: a unix socket and HTTP to the Nova stand-in on loopback
 * 23201) answers the VM's request to 169.254.169.254 that the router's haproxy forwards to it. The
 * OVS agent filters nothing ({@code firewall_driver = noop}). The network agents run in the
 * switch's namespace and reach the test's RabbitMQ (loopback 23121) through a pair of socat relays
 * joined by a unix socket.
 */
@Tag("ovs")
@Tag("netns")
class LeastPrivilegeIT {
    private static final Path UNPACKED = Path.of("/tmp/wo2-lp");
    private static final String USER = "wo2agent";
    private static final String NAMESPACE = "wo2-lp";
    private static final String VM = "wo2-lp-vm";
    private static final String UPSTREAM = "wo2-lp-up";
    private static final String UPSTREAM_ADDRESS = "10.232.0.1";
    private static final String HOST = "wo2-lp-host";
    private static final String SHARED_SECRET = "wo2-lp-secret";
    private static final int AMQP_PORT = 23121;
    private static final int NOVA_METADATA_PORT = 23201;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Process> processes = new ArrayList<>();
    private final List<ProcessHandle> agentChildren = new ArrayList<>();
    private Process ovsAgent;
    private Process dhcpAgent;
    private Process l3Agent;
    private Process metadataAgent;
    private NovaMetadataStandIn nova;
    private RabbitMqServer broker;
    private PrivateSwitch ovs;
    private Bus bus;
    private ApiTestServer server;
    private String network;
    private String router;

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            for (Process process : processes) {
                process.descendants().forEach(agentChildren::add);
                stop(process);
            }
            agentChildren.forEach(ProcessHandle::destroyForcibly);
            if (server != null) {
                server.close();
            }
            if (nova != null) {
                nova.close();
            }
            if (bus != null) {
                bus.close();
            }
        } finally {
            try {
                if (ovs != null) {
                    ovs.stop();
                }
                if (broker != null) {
                    broker.close();
                }
            } finally {
                deleteNamespaces();
                Command.of("rm", "-rf", UNPACKED.toString()).execute();
            }
        }
    }

    @Test
    void agentsWithOnlyTheirUnitsCapabilitiesWireLeaseRouteAndServeMetadata() throws Exception {
        stopLeftoverDnsmasq();
        deleteNamespaces();
        Path home = DistributionIT.unpack(UNPACKED);
        ensureUser();
        startSwitchBrokerAndServer();
        ovsAgent =
                startAsUnprivileged(
                        home,
                        "ovs",
                        unitCapabilities(home, "weft-ovs-agent.service"),
                        "[ovs]\ndatapath_type = netdev\n[securitygroup]\nfirewall_driver = noop\n"
                                + "[metrics]\nbind_port = 23125\n");
        await("the OVS agent heartbeating", () -> agentAlive("Open vSwitch agent"));
        dhcpAgent =
                startAsUnprivileged(
                        home,
                        "dhcp",
                        unitCapabilities(home, "weft-dhcp-agent.service"),
                        "[DEFAULT]\nresync_interval = 1\n[metrics]\nbind_port = 23124\n");
        await("the DHCP agent heartbeating", () -> agentAlive("DHCP agent"));

        network = createNetwork();
        await("dnsmasq serving the network", () -> dnsmasq().isPresent());
        JsonNode port = createPort();
        plugVm(port);
        await("the VM's port ACTIVE", () -> status(port).equals("ACTIVE"));

        Command.Result lease =
                Command.of(
                                "busybox",
                                "udhcpc",
                                "-f",
                                "-q",
                                "-n",
                                "-i",
                                "eth0",
                                "-t",
                                "10",
                                "-T",
                                "1",
                                "-s",
                                "/bin/true")
                        .in(Placement.netns(VM))
                        .withTimeout(Duration.ofSeconds(30))
                        .execute();
        assertThat(lease.stdout() + lease.stderr())
                .as(output())
                .contains("lease of " + port.path("fixed_ips").path(0).path("ip_address").asText());
        assertThat(dnsmasq().orElseThrow().info().user()).contains(USER);
        assertThat(ovsAgent.isAlive()).isTrue();

        routeTheVm(home, port);
        fetchMetadata(home, port);
    }

    /**
     * The L3 agent's router: SNAT for the VM towards the upstream, and the VM on its floating IP
     * from the upstream (which has no route to the VM's subnet).
     */
    private void routeTheVm(Path home, JsonNode port) throws Exception {
        makeUpstream();
        l3Agent =
                startAsUnprivileged(
                        home,
                        "l3",
                        unitCapabilities(home, "weft-l3-agent.service"),
                        "[DEFAULT]\nexternal_network_bridge = br-ex\nmetadata_proxy_socket = "
                                + metadataSocket()
                                + "\n[metrics]\nbind_port = 23202\n");
        await("the L3 agent heartbeating", () -> agentAlive("L3 agent"));
        String external = createExternalNetwork();
        router = createRouter(external);
        String vmAddress = port.path("fixed_ips").path(0).path("ip_address").asText();
        configureVm(vmAddress);
        String gateway = gatewayAddress();
        await("the VM reaching the upstream through SNAT", () -> pings(VM, UPSTREAM_ADDRESS));
        assertThat(iptables(qrouter()))
                .as(LeastPrivilegeIT::output)
                .contains("SNAT")
                .contains("--to-source " + gateway);
        String floating = createFloatingIp(external, port);
        await("the upstream reaching the VM on " + floating, () -> pings(UPSTREAM, floating));
        assertThat(iptables(qrouter()))
                .as(LeastPrivilegeIT::output)
                .contains("-d " + floating + "/32")
                .contains("DNAT");
        assertThat(l3Agent.descendants().map(p -> p.info().user().orElse("")))
                .isNotEmpty()
                .containsOnly(USER);
        assertThat(l3Agent.descendants().map(p -> p.info().command().orElse("")))
                .anyMatch(command -> command.endsWith("haproxy"));
    }

    /** The VM's metadata request, through the router's haproxy and the metadata agent, to Nova. */
    private void fetchMetadata(Path home, JsonNode port) throws Exception {
        nova =
                NovaMetadataStandIn.start(
                        new InetSocketAddress("127.0.0.1", NOVA_METADATA_PORT),
                        SHARED_SECRET,
                        Optional.empty());
        nova.register(
                new Instance(port.path("device_id").asText(), port.path("project_id").asText()));
        metadataAgent =
                startAsUnprivileged(
                        home,
                        "metadata",
                        unitCapabilities(home, "weft-metadata-agent.service"),
                        "[DEFAULT]\nnova_metadata_host = 127.0.0.1\nnova_metadata_port = "
                                + NOVA_METADATA_PORT
                                + "\nmetadata_proxy_shared_secret = "
                                + SHARED_SECRET
                                + "\nmetadata_proxy_socket = "
                                + metadataSocket()
                                + "\n[metrics]\nbind_port = 23203\n",
                        List.of());
        String url = "http://169.254.169.254/latest/meta-data/instance-id";
        await(
                "the VM's instance id from the metadata service",
                () ->
                        Command.of("curl", "-s", "-m", "5", url)
                                .in(Placement.netns(VM))
                                .execute()
                                .stdout()
                                .strip()
                                .equals(port.path("device_id").asText()));
        assertThat(nova.received().getLast().header("X-Instance-ID"))
                .containsExactly(port.path("device_id").asText());
        assertThat(metadataAgent.isAlive()).isTrue();
    }

    private static Path metadataSocket() {
        return UNPACKED.resolve("state-metadata").resolve("metadata_proxy");
    }

    /** The upstream: a namespace on br-ex, the external network's gateway. */
    private void makeUpstream() {
        ovs.addBridge("br-ex");
        Command.of("ip", "netns", "add", UPSTREAM).run();
        Command.of(
                        "ip",
                        "link",
                        "add",
                        "wo2-lp-ux",
                        "netns",
                        NAMESPACE,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "eth0",
                        "netns",
                        UPSTREAM)
                .run();
        Command.of("ip", "link", "set", "wo2-lp-ux", "up").in(Placement.netns(NAMESPACE)).run();
        ovs.vsctl("add-port", "br-ex", "wo2-lp-ux");
        Placement upstream = Placement.netns(UPSTREAM);
        Command.of("ip", "link", "set", "lo", "up").in(upstream).run();
        Command.of("ip", "addr", "add", UPSTREAM_ADDRESS + "/24", "dev", "eth0").in(upstream).run();
        Command.of("ip", "link", "set", "eth0", "up").in(upstream).run();
    }

    /** The VM's leased address and its default route through the router, as udhcpc would set. */
    private static void configureVm(String address) {
        Placement vm = Placement.netns(VM);
        Command.of("ip", "link", "set", "lo", "up").in(vm).run();
        Command.of("ip", "addr", "replace", address + "/24", "dev", "eth0").in(vm).run();
        Command.of("ip", "route", "replace", "default", "via", "10.231.0.1").in(vm).run();
    }

    private static boolean pings(String namespace, String address) {
        return Command.of("ping", "-c", "1", "-W", "1", address)
                .in(Placement.netns(namespace))
                .execute()
                .succeeded();
    }

    /**
     * The NAT table of the router's namespace, seen from the L3 agent's mount namespace: {@code ip
     * netns exec} gave the agent a mount namespace of its own, so the namespace file it bound under
     * {@code /run/netns} is a namespace there only.
     */
    private String iptables(String namespace) {
        return Command.of(
                        "nsenter",
                        "--mount=/proc/" + l3Agent.pid() + "/ns/mnt",
                        "ip",
                        "netns",
                        "exec",
                        namespace,
                        "iptables-save",
                        "-t",
                        "nat")
                .run();
    }

    private String qrouter() {
        return "qrouter-" + router;
    }

    private String createExternalNetwork() {
        String id =
                server.admin()
                        .create(
                                "networks",
                                "network",
                                "{\"name\": \"wo2-lp-ext\", \"router:external\": true}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + id
                                + "\", \"ip_version\": 4, \"cidr\": \"10.232.0.0/24\","
                                + " \"gateway_ip\": \""
                                + UPSTREAM_ADDRESS
                                + "\", \"enable_dhcp\": false}");
        return id;
    }

    private String createRouter(String external) {
        String id =
                server.admin()
                        .create(
                                "routers",
                                "router",
                                "{\"name\": \"wo2-lp\", \"external_gateway_info\":"
                                        + " {\"network_id\": \""
                                        + external
                                        + "\"}}");
        String subnet =
                server.admin()
                        .get("/v2.0/subnets?network_id=" + network)
                        .body()
                        .at("/subnets/0/id")
                        .asText();
        ApiTestServer.Reply reply =
                server.admin()
                        .put(
                                "/v2.0/routers/" + id + "/add_router_interface",
                                "{\"subnet_id\": \"" + subnet + "\"}");
        assertThat(reply.status()).isEqualTo(200);
        return id;
    }

    private String gatewayAddress() {
        return server.admin()
                .get("/v2.0/routers/" + router)
                .at("/router/external_gateway_info/external_fixed_ips/0/ip_address")
                .asText();
    }

    private String createFloatingIp(String external, JsonNode port) {
        ApiTestServer.Reply reply =
                server.admin()
                        .post(
                                "/v2.0/floatingips",
                                "{\"floatingip\": {\"floating_network_id\": \""
                                        + external
                                        + "\", \"port_id\": \""
                                        + port.path("id").asText()
                                        + "\"}}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().at("/floatingip/floating_ip_address").asText();
    }

    /** The capabilities a unit of the archive grants, as setpriv names them. */
    private static List<String> unitCapabilities(Path home, String unit) throws IOException {
        String line =
                Files.readAllLines(home.resolve("etc/systemd").resolve(unit)).stream()
                        .filter(l -> l.startsWith("AmbientCapabilities="))
                        .findFirst()
                        .orElseThrow();
        return Arrays.stream(line.substring(line.indexOf('=') + 1).trim().split("\\s+"))
                .filter(c -> !c.isEmpty())
                .map(c -> c.replaceFirst("^CAP_", "").toLowerCase(java.util.Locale.ROOT))
                .toList();
    }

    private static void ensureUser() {
        if (!Command.of("id", "-u", USER).execute().succeeded()) {
            Command.of(
                            "useradd",
                            "--system",
                            "--no-create-home",
                            "--shell",
                            "/usr/sbin/nologin",
                            USER)
                    .run();
        }
    }

    private void startSwitchBrokerAndServer() throws IOException {
        Command.of("ip", "netns", "add", NAMESPACE).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(NAMESPACE)).run();
        ovs =
                PrivateSwitch.builder(Path.of("target", "wo2-lp-ovs").toAbsolutePath())
                        .placement(Placement.netns(NAMESPACE))
                        .start();
        broker =
                RabbitMqServer.start(
                        RabbitMqServer.Settings.onLoopback(
                                "wo2-lp",
                                Path.of("target", "wo2-lp-rabbit"),
                                AMQP_PORT,
                                23122,
                                23123));
        relayBrokerIntoNamespace();
        String transport = "transport_url = rabbit://guest:guest@127.0.0.1:" + AMQP_PORT + "/\n";
        server =
                ApiTestServer.start(
                        UNPACKED.resolve("server"),
                        Config.fromText(
                                "neutron.conf",
                                transport + "[ml2]\ntenant_network_types = local\n"));
        bus = BusFactory.create(Config.fromText("neutron.conf", transport), "weft-server");
        server.server().connect(bus);
    }

    /** Loopback port 23121 of the namespace leads to the broker on this loopback's 23121. */
    private void relayBrokerIntoNamespace() throws IOException {
        String socket = UNPACKED.resolve("amqp.sock").toString();
        processes.add(
                new ProcessBuilder(
                                "socat",
                                "UNIX-LISTEN:" + socket + ",fork",
                                "TCP:127.0.0.1:" + AMQP_PORT)
                        .redirectErrorStream(true)
                        .redirectOutput(UNPACKED.resolve("relay-out.log").toFile())
                        .start());
        processes.add(
                new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                NAMESPACE,
                                "socat",
                                "TCP-LISTEN:" + AMQP_PORT + ",bind=127.0.0.1,fork,reuseaddr",
                                "UNIX-CONNECT:" + socket)
                        .redirectErrorStream(true)
                        .redirectOutput(UNPACKED.resolve("relay-in.log").toFile())
                        .start());
    }

    /** Runs {@code weft agent <agent>} in the switch's namespace, see below. */
    private Process startAsUnprivileged(
            Path home, String agent, List<String> capabilities, String settings)
            throws IOException {
        return startAsUnprivileged(
                home, agent, capabilities, settings, List.of("ip", "netns", "exec", NAMESPACE));
    }

    /**
     * Runs {@code weft agent <agent>} as {@link #USER} with {@code capabilities} only, under {@code
     * wrapper} (which places it in a namespace, or is empty).
     */
    private Process startAsUnprivileged(
            Path home,
            String agent,
            List<String> capabilities,
            String settings,
            List<String> wrapper)
            throws IOException {
        Path state = Files.createDirectories(UNPACKED.resolve("state-" + agent));
        Path logs = Files.createDirectories(UNPACKED.resolve("log"));
        Path conf = UNPACKED.resolve(agent + "_agent.ini");
        Files.writeString(
                conf,
                "[DEFAULT]\nhost = "
                        + HOST
                        + "\nstate_path = "
                        + state
                        + "\nlog_dir = "
                        + logs
                        + "\ntransport_url = rabbit://guest:guest@127.0.0.1:"
                        + AMQP_PORT
                        + "/\n[ovs]\novsdb_connection = "
                        + ovs.databaseTarget()
                        + "\n[agent]\nreport_interval = 2\n");
        Files.writeString(conf, settings, java.nio.file.StandardOpenOption.APPEND);
        Command.of("chown", "-R", USER + ":" + USER, state.toString(), logs.toString()).run();
        String caps =
                "-all" + capabilities.stream().map(c -> ",+" + c).collect(Collectors.joining());
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(
                List.of(
                        "setpriv",
                        "--reuid=" + USER,
                        "--regid=" + USER,
                        "--clear-groups",
                        "--no-new-privs",
                        "--bounding-set=" + caps,
                        "--inh-caps=" + caps,
                        "--ambient-caps=" + caps,
                        home.resolve("bin/weft").toString(),
                        "agent",
                        agent,
                        "--config-file",
                        conf.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(argv)
                        .directory(UNPACKED.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(UNPACKED.resolve(agent + "-agent.out").toFile());
        builder.environment().remove("WEFT_HOME");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private boolean agentAlive(String type) {
        for (JsonNode agent : server.admin().get("/v2.0/agents").body().path("agents")) {
            if (agent.path("host").asText().equals(HOST)
                    && agent.path("agent_type").asText().equals(type)
                    && agent.path("alive").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private String status(JsonNode port) {
        return server.admin()
                .get("/v2.0/ports/" + port.path("id").asText())
                .at("/port/status")
                .asText();
    }

    private String createNetwork() {
        String id = server.admin().create("networks", "network", "{\"name\": \"wo2-lp\"}");
        server.admin()
                .create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + id
                                + "\", \"ip_version\": 4, \"cidr\": \"10.231.0.0/24\"}");
        return id;
    }

    private JsonNode createPort() {
        ApiTestServer.Reply reply =
                server.admin()
                        .post(
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + network
                                        + "\", \"binding:host_id\": \""
                                        + HOST
                                        + "\", \"device_owner\": \"compute:nova\", \"device_id\":"
                                        + " \""
                                        + UUID.randomUUID()
                                        + "\"}}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("port");
    }

    /** The VM's eth0 on br-int as Nova's os-vif plugs it: the OVS agent wires it by iface-id. */
    private void plugVm(JsonNode port) {
        Command.of("ip", "netns", "add", VM).run();
        try (VifPlugger plugger =
                VifPlugger.connect(Placement.netns(NAMESPACE), ovs.databaseTarget(), "br-int")) {
            plugger.plug(
                    new VifPort(
                            port.path("id").asText(),
                            port.path("mac_address").asText(),
                            1500,
                            UUID.randomUUID().toString(),
                            false),
                    new Guest.Namespace(VM, "eth0"));
        }
    }

    private java.util.Optional<ProcessHandle> dnsmasq() {
        return dhcpAgent
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("dnsmasq"))
                .findFirst();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            for (Process agent : Arrays.asList(ovsAgent, dhcpAgent, l3Agent, metadataAgent)) {
                if (agent != null) {
                    assertThat(agent.isAlive()).as(output()).isTrue();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not seen within " + WAIT + ": " + what + output());
            }
            Thread.sleep(300);
        }
    }

    private static String output() {
        StringBuilder text = new StringBuilder();
        try {
            for (String agent : List.of("ovs", "dhcp", "l3", "metadata")) {
                Path out = UNPACKED.resolve(agent + "-agent.out");
                if (Files.exists(out)) {
                    text.append("\n--- ").append(agent).append(" agent:\n");
                    text.append(Files.readString(out));
                }
            }
            try (Stream<Path> logs = Files.list(UNPACKED.resolve("log"))) {
                for (Path log : logs.toList()) {
                    text.append("\n--- ").append(log.getFileName()).append(":\n");
                    text.append(Files.readString(log));
                }
            }
        } catch (IOException e) {
            text.append("(no more output: ").append(e.getMessage()).append(")");
        }
        return text.toString();
    }

    /** dnsmasq of a crashed earlier run: recorded in pid files under the state directory. */
    private static void stopLeftoverDnsmasq() throws IOException {
        Path state = UNPACKED.resolve("state-dhcp");
        if (!Files.isDirectory(state)) {
            return;
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path pidFile :
                    files.filter(f -> f.getFileName().toString().equals("pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .filter(p -> p.info().commandLine().orElse("").contains(state.toString()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (NumberFormatException e) {
            // a half-written pid file: its process never started
        }
    }

    private void deleteNamespaces() {
        for (String namespace : List.of(VM, UPSTREAM, NAMESPACE)) {
            Command.of("ip", "netns", "delete", namespace).execute();
        }
        if (router != null) {
            Command.of("ip", "netns", "delete", qrouter()).execute();
        }
        if (network != null) {
            Command.of("ip", "netns", "delete", "qdhcp-" + network).execute();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
