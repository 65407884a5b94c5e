package org.weft.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.VmSpec;

/**
 * The install guide's cloud, end to end, on a lab that is up and started: the operator's steps with
 * the real clients inside the controller, then the checks a tenant would make from the VMs and from
 * the upstream host. Each step is timed and reported as it ends.
 *
 * <p>Without Keystone the {@code openstack} client cannot look a project up, so what belongs to the
 * tenant is created by the admin as the guide's era did it, with the {@code neutron} client's
 * {@code --tenant-id}; everything else uses {@code openstack}. With Keystone (the guide's own
 * setup) the tenant's steps run as the tenant user {@code demo} with its own credentials, and the
 * admin creates only what a tenant may not: the external network, and the VMs' ports (bound to
 * their hosts, as Nova would), for the tenant's real project id.
 */
public final class DemoScenario {
    static final String PROJECT = "demo";
    private static final Duration AGENTS_LIMIT = Duration.ofSeconds(120);
    private static final Duration LEASE_LIMIT = Duration.ofSeconds(60);
    private static final Duration REACH_LIMIT = Duration.ofSeconds(45);
    private static final Duration COUNTERS_LIMIT = Duration.ofSeconds(15);
    private static final ObjectMapper json = new ObjectMapper();

    private final Lab lab;
    private final PrintStream out;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, Instant> portCreated = new LinkedHashMap<>();
    private final Map<String, Duration> readyAfter = new LinkedHashMap<>();
    private final Path instances;
    private final boolean keystone;

    /** The tenant's project id: its name without Keystone, Keystone's id with it. */
    private String project = PROJECT;

    public DemoScenario(Lab lab, PrintStream out) {
        this.lab = lab;
        this.out = out;
        this.keystone = lab.spec().keystone();
        this.instances = lab.host("controller").stateDirectory().resolve("nova-instances");
    }

    /** Runs every step in order, stopping at the first that fails; returns what ran. */
    public List<Step> run() {
        try {
            step("Nova metadata stand-in answers on the controller", this::startNovaStandIn);
            if (keystone) {
                step("Keystone: tenant user demo signs in, its project", this::findProject);
            }
            step("agents alive, each its own process, over RabbitMQ", this::awaitAgents);
            step("external network 192.168.100.0/24, pool .102-.126", this::createExternalNetwork);
            step("tenant GRE network and subnet, MTU 1458", this::createTenantNetwork);
            step("router: gateway on ext-net, interface on the subnet", this::createRouter);
            step("security group: ICMP and TCP 22 in", this::createSecurityGroup);
            step("ports and VMs: vm1 on compute1, vm2 on compute2", this::plugVms);
            step("leases: fixed IP, gateway route, MTU 1458", this::checkLeases);
            step("vm1 <-> vm2 ping, counted on both GRE ports", this::pingAcrossTunnel);
            step("SNAT: upstream sees the router's gateway address", this::checkSnat);
            step("floating IP on vm1: ping from upstream", this::pingFloatingIp);
            step("floating IP: TCP 22 answers, TCP 23 dropped", this::checkSecurityGroup);
            step("metadata: each VM reads its own instance id", this::checkMetadata);
        } catch (StepFailedException e) {
            // The step is recorded; later steps need what it should have made.
        }
        return List.copyOf(steps);
    }

    /**
     * For each VM, the time from its port's creation to the VM holding its lease and answering a
     * ping from its router.
     */
    public Map<String, Duration> readyAfterPortCreated() {
        return Map.copyOf(readyAfter);
    }

    /** What the demo made, by name: network, router, port and floating IP ids, VM addresses. */
    public Map<String, String> ids() {
        return Map.copyOf(ids);
    }

    private void step(String name, Supplier<String> check) {
        out.printf("  %-58s ...", name);
        out.flush();
        Instant start = Instant.now();
        try {
            String detail = check.get();
            Duration took = Duration.between(start, Instant.now());
            steps.add(Step.passed(name, took, detail));
            out.printf(" ok   %6.1f s  %s%n", took.toMillis() / 1000.0, detail);
        } catch (RuntimeException e) {
            Duration took = Duration.between(start, Instant.now());
            steps.add(Step.failed(name, took, e.getMessage()));
            out.printf(" FAIL %6.1f s  %s%n", took.toMillis() / 1000.0, e.getMessage());
            throw new StepFailedException(e.getMessage());
        }
    }

    // The operator's steps

    private String startNovaStandIn() {
        // The controller's role runs the stand-in; the demo tells it the instances it boots.
        write(instances, "");
        awaitTrue(
                REACH_LIMIT,
                "the stand-in listens on 10.10.10.51:8775",
                () ->
                        lab.exec("controller", "bash", "-c", "exec 3<>/dev/tcp/10.10.10.51/8775")
                                .succeeded());
        return "10.10.10.51:8775, instances from " + instances.getFileName();
    }

