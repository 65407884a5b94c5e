package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;
import org.weft.lab.LabStatus;
import org.weft.lab.Roles;
import org.weft.lab.VmSpec;
import org.weft.lab.WeftProcess;

/**
 * The network node's services end to end on the lab, through the API only: VMs on both compute
 * nodes lease their addresses from the DHCP agents the server scheduled (one on the network node,
 * one on compute1, as Neutron allows), reach the upstream host through SNAT, are reached on a
 * floating IP until it is disassociated, after which another VM takes the address and is reached on
 * it, fetch their own instance id from 169.254.169.254, two projects with the same CIDR stay apart,
 * VMs on two subnets of one router reach each other while another project's VM does not reach them,
 * and a network whose DHCP agent dies moves to the other and serves a new port. One lab for the
 * whole class; the tests build on each other in order.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkNodeLabTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern OURS =
            Pattern.compile("(wsc[0-9]+)-(controller|network|compute[0-9]+|upstream|fabric)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM = "192.168.100.1";

    private static Lab lab;
    private static String router;
    private static String netA;
    private static JsonNode vm1Port;
    private static JsonNode vm2Port;
    private static String vm1Instance;
    private static String vm2Instance;
    private static JsonNode floatingIp;
    private static JsonNode vm5Port;

    @BeforeAll
    static void startLab() {
        removeLeftovers();
        String name = "wsc" + ThreadLocalRandom.current().nextInt(10000, 100000);
        lab = Lab.up(new LabSpec(name, 2, LabDatabase.EMBEDDED, Path.of("/tmp", "wsc-" + name)));
        try {
            // Failover within seconds: agents beat every second, dead after 2 x 4 s.
            lab.configure(
                    "controller", "server", Map.of("DEFAULT", Map.of("agent_down_time", "4")));
            Map<String, Map<String, String>> beatEverySecond =
                    Map.of("agent", Map.of("report_interval", "1"));
            for (LabHost host : lab.hosts()) {
                for (WeftProcess process : Roles.of(host.role())) {
                    if (process.name().endsWith("-agent")) {
                        lab.configure(host.name(), process.name(), beatEverySecond);
                    }
                }
            }
            lab.configure("compute1", "dhcp-agent", beatEverySecond);
            lab.start();
            lab.startProcess("compute1", "dhcp-agent");
            await(
                    "two DHCP agents and an L3 agent alive",
                    () -> alive("DHCP agent") == 2 && alive("L3 agent") == 1);
        } catch (RuntimeException | Error e) {
            lab.down();
            throw e;
        }
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.down();
        }
    }

    @Test
    @Order(1)
    void vmsOnBothComputeNodesLeaseFromTheScheduledDhcpAgent() throws IOException {
        String external =
                id(
                        api(
                                "POST",
                                "/v2.0/networks",
                                "{\"network\": {\"name\": \"ext-net\", \"router:external\":"
                                        + " true}}"),
                        "network");
        api(
                "POST",
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + external
                        + "\", \"cidr\": \"192.168.100.0/24\", \"ip_version\": 4,"
                        + " \"gateway_ip\": \"192.168.100.1\", \"enable_dhcp\": false,"
                        + " \"allocation_pools\": [{\"start\": \"192.168.100.102\", \"end\":"
                        + " \"192.168.100.126\"}]}}");
        netA = tenantNetwork("project-a");
        router = tenantRouter("project-a", external, netA);
        vm1Instance = UUID.randomUUID().toString();
        vm2Instance = UUID.randomUUID().toString();
        vm1Port = port(netA, "project-a", "compute1", vm1Instance, "10.5.5.10");
        vm2Port = port(netA, "project-a", "compute2", vm2Instance, "10.5.5.11");
        tellNova(vm1Instance, "project-a");
        tellNova(vm2Instance, "project-a");

        lab.createVm(VmSpec.of("vm1", "compute1", vm1Port.path("id").asText()).withDhcp());
        lab.createVm(VmSpec.of("vm2", "compute2", vm2Port.path("id").asText()).withDhcp());

        assertThat(lab.awaitLease("vm1", WAIT)).containsEntry("ip", "10.5.5.10");
        assertThat(lab.awaitLease("vm2", WAIT)).containsEntry("ip", "10.5.5.11");
        assertThat(dhcpHosts(netA)).hasSize(1);
        await(
                "router on the network node's L3 agent",
                () ->
                        api("GET", "/v2.0/routers/" + router + "/l3-agents", null)
                                .at("/agents/0/host")
                                .asText()
                                .equals("network"));
    }

    @Test
    @Order(2)
    void vmsReachTheUpstreamAsTheRoutersGatewayAddress() {
        String gateway =
                api("GET", "/v2.0/routers/" + router, null)
                        .at("/router/external_gateway_info/external_fixed_ips/0/ip_address")
                        .asText();
        lab.startWorkload(
                "upstream",
                "wsc-peer",
                List.of("socat", "TCP-LISTEN:24001,reuseaddr,fork", "SYSTEM:echo $SOCAT_PEERADDR"));

        for (String vm : List.of("vm1", "vm2")) {
            await(
                    vm + " reaching upstream as " + gateway,
                    () -> exec(vm, "nc", "-w", "3", UPSTREAM, "24001").strip().equals(gateway));
        }
    }

    @Test
    @Order(3)
    void theUpstreamReachesAFloatingIpUntilItIsDisassociated() {
        allowIn("project-a", "icmp", null);
        allowIn("project-a", "tcp", 24002);
        lab.startWorkload(
                "vm1",
                "wsc-vm1-listener",
                List.of("socat", "TCP-LISTEN:24002,reuseaddr,fork", "SYSTEM:echo vm1"));
        floatingIp =
                api(
                        "POST",
                        "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \""
                                + api("GET", "/v2.0/networks?name=ext-net", null)
                                        .at("/networks/0/id")
                                        .asText()
                                + "\", \"project_id\": \"project-a\", \"port_id\": \""
                                + vm1Port.path("id").asText()
                                + "\"}}");
        String address = floatingIp.at("/floatingip/floating_ip_address").asText();

        await("upstream pinging " + address, () -> pings("upstream", address));
        await(
                "upstream reaching " + address + ":24002",
                () -> exec("upstream", "nc", "-w", "3", address, "24002").contains("vm1"));

        api(
                "PUT",
                "/v2.0/floatingips/" + floatingIp.at("/floatingip/id").asText(),
                "{\"floatingip\": {\"port_id\": null}}");

        await("upstream no longer pinging " + address, () -> !pings("upstream", address));
        assertThat(exec("upstream", "nc", "-w", "3", address, "24002")).doesNotContain("vm1");
    }

    @Test
    @Order(4)
    void aDisassociatedFloatingIpTakenByAnotherVmReachesThatVm() {
        String address = floatingIp.at("/floatingip/floating_ip_address").asText();
        lab.startWorkload(
                "vm2",
                "wsc-vm2-listener",
                List.of("socat", "TCP-LISTEN:24002,reuseaddr,fork", "SYSTEM:echo vm2"));

        api(
                "PUT",
                "/v2.0/floatingips/" + floatingIp.at("/floatingip/id").asText(),
                "{\"floatingip\": {\"port_id\": \"" + vm2Port.path("id").asText() + "\"}}");

        await(
                "upstream reaching vm2 on " + address + ":24002",
                () -> exec("upstream", "nc", "-w", "3", address, "24002").contains("vm2"));
        assertThat(pings("upstream", address)).isTrue();
        assertThat(exec("upstream", "nc", "-w", "3", address, "24002")).doesNotContain("vm1");
    }

    @Test
    @Order(5)
    void aVmFetchesItsOwnInstanceIdEvenWhenItForgesAnother() {
        String url = "http://169.254.169.254/latest/meta-data/instance-id";

        await(
                "vm1's instance id from the metadata service",
                () -> exec("vm1", "curl", "-s", "-m", "5", url).strip().equals(vm1Instance));
        String forged =
                exec("vm1", "curl", "-s", "-m", "5", "-H", "X-Instance-ID: " + vm2Instance, url);
        String vm2 = exec("vm2", "curl", "-s", "-m", "5", url);

        assertThat(forged.strip()).isEqualTo(vm1Instance);
        assertThat(vm2.strip()).isEqualTo(vm2Instance);
    }

    @Test
    @Order(6)
    void twoProjectsWithTheSameCidrStayApart() {
        String external =
                api("GET", "/v2.0/networks?name=ext-net", null).at("/networks/0/id").asText();
        String netB = tenantNetwork("project-b");
        tenantRouter("project-b", external, netB);
        JsonNode vm3Port =
                port(netB, "project-b", "compute2", UUID.randomUUID().toString(), "10.5.5.10");

        lab.createVm(VmSpec.of("vm3", "compute2", vm3Port.path("id").asText()).withDhcp());

        assertThat(lab.awaitLease("vm3", WAIT)).containsEntry("ip", "10.5.5.10");
        await("vm3 reaching upstream", () -> pings("vm3", UPSTREAM));
        assertThat(pings("vm3", "10.5.5.11")).as("vm3 reaches project-a's vm2").isFalse();
        assertThat(pings("vm1", "10.5.5.11")).as("vm1 reaches its neighbour vm2").isTrue();
    }

    @Test
    @Order(7)
    void vmsOnTwoSubnetsOfOneRouterReachEachOtherAndNotAnotherProjects() {
        String netC = tenantNetwork("project-a", "10.6.6.0/24");
        addInterface(router, netC);
        vm5Port = port(netC, "project-a", "compute1", UUID.randomUUID().toString(), "10.6.6.10");

        lab.createVm(VmSpec.of("vm5", "compute1", vm5Port.path("id").asText()).withDhcp());

        assertThat(lab.awaitLease("vm5", WAIT)).containsEntry("router", "10.6.6.1");
        await("vm5 reaching vm2 across the router", () -> pings("vm5", "10.5.5.11"));
        assertThat(pings("vm2", "10.6.6.10")).as("vm2 reaches vm5").isTrue();
        assertThat(exec("vm5", "nc", "-w", "3", "10.5.5.10", "24002")).contains("vm1");
        assertThat(pings("vm3", "10.6.6.10")).as("project-b's vm3 reaches vm5").isFalse();
    }

    @Test
    @Order(8)
    void aKilledL3AgentRestartedKeepsTheRouterAndServesANewFloatingIp() {
        long agent =
                lab.status().processes().stream()
                        .filter(p -> p.host().equals("network") && p.name().equals("l3-agent"))
                        .filter(LabStatus.ProcessStatus::alive)
                        .findFirst()
                        .orElseThrow()
                        .pid();
        Command.of("kill", "-KILL", Long.toString(agent)).run();
        await("the L3 agent gone", () -> ProcessHandle.of(agent).isEmpty());

        lab.startProcess("network", "l3-agent");
        String address =
                api(
                                "POST",
                                "/v2.0/floatingips",
                                "{\"floatingip\": {\"floating_network_id\": \""
                                        + api("GET", "/v2.0/networks?name=ext-net", null)
                                                .at("/networks/0/id")
                                                .asText()
                                        + "\", \"project_id\": \"project-a\", \"port_id\": \""
                                        + vm5Port.path("id").asText()
                                        + "\"}}")
                        .at("/floatingip/floating_ip_address")
                        .asText();

        await("upstream pinging vm5 on " + address, () -> pings("upstream", address));
        assertThat(pings("vm5", "10.5.5.11")).as("vm5 reaches vm2 across the router").isTrue();
        assertThat(exec("vm1", "nc", "-w", "3", UPSTREAM, "24001").strip())
                .as("vm1 reaching upstream through SNAT")
                .isEqualTo(
                        api("GET", "/v2.0/routers/" + router, null)
                                .at("/router/external_gateway_info/external_fixed_ips/0/ip_address")
                                .asText());
    }

    @Test
    @Order(9)
    void aNetworkWhoseDhcpAgentDiesMovesAndServesANewPort() {
        String before = dhcpHosts(netA).iterator().next();
        String other = before.equals("network") ? "compute1" : "network";

        lab.stopProcess(before, "dhcp-agent");

        await(
                "network " + netA + " moving from " + before + " to " + other,
                () -> dhcpHosts(netA).equals(Set.of(other)));
        JsonNode vm4Port = port(netA, "project-a", "compute2", UUID.randomUUID().toString(), null);
        lab.createVm(VmSpec.of("vm4", "compute2", vm4Port.path("id").asText()).withDhcp());
        assertThat(lab.awaitLease("vm4", WAIT))
                .containsEntry("ip", vm4Port.at("/fixed_ips/0/ip_address").asText());
    }

    // The API, from the controller, as the noauth administrator.

    private static String tenantNetwork(String project) {
        return tenantNetwork(project, "10.5.5.0/24");
    }

    private static String tenantNetwork(String project, String cidr) {
        String network =
                id(
                        api(
                                "POST",
                                "/v2.0/networks",
                                "{\"network\": {\"name\": \"net-"
                                        + project
                                        + "-"
                                        + cidr.replace('/', '-')
                                        + "\", \"project_id\": \""
                                        + project
                                        + "\"}}"),
                        "network");
        api(
                "POST",
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + network
                        + "\", \"project_id\": \""
                        + project
                        + "\", \"cidr\": \""
                        + cidr
                        + "\", \"ip_version\": 4}}");
        return network;
    }

    private static String tenantRouter(String project, String external, String network) {
        String id =
                id(
                        api(
                                "POST",
                                "/v2.0/routers",
                                "{\"router\": {\"name\": \"router-"
                                        + project
                                        + "\", \"project_id\": \""
                                        + project
                                        + "\", \"external_gateway_info\": {\"network_id\": \""
                                        + external
                                        + "\"}}}"),
                        "router");
        addInterface(id, network);
        return id;
    }

    private static void addInterface(String router, String network) {
        String subnet =
                api("GET", "/v2.0/subnets?network_id=" + network, null)
                        .at("/subnets/0/id")
                        .asText();
        api(
                "PUT",
                "/v2.0/routers/" + router + "/add_router_interface",
                "{\"subnet_id\": \"" + subnet + "\"}");
    }

    private static JsonNode port(
            String network, String project, String host, String instance, String ip) {
        String fixed = ip == null ? "" : ", \"fixed_ips\": [{\"ip_address\": \"" + ip + "\"}]";
        JsonNode reply =
                api(
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"project_id\": \""
                                + project
                                + "\", \"binding:host_id\": \""
                                + host
                                + "\", \"device_owner\": \"compute:nova\", \"device_id\": \""
                                + instance
                                + "\""
                                + fixed
                                + "}}");
        id(reply, "port");
        return reply.path("port");
    }

    /** Lets {@code protocol} (to {@code port}, if given) into the project's default group. */
    private static void allowIn(String project, String protocol, Integer port) {
        String group =
                api("GET", "/v2.0/security-groups?name=default&project_id=" + project, null)
                        .at("/security_groups/0/id")
                        .asText();
        String ports =
                port == null
                        ? ""
                        : ", \"port_range_min\": " + port + ", \"port_range_max\": " + port;
        id(
                api(
                        "POST",
                        "/v2.0/security-group-rules",
                        "{\"security_group_rule\": {\"security_group_id\": \""
                                + group
                                + "\", \"direction\": \"ingress\", \"ethertype\": \"IPv4\","
                                + " \"protocol\": \""
                                + protocol
                                + "\""
                                + ports
                                + "}}"),
                "security_group_rule");
    }

    private static Set<String> dhcpHosts(String network) {
        Set<String> hosts = new LinkedHashSet<>();
        api("GET", "/v2.0/networks/" + network + "/dhcp-agents", null)
                .path("agents")
                .forEach(agent -> hosts.add(agent.path("host").asText()));
        return hosts;
    }

    private static int alive(String agentType) {
        int alive = 0;
        for (JsonNode agent : api("GET", "/v2.0/agents", null).path("agents")) {
            if (agent.path("agent_type").asText().equals(agentType)
                    && agent.path("alive").asBoolean()) {
                alive++;
            }
        }
        return alive;
    }

    private static JsonNode api(String method, String path, String body) {
        List<String> argv =
                new ArrayList<>(List.of("curl", "-sS", "-X", method, lab.apiEndpoint() + path));
        if (body != null) {
            argv.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        String text = Command.of(lab.execCommand("controller", argv)).run();
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " answered " + text, e);
        }
    }

    private static String id(JsonNode reply, String member) {
        String id = reply.path(member).path("id").asText();
        if (id.isEmpty()) {
            throw new AssertionError("create " + member + " failed: " + reply);
        }
        return id;
    }

    /** Tells the controller's Nova stand-in about an instance, as booting it would. */
    private static void tellNova(String instance, String project) throws IOException {
        Path instances = lab.host("controller").stateDirectory().resolve("nova-instances");
        Files.writeString(
                instances,
                instance + " " + project + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // Commands in hosts and VMs.

    private static String exec(String where, String... argv) {
        return lab.exec(where, argv).stdout();
    }

    private static boolean pings(String where, String address) {
        return lab.exec(where, "ping", "-c", "1", "-W", "1", address).succeeded();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    private static void removeLeftovers() {
        Set<String> leftovers = new LinkedHashSet<>();
        for (String line : Command.of("ip", "netns", "list").run().lines().toList()) {
            Matcher matcher = OURS.matcher(line.split("\\s+")[0]);
            if (matcher.matches()) {
                leftovers.add(matcher.group(1));
            }
        }
        for (String name : leftovers) {
            Lab.down(new LabSpec(name, 1, LabDatabase.EMBEDDED, Path.of("/tmp", "wsc-" + name)));
        }
    }
}
