package org.weft.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.internal.WeftLauncher;

/** One lab (one compute node) shared by the class: its hosts, wires, services, files and VMs. */
@Tag("lab")
class LabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up(LabTesting.spec(1));
        // compute1's Open vSwitch agent is left stopped: these tests plug ports the server does
        // not know straight into compute1's br-int, which a running agent would put on its dead
        // VLAN. The agents' own wiring is tested with them running (org.weft.agent.l2.L2LabTest).
        lab.start("controller", "network", "upstream");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.down();
        }
    }

    @Test
    void hostsReachEachOtherOnTheManagementNetwork() {
        assertPings("compute1", "10.10.10.51");
        assertPings("compute1", "10.10.10.52");
        assertPings("controller", "10.10.10.53");
    }

    @Test
    void hostsReachEachOtherOnTheDataNetworkThroughTheirDataBridges() {
        assertPings("compute1", "10.20.20.52");
        assertPings("network", "10.20.20.53");
        assertThat(tcpTransfer("network", "compute1", "10.20.20.53")).contains("sent");
    }

    @Test
    void externalNetworkJoinsUpstreamToTheControllerAndTheNetworkNode() {
        assertPings("upstream", "192.168.100.51");
        assertPings("upstream", "192.168.100.52");
        assertPings("network", "192.168.100.1");
    }

    @Test
    void noHostHasARouteOutOfTheLab() {
        List<String> outside = new ArrayList<>(List.of("8.8.8.8", "1.1.1.1", "172.16.0.1"));
        outside.addAll(addressesOfTheMachine());
        for (LabHost host : lab.hosts()) {
            assertThat(lab.exec(host.name(), "ip", "-4", "route", "show", "default").stdout())
                    .as("default route of %s", host.name())
                    .isBlank();
            assertThat(lab.exec(host.name(), "ip", "-6", "route", "show", "default").stdout())
                    .isBlank();
            for (String address : outside) {
                Command.Result route = lab.exec(host.name(), "ip", "route", "get", address);
                assertThat(route.succeeded())
                        .as("route from %s to %s", host.name(), address)
                        .isFalse();
                assertThat(route.stderr()).contains("unreachable");
            }
        }
        Placement fabric = Placement.netns(lab.spec().fabricNamespace());
        assertThat(Command.of("ip", "route", "show").in(fabric).run()).isBlank();
        assertThat(Command.of("ip", "route", "get", "8.8.8.8").in(fabric).execute().stderr())
                .contains("unreachable");
    }

    @Test
    void twoHostsEachHoldANamespaceOfTheSameNameWithoutClashing() {
        String namespace = "qdhcp-same-name";
        try {
            lab.exec("network", "ip", "netns", "add", namespace);
            lab.exec("compute1", "ip", "netns", "add", namespace);
            lab.exec("network", "ip", "-n", namespace, "addr", "add", "10.1.1.52/32", "dev", "lo");
            lab.exec("compute1", "ip", "-n", namespace, "addr", "add", "10.1.1.53/32", "dev", "lo");

            assertThat(lab.exec("network", "ip", "-n", namespace, "addr").stdout())
                    .contains("10.1.1.52")
                    .doesNotContain("10.1.1.53");
            assertThat(lab.exec("controller", "ip", "netns").stdout()).doesNotContain(namespace);
            assertThat(Command.of("ip", "netns").run()).doesNotContain(namespace);

            lab.exec("network", "ip", "netns", "delete", namespace);
            assertThat(lab.exec("compute1", "ip", "-n", namespace, "addr").stdout())
                    .contains("10.1.1.53");
        } finally {
            lab.exec("network", "ip", "netns", "delete", namespace);
            lab.exec("compute1", "ip", "netns", "delete", namespace);
        }
    }

    @Test
    void dataAddressSitsOnTheDataBridgeThatHoldsTheDataInterface() {
        for (String host : List.of("network", "compute1")) {
            assertThat(lab.switchOf(host).vsctl("port-to-br", "eth1").strip()).isEqualTo("br-data");
            assertThat(lab.switchOf(host).vsctl("get", "Bridge", "br-data", "datapath_type"))
                    .contains("netdev");
            assertThat(lab.exec(host, "ip", "-4", "-o", "addr", "show", "br-data").stdout())
                    .contains(lab.host(host).localIp().orElseThrow() + "/24");
            assertThat(lab.exec(host, "ip", "-4", "-o", "addr", "show", "eth1").stdout()).isBlank();
        }
    }

    @Test
    void networkNodeHasTheGuidesBridgesAndAnUnaddressedPromiscuousInterfaceOnBrEx() {
        // br-tun is the network node's Open vSwitch agent's, once it has started.
        assertThat(lab.switchOf("network").vsctl("list-br").lines())
                .contains("br-data", "br-ex", "br-int", "br-vlan")
                .isSubsetOf("br-data", "br-ex", "br-int", "br-tun", "br-vlan");
        assertThat(lab.switchOf("network").vsctl("port-to-br", "eth2").strip()).isEqualTo("br-ex");
        assertThat(lab.exec("network", "ip", "link", "show", "eth2").stdout()).contains("PROMISC");
        assertThat(lab.exec("network", "ip", "-4", "-o", "addr", "show", "eth2").stdout())
                .isBlank();
        assertThat(lab.exec("network", "ip", "-4", "-o", "addr", "show", "eth3").stdout())
                .contains("192.168.100.52/24");
        assertThat(lab.switchOf("compute1").vsctl("list-br").lines())
                .containsExactlyInAnyOrder("br-data", "br-int", "br-vlan");
    }

    @Test
    void hostInterfacesHaveTransmitChecksumOffloadOff() {
        for (LabHost host : lab.hosts()) {
            for (HostInterface wire : host.interfaces()) {
                assertThat(lab.exec(host.name(), "ethtool", "-k", wire.device()).stdout())
                        .as("%s %s", host.name(), wire.device())
                        .contains("tx-checksumming: off");
            }
        }
    }

    @Test
    void hostsHaveTheGuidesFilesWithOnlyTheirOwnAddressesChanged() throws IOException {
        Path guide = WeftLauncher.guideDirectory();
        Path compute = lab.host("compute1").configDirectory();
        assertThat(compute.resolve("quantum/quantum.conf"))
                .hasContent(Files.readString(guide.resolve("quantum.conf")));
        assertThat(compute.resolve("quantum/plugins/openvswitch/ovs_quantum_plugin.ini"))
                .hasContent(
                        Files.readString(guide.resolve("ovs_quantum_plugin.ini"))
                                .replace("local_ip = 10.20.20.52", "local_ip = 10.20.20.53"));
        assertThat(lab.host("network").configDirectory().resolve("quantum/metadata_agent.ini"))
                .hasContent(Files.readString(guide.resolve("metadata_agent.ini")));
        assertThat(lab.host("controller").configDirectory().resolve("weft/server.conf"))
                .content()
                .contains("bind_host = 10.10.10.51", "bind_port = 9696", "auth_strategy = noauth")
                .contains("state_path = " + lab.host("controller").stateDirectory());
    }

    @Test
    void brokerAdmitsTheGuidesAgentsFromAnotherHost() {
        List<String> probe =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AmqpProbe.class.getName(),
                        "10.10.10.51");
        Command.Result result =
                Command.of(probe)
                        .in(lab.placement("compute1"))
                        .withTimeout(Duration.ofSeconds(60))
                        .execute();

        assertThat(result.stdout()).as(result.stderr()).contains("logged in to RabbitMQ");
    }

    @Test
    void serverAnswersTheOpenstackClientOnTheControllersManagementAddress() {
        Command.Result created =
                lab.exec(
                        "controller",
                        "openstack",
                        "--os-auth-type",
                        "none",
                        "--os-endpoint",
                        "http://10.10.10.51:9696",
                        "network",
                        "create",
                        "client-net");
        assertThat(created.stdout()).as(created.stderr()).contains("client-net");

        assertThat(apiGet("compute1", "/v2.0/networks?name=client-net")).contains("client-net");
        assertThat(lab.status().processes())
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .extracting("name", "alive")
                                        .containsExactly("server", true));
    }

    @Test
    void networkNodesAgentsRunInTheirHostAndReportToTheServerOverTheBroker() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode agents = JSON.readTree(apiGet("compute1", "/v2.0/agents")).path("agents");
        while (agents.size() < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            agents = JSON.readTree(apiGet("compute1", "/v2.0/agents")).path("agents");
        }

        List<String> reported = new ArrayList<>();
        agents.forEach(
                a ->
                        reported.add(
                                a.path("agent_type").asText()
                                        + "@"
                                        + a.path("host").asText()
                                        + " alive="
                                        + a.path("alive").asBoolean()));
        assertThat(reported)
                .contains(
                        "L3 agent@network alive=true",
                        "Metadata agent@network alive=true",
                        "DHCP agent@network alive=true");
    }

    @Test
    void controllersNovaStandInRefusesWhatTheMetadataAgentDidNotSign() {
        assertThat(alive()).contains("controller/nova-metadata");

        Command.Result unsigned =
                lab.exec(
                        "network",
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "X-Instance-ID: someone",
                        "-H",
                        "X-Tenant-ID: project",
                        "http://10.10.10.51:8775/latest/meta-data/instance-id");

        assertThat(unsigned.stdout()).isEqualTo("403");
    }

    @Test
    void stopEndsWeftsProcessesOfTheNamedHostsOnlyAndStartBringsThemBack() {
        lab.stop("network");

        assertThat(alive())
                .contains("controller/server")
                .doesNotContain("network/l3-agent", "network/metadata-agent", "network/dhcp-agent");
        assertThat(lab.status().processes())
                .anySatisfy(p -> assertThat(p.name()).isEqualTo("ovs-vswitchd"));

        lab.start("network");
        assertThat(alive())
                .contains(
                        "controller/server",
                        "network/l3-agent",
                        "network/metadata-agent",
                        "network/dhcp-agent");
    }

    @Test
    void commandLineShowsTheLabAndRunsCommandsInItsHosts() throws Exception {
        List<String> which =
                List.of(
                        "--name",
                        lab.spec().name(),
                        "--run-dir",
                        lab.spec().runDirectory().toString());
        List<String> status = new ArrayList<>(List.of("lab", "status"));
        status.addAll(which);
        Command.Result shown =
                Command.of(WeftLauncher.command(status))
                        .withTimeout(Duration.ofSeconds(60))
                        .execute();

        assertThat(shown.stdout())
                .contains("controller", "compute1", "10.10.10.53", "10.20.20.53", "192.168.100.1")
                .contains("server", "alive", lab.host("controller").logDirectory().toString())
                .contains(
                        "weft lab exec controller -- openstack --os-auth-type none --os-endpoint"
                                + " http://10.10.10.51:9696 network list");

        List<String> exec = new ArrayList<>(List.of("lab", "exec"));
        exec.addAll(which);
        exec.addAll(List.of("compute1", "--", "sh", "-c", "ip -4 -o addr show eth0; exit 3"));
        Process process =
                new ProcessBuilder(WeftLauncher.command(exec)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(3);
        assertThat(output).contains("10.10.10.53/24");
    }

    @Test
    void vifCommandPlugsAnApiPortOnItsHostAndUnplugsIt() throws IOException {
        JsonNode network =
                apiPost("/v2.0/networks", "{\"network\": {\"name\": \"vif-net\"}}").path("network");
        JsonNode port =
                apiPost(
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + network.path("id").asText()
                                        + "\"}}")
                        .path("port");
        String portId = port.path("id").asText();
        String tap = "tap" + portId.substring(0, 11);
        lab.exec("compute1", "ip", "netns", "add", "vif-guest");
        try {
            Command.Result plugged =
                    onCompute1(
                            List.of(
                                    "vif",
                                    "plug",
                                    portId,
                                    "--api",
                                    lab.apiEndpoint(),
                                    "--netns",
                                    "vif-guest"));

            assertThat(plugged.stdout()).as(plugged.stderr()).contains(tap);
            assertThat(lab.switchOf("compute1").vsctl("get", "Interface", tap, "external_ids"))
                    .contains(
                            "iface-id=\"" + portId + "\"",
                            "attached-mac=\"" + port.path("mac_address").asText() + "\"");
            assertThat(
                            lab.exec(
                                            "compute1",
                                            "ip",
                                            "netns",
                                            "exec",
                                            "vif-guest",
                                            "ip",
                                            "link",
                                            "show",
                                            "eth0")
                                    .stdout())
                    .contains(port.path("mac_address").asText());

            Command.Result unplugged = onCompute1(List.of("vif", "unplug", portId));
            assertThat(unplugged.succeeded()).as(unplugged.stderr()).isTrue();
            assertThat(lab.switchOf("compute1").vsctl("list-ports", "br-int")).doesNotContain(tap);
        } finally {
            lab.exec("compute1", "ip", "netns", "delete", "vif-guest");
        }
    }

    /** Runs {@code weft ARGS} on compute1, with the environment {@code weft lab exec} gives. */
    private static Command.Result onCompute1(List<String> arguments) {
        return Command.of(lab.execCommand("compute1", WeftLauncher.command(arguments)))
                .withTimeout(Duration.ofSeconds(60))
                .execute();
    }

    @Test
    void vmOfAnApiPortIsPluggedWithThePortsIdentityMacAndMtu() throws IOException {
        JsonNode network =
                apiPost("/v2.0/networks", "{\"network\": {\"name\": \"vm-net\", \"mtu\": 1400}}")
                        .path("network");
        apiPost(
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + network.path("id").asText()
                        + "\", \"cidr\": \"10.0.5.0/24\", \"ip_version\": 4}}");
        JsonNode port =
                apiPost(
                                "/v2.0/ports",
                                "{\"port\": {\"network_id\": \""
                                        + network.path("id").asText()
                                        + "\"}}")
                        .path("port");
        String portId = port.path("id").asText();
        try {
            Vm vm = lab.createVm(VmSpec.of("apivm", "compute1", portId));

            String tap = "tap" + portId.substring(0, 11);
            assertThat(lab.switchOf("compute1").vsctl("get", "Interface", tap, "external_ids"))
                    .contains("iface-id=\"" + portId + "\"")
                    .contains("attached-mac=\"" + port.path("mac_address").asText() + "\"");
            assertThat(lab.exec("apivm", "ip", "link", "show", "eth0").stdout())
                    .contains(port.path("mac_address").asText())
                    .contains("mtu " + network.path("mtu").asInt());
            assertThat(vm.port().mtu()).isEqualTo(network.path("mtu").asInt());
        } finally {
            lab.deleteVm("apivm");
        }
    }

    @Test
    void vmsPluggedDirectlyAndHybridTalkThroughBrInt() {
        lab.createVm(
                VmSpec.of("direct", "compute1", "11111111-2222-4333-8444-555555555555")
                        .withPort("fa:16:3e:11:11:11", 1500));
        lab.createVm(
                VmSpec.of("hybrid", "compute1", "66666666-7777-4888-8999-aaaaaaaaaaaa")
                        .withPort("fa:16:3e:66:66:66", 1500)
                        .withHybridPlug(true));
        try {
            lab.exec("direct", "ip", "addr", "add", "10.0.9.1/24", "dev", "eth0");
            lab.exec("hybrid", "ip", "addr", "add", "10.0.9.2/24", "dev", "eth0");

            assertThat(
                            lab.exec("compute1", "ip", "link", "show", "master", "qbr66666666-77")
                                    .stdout())
                    .contains("tap66666666-77", "qvb66666666-77");
            assertThat(lab.switchOf("compute1").vsctl("list-ports", "br-int"))
                    .contains("tap11111111-22", "qvo66666666-77");
            assertThat(lab.exec("direct", "ping", "-c1", "-W2", "10.0.9.2").succeeded()).isTrue();
            assertThat(tcpTransfer("direct", "hybrid", "10.0.9.2")).contains("sent");
        } finally {
            lab.deleteVm("direct");
            lab.deleteVm("hybrid");
        }
        assertThat(lab.exec("compute1", "ip", "-o", "link").stdout())
                .doesNotContain("tap11111111-22", "qbr66666666-77", "qvo66666666-77");
        assertThat(lab.exec("compute1", "ip", "netns").stdout())
                .doesNotContain("vm-direct", "vm-hybrid");
        assertThat(lab.switchOf("compute1").vsctl("list-ports", "br-int")).isBlank();
    }

    @Test
    void vmTakesItsAddressAndMtuFromARealDhcpServer() {
        LabHost compute = lab.host("compute1");
        String server = "dhcp-server";
        IpRoute2.in(compute.placement()).ensureNamespace(server);
        ChildProcess dnsmasq = null;
        try (VifPlugger plugger =
                VifPlugger.connect(compute.placement(), compute.ovsdbTarget(), "br-int")) {
            plugger.plug(
                    new VifPort(
                            "d1000000-0000-4000-8000-000000000001",
                            "fa:16:3e:dd:00:01",
                            1500,
                            "dhcp",
                            false),
                    Guest.namespace(server, "eth0"));
            lab.exec("compute1", "ip", "-n", server, "addr", "add", "10.0.7.2/24", "dev", "eth0");
            dnsmasq =
                    ChildProcess.start(
                            "dnsmasq",
                            compute.placement()
                                    .namespace(server)
                                    .wrap(
                                            List.of(
                                                    "dnsmasq",
                                                    "--no-daemon",
                                                    "--conf-file=/dev/null",
                                                    "--no-hosts",
                                                    "--no-resolv",
                                                    "--port=0",
                                                    "--interface=eth0",
                                                    "--bind-interfaces",
                                                    "--dhcp-range=10.0.7.10,10.0.7.20,255.255.255.0",
                                                    "--dhcp-option=3,10.0.7.1",
                                                    "--dhcp-option=26,1400",
                                                    "--dhcp-leasefile="
                                                            + compute.stateDirectory()
                                                                    .resolve("test-dnsmasq.leases"),
                                                    "--pid-file=")),
                            compute.logDirectory().resolve("test-dnsmasq.log"),
                            Map.of());

            lab.createVm(
                    VmSpec.of("dhcpvm", "compute1", "d2000000-0000-4000-8000-000000000002")
                            .withPort("fa:16:3e:dd:00:02", 1500)
                            .withDhcp());
            Map<String, String> lease = lab.awaitLease("dhcpvm", Duration.ofSeconds(30));

            assertThat(lease.get("ip")).startsWith("10.0.7.");
            assertThat(lab.exec("dhcpvm", "ip", "-4", "-o", "addr", "show", "eth0").stdout())
                    .contains(lease.get("ip") + "/24");
            assertThat(lab.exec("dhcpvm", "ip", "link", "show", "eth0").stdout())
                    .contains("mtu 1400");
            assertThat(lab.exec("dhcpvm", "ip", "route", "show", "default").stdout())
                    .contains("via 10.0.7.1");
            assertThat(lab.status().vms())
                    .anySatisfy(vm -> assertThat(vm.address()).isEqualTo(lease.get("ip")));
        } finally {
            if (dnsmasq != null) {
                dnsmasq.stop(Duration.ofSeconds(5));
            }
            lab.deleteVm("dhcpvm");
            try (VifPlugger plugger =
                    VifPlugger.connect(compute.placement(), compute.ovsdbTarget(), "br-int")) {
                plugger.unplug("d1000000-0000-4000-8000-000000000001");
            }
            IpRoute2.in(compute.placement()).deleteNamespace(server);
        }
    }

    /** The Weft processes alive now, as host/name. */
    private static List<String> alive() {
        return lab.status().processes().stream()
                .filter(p -> p.kind().equals("weft") && p.alive())
                .map(p -> p.host() + "/" + p.name())
                .toList();
    }

    private static void assertPings(String host, String address) {
        Command.Result ping = lab.exec(host, "ping", "-c1", "-W2", address);
        assertThat(ping.succeeded())
                .as("ping %s from %s: %s", address, host, ping.stdout())
                .isTrue();
    }

    /**
     * Sends 2 MB over TCP from {@code from} to a listener on {@code to}; "sent" when it got there.
     */
    private static String tcpTransfer(String from, String to, String address) {
        List<String> listener =
                lab.execCommand(to, List.of("sh", "-c", "nc -l " + address + " 5001 | wc -c"));
        List<String> sender =
                lab.execCommand(
                        from,
                        List.of(
                                "sh",
                                "-c",
                                "head -c 2000000 /dev/zero | nc -N -w 5 "
                                        + address
                                        + " 5001 && echo sent"));
        try {
            Process receiving = new ProcessBuilder(listener).redirectErrorStream(true).start();
            Thread.sleep(500);
            String sent = Command.of(sender).execute().stdout();
            String received = new String(receiving.getInputStream().readAllBytes()).strip();
            return received.equals("2000000") ? sent : "received " + received;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> addressesOfTheMachine() {
        List<String> addresses = new ArrayList<>();
        for (String line : Command.of("ip", "-4", "-o", "addr", "show").run().lines().toList()) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 3 && !words[1].equals("lo")) {
                addresses.add(words[3].split("/")[0]);
            }
        }
        for (String line :
                Command.of("ip", "-4", "route", "show", "default").run().lines().toList()) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 2 && words[1].equals("via")) {
                addresses.add(words[2]);
            }
        }
        return addresses;
    }

    private static String apiGet(String host, String path) {
        return lab.exec(host, "curl", "-sS", "-f", lab.apiEndpoint() + path).stdout();
    }

    private static JsonNode apiPost(String path, String body) throws IOException {
        Command.Result result =
                lab.exec(
                        "controller",
                        "curl",
                        "-sS",
                        "-f",
                        "-X",
                        "POST",
                        "-H",
                        "Content-Type: application/json",
                        "-d",
                        body,
                        lab.apiEndpoint() + path);
        assertThat(result.succeeded()).as(result.stderr() + result.stdout()).isTrue();
        return JSON.readTree(result.stdout());
    }
}