    private String findProject() {
        JsonNode token =
                parse(client(tenant(List.of("openstack", "token", "issue", "-f", "json"))));
        project = token.path("project_id").asText();
        expect(!project.isEmpty(), "the demo user's token names no project: " + token);
        JsonNode shown = openstack("project", "show", PROJECT);
        expect(
                shown.path("id").asText().equals(project),
                "project demo is " + shown.path("id").asText() + ", the token says " + project);
        return "project demo " + project;
    }

    private String awaitAgents() {
        Set<String> wanted =
                new TreeSet<>(
                        List.of(
                                "Open vSwitch agent@network",
                                "Open vSwitch agent@compute1",
                                "Open vSwitch agent@compute2",
                                "DHCP agent@network",
                                "L3 agent@network",
                                "Metadata agent@network"));
        Set<String> alive = new TreeSet<>();
        awaitTrue(
                AGENTS_LIMIT,
                () -> "agents alive: wanted " + wanted + ", alive " + alive,
                () -> {
                    alive.clear();
                    for (JsonNode agent : openstack("network", "agent", "list", "--long")) {
                        if (isAlive(agent.path("Alive"))) {
                            alive.add(
                                    agent.path("Agent Type").asText()
                                            + "@"
                                            + agent.path("Host").asText());
                        }
                    }
                    return alive.containsAll(wanted);
                });
        return alive.size() + " agents alive";
    }

    private static boolean isAlive(JsonNode value) {
        return value.asBoolean(false) || value.asText().equals(":-)");
    }

    private String createExternalNetwork() {
        JsonNode network = openstackOne("network", "create", "--external", "ext-net");
        ids.put("ext-net", network.path("id").asText());
        openstackOne(
                "subnet",
                "create",
                "--network",
                "ext-net",
                "--subnet-range",
                "192.168.100.0/24",
                "--gateway",
                "192.168.100.1",
                "--allocation-pool",
                "start=192.168.100.102,end=192.168.100.126",
                "--no-dhcp",
                "ext-subnet");
        return "ext-net " + ids.get("ext-net");
    }

    private String createTenantNetwork() {
        JsonNode network = tenantNeutronOne("net-create", "demo-net");
        ids.put("demo-net", network.path("id").asText());
        tenantNeutronOne(
                "subnet-create",
                "--name",
                "demo-subnet",
                "--dns-nameserver",
                "192.168.100.1",
                "demo-net",
                "10.5.5.0/24");
        JsonNode shown = openstackOne("network", "show", "demo-net");
        String type = shown.path("provider:network_type").asText();
        int mtu = shown.path("mtu").asInt();
        expect(type.equals("gre") && mtu == 1458, "network type " + type + ", mtu " + mtu);
        return "gre segment " + shown.path("provider:segmentation_id").asText() + ", mtu " + mtu;
    }

    private String createRouter() {
        JsonNode router = tenantNeutronOne("router-create", "demo-router");
        ids.put("demo-router", router.path("id").asText());
        tenantNeutron("router-gateway-set", "demo-router", "ext-net");
        tenantNeutron("router-interface-add", "demo-router", "demo-subnet");
        JsonNode shown = openstackOne("router", "show", "demo-router");
        String gateway =
                shown.path("external_gateway_info")
                        .path("external_fixed_ips")
                        .path(0)
                        .path("ip_address")
                        .asText();
        expect(!gateway.isEmpty(), "router has no gateway address: " + shown);
        ids.put("router-gateway", gateway);
        return "gateway " + gateway;
    }

    private String createSecurityGroup() {
        JsonNode group = tenantNeutronOne("security-group-create", "demo-sg");
        ids.put("demo-sg", group.path("id").asText());
        tenantNeutronOne(
                "security-group-rule-create",
                "--direction",
                "ingress",
                "--protocol",
                "icmp",
                "demo-sg");
        tenantNeutronOne(
                "security-group-rule-create",
                "--direction",
                "ingress",
                "--protocol",
                "tcp",
                "--port-range-min",
                "22",
                "--port-range-max",
                "22",
                "demo-sg");
        return "demo-sg " + ids.get("demo-sg");
    }

