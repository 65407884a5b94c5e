package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.weft.lab.LabSpec;
import org.weft.lab.LabStatus;
import org.weft.lab.VmSpec;

/**
 * The DHCP agent end to end on the lab, through the API only, with real DHCP clients in the VMs
 * (busybox udhcpc as the lab runs it, ISC dhclient for DHCPv6): a VM's interface has no address
 * until its client runs, then its fixed IP, gateway, DNS servers, the network's MTU and the
 * subnet's host routes; ports added, readdressed and deleted later; two subnets on one network; an
 * IPv6 stateful subnet; dnsmasq and the agent killed and the service back. One lab for the class;
 * the tests build on each other in order.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DhcpLabTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern OURS =
            Pattern.compile("(wdl[0-9]+)-(controller|network|compute[0-9]+|upstream|fabric)");
    private static final Pattern ONE_SHOT_LEASE = Pattern.compile("lease of (\\S+) obtained");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Lab lab;
    private static String network;
    private static JsonNode vm2Port;

    @BeforeAll
    static void startLab() {
        removeLeftovers();
        String name = "wdl" + ThreadLocalRandom.current().nextInt(10000, 100000);
        lab = Lab.up(new LabSpec(name, 1, LabDatabase.EMBEDDED, runDirectory(name)));
        try {
            lab.start();
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
    void aVmHasNoAddressUntilItsClientRunsThenItsSubnetsSettings() {
        network =
                id(
                        api("POST", "/v2.0/networks", "{\"network\": {\"name\": \"net-d\"}}"),
                        "network");
        id(
                api(
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \""
                                + network
                                + "\", \"cidr\": \"10.7.0.0/24\", \"ip_version\": 4,"
                                + " \"dns_nameservers\": [\"10.7.0.53\", \"10.7.0.54\"],"
                                + " \"host_routes\": [{\"destination\": \"10.8.0.0/24\","
                                + " \"nexthop\": \"10.7.0.254\"}]}}"),
                "subnet");
        int mtu = api("GET", "/v2.0/networks/" + network, null).at("/network/mtu").asInt();
        JsonNode port = port(network, "\"ip_address\": \"10.7.0.10\"");
        // Plugged at 1500, so that only DHCP can bring the interface to the network's MTU.
        lab.createVm(
                VmSpec.of("vm1", "compute1", port.path("id").asText())
                        .withPort(port.path("mac_address").asText(), 1500)
                        .withHybridPlug(
                                port.at("/binding:vif_details/ovs_hybrid_plug").asBoolean()));

        assertThat(exec("vm1", "ip", "-4", "-o", "addr", "show", "dev", "eth0")).isBlank();

        lab.startDhcpClient("vm1");

        assertThat(lab.awaitLease("vm1", WAIT))
                .containsEntry("ip", "10.7.0.10")
                .containsEntry("router", "10.7.0.1")
                .containsEntry("dns", "10.7.0.53 10.7.0.54")
                .containsEntry("mtu", Integer.toString(mtu));
        assertThat(mtu).isEqualTo(1458);
        assertThat(exec("vm1", "ip", "-4", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet 10.7.0.10/24");
        assertThat(exec("vm1", "ip", "-o", "link", "show", "dev", "eth0")).contains("mtu " + mtu);
        assertThat(exec("vm1", "ip", "-4", "route", "show"))
                .contains("default via 10.7.0.1 dev eth0")
                .contains("10.8.0.0/24 via 10.7.0.254 dev eth0");
    }

    @Test
    @Order(2)
    void aPortAddedLaterGetsALease() {
        vm2Port = port(network, "\"ip_address\": \"10.7.0.20\"");

        lab.createVm(VmSpec.of("vm2", "compute1", vm2Port.path("id").asText()).withDhcp());

        assertThat(lab.awaitLease("vm2", WAIT)).containsEntry("ip", "10.7.0.20");
    }

    @Test
    @Order(3)
    void anAddressChangeReachesTheVmAtRenewal() {
        api(
                "PUT",
                "/v2.0/ports/" + vm2Port.path("id").asText(),
                "{\"port\": {\"fixed_ips\": [{\"ip_address\": \"10.7.0.21\"}]}}");
        await("dnsmasq's hosts listing 10.7.0.21", () -> dhcpHosts().contains("10.7.0.21"));

        lab.renewLease("vm2");

        await(
                "vm2 holding 10.7.0.21",
                () ->
                        lab.vm("vm2")
                                .lease()
                                .map(lease -> "10.7.0.21".equals(lease.get("ip")))
                                .orElse(false));
        assertThat(exec("vm2", "ip", "-4", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet 10.7.0.21/24")
                .doesNotContain("10.7.0.20");
    }

    @Test
    @Order(4)
    void aDeletedPortGetsNoLease() {
        String mac = vm2Port.path("mac_address").asText();

        api("DELETE", "/v2.0/ports/" + vm2Port.path("id").asText(), null);

        await("dnsmasq's hosts without " + mac, () -> !dhcpHosts().contains(mac));
        assertThat(oneShotLease("vm2")).isEmpty();
        assertThat(oneShotLease("vm1")).contains("10.7.0.10");
    }

    @Test
    @Order(5)
    void eachSubnetOfANetworkLeasesItsOwnAddressesAndGateway() {
        String second =
                id(
                        api(
                                "POST",
                                "/v2.0/subnets",
                                "{\"subnet\": {\"network_id\": \""
                                        + network
                                        + "\", \"cidr\": \"10.7.1.0/24\", \"ip_version\": 4}}"),
                        "subnet");
        JsonNode port = port(network, "\"subnet_id\": \"" + second + "\"");
        String address = port.at("/fixed_ips/0/ip_address").asText();

        lab.createVm(VmSpec.of("vm3", "compute1", port.path("id").asText()).withDhcp());

        assertThat(address).startsWith("10.7.1.");
        assertThat(lab.awaitLease("vm3", WAIT))
                .containsEntry("ip", address)
                .containsEntry("router", "10.7.1.1");
        assertThat(oneShotLease("vm1")).contains("10.7.0.10");
    }

    @Test
    @Order(6)
    void anIpv6StatefulSubnetLeasesTheFixedAddress() throws IOException {
        String v6 =
                id(
                        api("POST", "/v2.0/networks", "{\"network\": {\"name\": \"net-v6\"}}"),
                        "network");
        id(
                api(
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \""
                                + v6
                                + "\", \"cidr\": \"fd00:7::/64\", \"ip_version\": 6,"
                                + " \"ipv6_address_mode\": \"dhcpv6-stateful\","
                                + " \"ipv6_ra_mode\": \"dhcpv6-stateful\"}}"),
                "subnet");
        JsonNode port = port(v6, "\"ip_address\": \"fd00:7::10\"");
        lab.createVm(VmSpec.of("vm6", "compute1", port.path("id").asText()));
        await(
                "vm6's link-local address past duplicate detection",
                () -> {
                    String addresses = exec("vm6", "ip", "-6", "-o", "addr", "show", "dev", "eth0");
                    return addresses.contains("fe80:") && !addresses.contains("tentative");
                });

        assertThat(dhcpv6Lease("vm6")).contains("iaaddr fd00:7::10 ");
    }

    @Test
    @Order(7)
    void aKilledDnsmasqIsRestartedAndServes() throws IOException {
        long before = dnsmasqPid();

        kill(before);

        await(
                "a new dnsmasq for " + network,
                () -> {
                    Optional<Long> now = livePid(dnsmasqPidFile());
                    return now.isPresent() && now.get() != before;
                });
        await("vm1 leasing from the new dnsmasq", () -> oneShotLease("vm1").isPresent());
        assertThat(oneShotLease("vm1")).contains("10.7.0.10");
    }

    @Test
    @Order(8)
    void aKilledAgentLeavesDhcpServingAndServesANewPortWhenBack() {
        long agent =
                lab.status().processes().stream()
                        .filter(p -> p.host().equals("network") && p.name().equals("dhcp-agent"))
                        .filter(LabStatus.ProcessStatus::alive)
                        .findFirst()
                        .orElseThrow()
                        .pid();

        kill(agent);

        await("the DHCP agent gone", () -> ProcessHandle.of(agent).isEmpty());
        assertThat(oneShotLease("vm1")).as("dnsmasq without its agent").contains("10.7.0.10");
        lab.startProcess("network", "dhcp-agent");
        JsonNode port = port(network, "\"ip_address\": \"10.7.0.40\"");
        lab.createVm(VmSpec.of("vm4", "compute1", port.path("id").asText()).withDhcp());
        assertThat(lab.awaitLease("vm4", WAIT)).containsEntry("ip", "10.7.0.40");
    }

    // DHCP clients run once in a VM, besides the lab's own.

    /**
     * The address a one-shot udhcpc in {@code vm} leases within a few seconds, configuring nothing.
     */
    private static Optional<String> oneShotLease(String vm) {
        Command.Result result =
                lab.exec(
                        vm,
                        "busybox",
                        "udhcpc",
                        "-n",
                        "-q",
                        "-f",
                        "-i",
                        "eth0",
                        "-t",
                        "4",
                        "-T",
                        "1",
                        "-s",
                        "/bin/true");
        Matcher matcher = ONE_SHOT_LEASE.matcher(result.stdout() + result.stderr());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * The lease file of ISC dhclient run once for DHCPv6 in {@code vm} (configuring nothing), the
     * client stopped again.
     */
    private static String dhcpv6Lease(String vm) throws IOException {
        Path directory = lab.vm(vm).directory();
        Files.createDirectories(directory);
        Path config = directory.resolve("dhclient6.conf");
        Path leases = directory.resolve("dhclient6.leases");
        Path pid = directory.resolve("dhclient6.pid");
        Files.writeString(config, "timeout 20;\n");
        try {
            lab.exec(
                    vm,
                    "dhclient",
                    "-6",
                    "-1",
                    "-cf",
                    config.toString(),
                    "-lf",
                    leases.toString(),
                    "-pf",
                    pid.toString(),
                    "-sf",
                    "/bin/true",
                    "eth0");
            return Files.exists(leases) ? Files.readString(leases) : "";
        } finally {
            livePid(pid).ifPresent(DhcpLabTest::kill);
        }
    }

    // dnsmasq and agent processes on the network node.

    private static Path dnsmasqPidFile() {
        return lab.host("network").stateDirectory().resolve("dhcp").resolve(network).resolve("pid");
    }

    private static long dnsmasqPid() {
        return livePid(dnsmasqPidFile())
                .orElseThrow(() -> new AssertionError("no dnsmasq per " + dnsmasqPidFile()));
    }

    private static Optional<Long> livePid(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).isPresent() ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String dhcpHosts() {
        Path hosts = dnsmasqPidFile().resolveSibling("host");
        try {
            return Files.readString(hosts);
        } catch (IOException e) {
            return "";
        }
    }

    private static void kill(long pid) {
        Command.of("kill", "-KILL", Long.toString(pid)).run();
    }

    // The API, from the controller, as the noauth administrator.

    private static JsonNode port(String network, String fixedIp) {
        JsonNode reply =
                api(
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \"compute1\","
                                + " \"device_owner\": \"compute:nova\", \"device_id\": \"vm-"
                                + ThreadLocalRandom.current().nextInt(100000)
                                + "\", \"fixed_ips\": [{"
                                + fixedIp
                                + "}]}}");
        id(reply, "port");
        return reply.path("port");
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

    private static String exec(String where, String... argv) {
        return lab.exec(where, argv).stdout();
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

    private static Path runDirectory(String name) {
        return Path.of("/tmp", "wdl-" + name);
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
            Lab.down(new LabSpec(name, 1, LabDatabase.EMBEDDED, runDirectory(name)));
        }
    }
}