    private String plugVms() {
        StringBuilder detail = new StringBuilder();
        for (String vm : List.of("vm1", "vm2")) {
            String host = vm.equals("vm1") ? "compute1" : "compute2";
            String instance = UUID.randomUUID().toString();
            portCreated.put(vm, Instant.now());
            JsonNode port =
                    neutronOne(
                            "port-create",
                            "--tenant-id",
                            project,
                            "--name",
                            vm + "-port",
                            "--security-group",
                            "demo-sg",
                            "--device-id",
                            instance,
                            "--device-owner",
                            "compute:nova",
                            "demo-net",
                            "--binding:host_id=" + host);
            String portId = port.path("id").asText();
            ids.put(vm + "-port", portId);
            ids.put(vm + "-instance", instance);
            ids.put(vm + "-ip", port.path("fixed_ips").path(0).path("ip_address").asText());
            append(instances, instance + " " + project + "\n");

            lab.createVm(VmSpec.of(vm, host, portId));
            String addresses =
                    lab.exec(vm, "ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout();
            expect(
                    addresses.isBlank(),
                    vm + " has an address before its DHCP client ran: " + addresses);
            lab.startDhcpClient(vm);
            detail.append(vm).append(" ").append(ids.get(vm + "-ip")).append(" ");
        }
        return detail.append("(no address before DHCP)").toString().strip();
    }

    // The tenant's checks

    private String checkLeases() {
        StringBuilder ready = new StringBuilder();
        for (String vm : List.of("vm1", "vm2")) {
            Map<String, String> lease = lab.awaitLease(vm, LEASE_LIMIT);
            String address = lease.getOrDefault("ip", "");
            expect(
                    address.equals(ids.get(vm + "-ip")),
                    vm + " leased " + address + ", API says " + ids.get(vm + "-ip"));
            awaitTrue(
                    REACH_LIMIT,
                    "the router pings " + vm + " at " + address,
                    () -> routerPings(address));
            readyAfter.put(vm, Duration.between(portCreated.get(vm), Instant.now()));
            String route = lab.exec(vm, "ip", "route", "show", "default").stdout();
            expect(route.contains("via 10.5.5.1"), vm + " default route: " + route.strip());
            String link = lab.exec(vm, "ip", "link", "show", "dev", "eth0").stdout();
            expect(link.contains("mtu 1458"), vm + " link: " + link.strip());
            ready.append(String.format(" %s %.1f s", vm, readyAfter.get(vm).toMillis() / 1000.0));
        }
        return "both VMs: API address, via 10.5.5.1, mtu 1458; port created to lease and ping:"
                + ready;
    }

    private boolean routerPings(String address) {
        return lab.exec(
                        "network",
                        "ip",
                        "netns",
                        "exec",
                        "qrouter-" + ids.get("demo-router"),
                        "ping",
                        "-c",
                        "1",
                        "-W",
                        "1",
                        address)
                .succeeded();
    }

    private String pingAcrossTunnel() {
        String toCompute2 = tunnelPort("10.20.20.54");
        String toCompute1 = tunnelPort("10.20.20.53");
        long before1 = packets("compute1", toCompute2);
        long before2 = packets("compute2", toCompute1);
        Command.Result ping =
                lab.exec("vm1", "ping", "-c", "5", "-i", "0.2", "-W", "2", ids.get("vm2-ip"));
        expect(ping.succeeded(), "ping vm1 -> vm2 failed: " + ping.stdout().strip());
        // ovs-vswitchd refreshes the interface statistics in its database every 5 s.
        long[] crossed = new long[2];
        awaitTrue(
                COUNTERS_LIMIT,
                () -> "GRE packets: compute1 +" + crossed[0] + ", compute2 +" + crossed[1],
                () -> {
                    crossed[0] = packets("compute1", toCompute2) - before1;
                    crossed[1] = packets("compute2", toCompute1) - before2;
                    return crossed[0] >= 10 && crossed[1] >= 10;
                });
        return "5/5 replies; GRE packets compute1 +" + crossed[0] + ", compute2 +" + crossed[1];
    }

    private String checkSnat() {
        lab.startWorkload("upstream", "peer-echo", echoListener(7001, "$SOCAT_PEERADDR"));
        String gateway = ids.get("router-gateway");
        for (String vm : List.of("vm1", "vm2")) {
            String[] seen = {""};
            awaitTrue(
                    REACH_LIMIT,
                    () -> vm + " reached upstream as '" + seen[0] + "', wanted " + gateway,
                    () -> {
                        seen[0] =
                                lab.exec(vm, "nc", "-w", "3", "192.168.100.1", "7001")
                                        .stdout()
                                        .strip();
                        return seen[0].equals(gateway);
                    });
        }
        return "both VMs reach 192.168.100.1 as " + gateway;
    }

    private String pingFloatingIp() {
        JsonNode floating = tenantNeutronOne("floatingip-create", "ext-net");
        String address = floating.path("floating_ip_address").asText();
        ids.put("floating-ip", address);
        tenantNeutron("floatingip-associate", floating.path("id").asText(), ids.get("vm1-port"));
        awaitTrue(
                REACH_LIMIT,
                "upstream pings " + address,
                () -> lab.exec("upstream", "ping", "-c", "1", "-W", "2", address).succeeded());
        return address + " -> vm1 " + ids.get("vm1-ip");
    }

    private String checkSecurityGroup() {
        String address = ids.get("floating-ip");
        lab.startWorkload("vm1", "listener-22", echoListener(22, "port-22"));
        lab.startWorkload("vm1", "listener-23", echoListener(23, "port-23"));
        awaitTrue(
                REACH_LIMIT,
                "vm1 answers on its own port 23 (the listener runs)",
                () ->
                        lab.exec("vm1", "nc", "-w", "2", "127.0.0.1", "23")
                                .stdout()
                                .contains("port-23"));
        awaitTrue(
                REACH_LIMIT,
                "upstream reaches " + address + ":22",
                () ->
                        lab.exec("upstream", "nc", "-w", "3", address, "22")
                                .stdout()
                                .contains("port-22"));
        String blocked = lab.exec("upstream", "nc", "-w", "3", address, "23").stdout();
        expect(!blocked.contains("port-23"), "TCP 23 answered from upstream: the group lets it in");
        return "22 answered, 23 dropped though its listener runs";
    }

    private static List<String> echoListener(int port, String text) {
        return List.of("socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "SYSTEM:echo " + text);
    }

    private String checkMetadata() {
        StringBuilder detail = new StringBuilder();
        for (String vm : List.of("vm1", "vm2")) {
            String instance = ids.get(vm + "-instance");
            String[] got = new String[1];
            awaitTrue(
                    REACH_LIMIT,
                    () -> vm + " metadata answer: " + got[0],
                    () -> {
                        got[0] =
                                lab.exec(
                                                vm,
                                                "curl",
                                                "-s",
                                                "-m",
                                                "5",
                                                "http://169.254.169.254/latest/meta-data/instance-id")
                                        .stdout();
                        return got[0].strip().equals(instance);
                    });
            detail.append(vm).append(" ").append(instance, 0, 8).append("… ");
        }
        return detail.toString().strip();
    }

    // Clients and helpers

    private String tunnelPort(String remoteIp) {
        StringBuilder name = new StringBuilder("gre-");
        for (String octet : remoteIp.split("\\.")) {
            name.append(String.format("%02x", Integer.parseInt(octet)));
        }
        return name.toString();
    }

    private long packets(String host, String port) {
        Command.Result stats =
                lab.exec(
                        host,
                        "ovs-vsctl",
                        "get",
                        "Interface",
                        port,
                        "statistics:tx_packets",
                        "statistics:rx_packets");
        expect(
                stats.succeeded(),
                "no tunnel port " + port + " on " + host + ": " + stats.stderr().strip());
        return stats.stdout().lines().mapToLong(Long::parseLong).sum();
    }

    private JsonNode openstack(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("openstack"));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("-f", "json"));
        return parse(client(argv));
    }

    private JsonNode openstackOne(String... arguments) {
        return openstack(arguments);
    }

    private JsonNode neutronOne(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("neutron"));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("-f", "json"));
        return parse(client(argv));
    }

    /**
     * A {@code neutron} command creating or changing what the tenant owns: as the tenant user with
     * Keystone, else as the admin for the tenant ({@code --tenant-id}).
     */
    private JsonNode tenantNeutronOne(String command, String... arguments) {
        List<String> argv = tenantNeutronCommand(command, arguments);
        argv.addAll(List.of("-f", "json"));
        return parse(client(tenant(argv)));
    }

    private void tenantNeutron(String command, String... arguments) {
        client(tenant(tenantNeutronCommand(command, arguments)));
    }

    private List<String> tenantNeutronCommand(String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of("neutron", command));
        if (!keystone && command.endsWith("-create")) {
            argv.addAll(List.of("--tenant-id", project));
        }
        argv.addAll(List.of(arguments));
        return argv;
    }

    /** {@code argv} with the tenant user's credentials when the lab has Keystone. */
    private List<String> tenant(List<String> argv) {
        if (!keystone) {
            return argv;
        }
        List<String> withCredentials = new ArrayList<>(List.of("env"));
        lab.tenantEnvironment().forEach((key, value) -> withCredentials.add(key + "=" + value));
        withCredentials.addAll(argv);
        return withCredentials;
    }

    private String client(List<String> argv) {
        Command.Result result = lab.exec("controller", argv);
        if (!result.succeeded()) {
            throw new StepFailedException(
                    String.join(" ", argv) + ": " + lastLine(result.stderr() + result.stdout()));
        }
        return result.stdout();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.contains("deprecated")).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private static JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new StepFailedException("client output is not JSON: " + text.strip());
        }
    }

    private static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new StepFailedException(otherwise);
        }
    }

    private static void awaitTrue(Duration limit, String what, Supplier<Boolean> condition) {
        awaitTrue(limit, () -> what, condition);
    }

    /** Waits for {@code condition}; {@code what} describes it as last seen, for the failure. */
    private static void awaitTrue(
            Duration limit, Supplier<String> what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailedException(
                        "not within " + limit.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException("interrupted while waiting: " + what.get());
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
