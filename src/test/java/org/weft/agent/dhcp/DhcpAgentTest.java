package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.weft.agent.dhcp.VirtualMachine.eventually;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

/**
 * The DHCP agent with real dnsmasq, real namespaces and real DHCP clients in VM namespaces, joined
 * by a bridge that stands in for the switch. The server is a fake held in memory.
 */
@Tag("netns")
class DhcpAgentTest {
    private static final String BASE = "wdhcp-t";
    private static final Path RUN = Leftovers.runDirectory(BASE);
    private static final String PREFIX = Leftovers.prefix(BASE);
    private static final String NET = PREFIX + "-n1";
    // dhclient backs off 1, 2, 4, 8, 16 s between tries: a first try lost to a dnsmasq not yet
    // listening costs half a minute on a busy machine.
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final DhcpSubnet SUBNET = DhcpSubnet.ipv4("s1", NET, "10.0.0.0/24", "10.0.0.1");

    private final Wire wire = new Wire(PREFIX + "-wire");
    private final FakeDhcpServer server = new FakeDhcpServer();
    private final RecordingMetadataProxies metadata = new RecordingMetadataProxies();
    private final List<VirtualMachine> vms = new ArrayList<>();
    private DhcpAgent agent;

    @BeforeEach
    void createWire() {
        Leftovers.clean(BASE);
        wire.create();
    }

    @AfterEach
    void removeEverything() {
        vms.forEach(VirtualMachine::close);
        if (agent != null) {
            agent.close();
        }
        Leftovers.clean(BASE);
    }

    @Test
    void vmGetsItsFixedIpGatewayDnsMtuAndHostRoutes() throws Exception {
        server.createNetwork(
                NET,
                1450,
                SUBNET.withDnsNameservers(List.of("10.0.0.53"))
                        .withHostRoutes(List.of(new HostRoute("192.168.50.0/24", "10.0.0.9"))));
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("");
        VirtualMachine vm = vm("vm1", port);
        assertThat(vm.ipv4Addresses()).isEmpty();

        assertThat(vm.requestLease(10)).isTrue();

        assertThat(vm.ipv4Addresses()).containsExactly("10.0.0.5/24");
        assertThat(vm.routes())
                .contains("default via 10.0.0.1 dev eth0")
                .contains("192.168.50.0/24 via 10.0.0.9 dev eth0");
        assertThat(vm.mtu()).isEqualTo(1450);
        assertThat(vm.resolvConf()).isEqualTo("search openstacklocal\nnameserver 10.0.0.53\n");
    }

    @Test
    void portAddedLaterGetsALeaseFromTheSameDnsmasq() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        long pid = dnsmasqPid(NET);

        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:07", new FixedIp("s1", "10.0.0.7"));
        awaitAgent();

        VirtualMachine vm = vm("vm1", port);
        assertThat(vm.requestLease(10)).isTrue();
        assertThat(vm.ipv4Addresses()).containsExactly("10.0.0.7/24");
        assertThat(dnsmasqPid(NET)).isEqualTo(pid);
    }

    @Test
    void addressChangeReachesTheVmAtRenewal() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("");
        VirtualMachine vm = vm("vm1", port);
        vm.startClient();
        assertThat(eventually(WAIT, () -> vm.ipv4Addresses().contains("10.0.0.5/24"))).isTrue();

        server.savePort(port.withFixedIps(List.of(new FixedIp("s1", "10.0.0.15"))));
        awaitAgent();
        vm.renew();

        assertThat(eventually(WAIT, () -> vm.ipv4Addresses().contains("10.0.0.15/24"))).isTrue();
        assertThat(vm.ipv4Addresses()).containsExactly("10.0.0.15/24");
    }

    @Test
    void deletedPortNoLongerGetsALease() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("");
        VirtualMachine vm = vm("vm1", port);
        assertThat(vm.requestLease(10)).isTrue();

        server.deletePort(port.id());
        awaitAgent();

        assertThat(eventually(WAIT, () -> !leases(NET).contains(port.macAddress()))).isTrue();
        assertThat(vm.requestLease(3)).isFalse();
    }

    @Test
    void addressOfADeletedPortServesTheNextPortAtOnce() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        for (int round = 0; round < 3; round++) {
            String mac = String.format("fa:16:3e:10:02:%02x", round);
            DhcpPort port = server.createPort(NET, mac, new FixedIp("s1", "10.0.0.5"));
            awaitAgent();
            VirtualMachine vm = vm("vm" + round, port);

            assertThat(vm.requestLease(5)).isTrue();

            server.deletePort(port.id());
            awaitAgent();
            vm.close();
        }
    }

    @Test
    void twoSubnetsOnOneNetworkAreServedByOneDnsmasq() throws Exception {
        DhcpSubnet second = DhcpSubnet.ipv4("s2", NET, "10.1.0.0/24", "10.1.0.1");
        server.createNetwork(NET, 1500, SUBNET, second);
        DhcpPort first = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        DhcpPort other = server.createPort(NET, "fa:16:3e:10:01:05", new FixedIp("s2", "10.1.0.5"));
        startAgent("");
        VirtualMachine vm1 = vm("vm1", first);
        VirtualMachine vm2 = vm("vm2", other);

        assertThat(vm1.requestLease(10)).isTrue();
        assertThat(vm2.requestLease(10)).isTrue();

        assertThat(vm1.ipv4Addresses()).containsExactly("10.0.0.5/24");
        assertThat(vm1.routes())
                .contains("default via 10.0.0.1 dev eth0", "10.1.0.0/24 dev eth0 scope link");
        assertThat(vm2.ipv4Addresses()).containsExactly("10.1.0.5/24");
        assertThat(vm2.routes())
                .contains("default via 10.1.0.1 dev eth0", "10.0.0.0/24 dev eth0 scope link");
        // Without DNS servers of its own, a subnet's hosts resolve through dnsmasq itself.
        assertThat(vm1.resolvConf()).contains("nameserver " + dhcpAddress("s1"));
        assertThat(vm2.resolvConf()).contains("nameserver " + dhcpAddress("s2"));
    }

    @Test
    void ipv6StatefulSubnetGivesTheVmItsFixedAddress() throws Exception {
        DhcpSubnet v6 =
                DhcpSubnet.ipv6("s6", NET, "fd00:10::/64", "fd00:10::1", Ipv6Mode.DHCPV6_STATEFUL);
        server.createNetwork(NET, 1500, v6);
        DhcpPort port =
                server.createPort(NET, "fa:16:3e:10:00:06", new FixedIp("s6", "fd00:10::6"));
        startAgent("");
        VirtualMachine vm = vm("vm1", port);
        assertThat(vm.ipv6Addresses()).isEmpty();

        vm.startDhcpv6Client();

        assertThat(eventually(WAIT, () -> vm.ipv6Addresses().contains("fd00:10::6/128"))).isTrue();
        assertThat(vm.dhcpv6Lease())
                .contains("new_dhcp6_name_servers=" + dhcpAddress("s6"))
                .contains("new_dhcp6_domain_search=openstacklocal.");
    }

    @Test
    void ipv6StatelessSubnetGivesOptionsAndNoAddress() throws Exception {
        DhcpSubnet v6 =
                DhcpSubnet.ipv6("s6", NET, "fd00:20::/64", "fd00:20::1", Ipv6Mode.DHCPV6_STATELESS)
                        .withDnsNameservers(List.of("fd00:53::1"));
        server.createNetwork(NET, 1500, v6);
        DhcpPort port =
                server.createPort(NET, "fa:16:3e:10:00:07", new FixedIp("s6", "fd00:20::7"));
        startAgent("");
        VirtualMachine vm = vm("vm1", port);

        vm.startDhcpv6InformationClient();

        assertThat(eventually(WAIT, () -> !vm.dhcpv6Lease().isEmpty())).isTrue();
        assertThat(vm.dhcpv6Lease())
                .contains("new_dhcp6_name_servers=fd00:53::1")
                .contains("new_dhcp6_domain_search=openstacklocal.")
                .doesNotContain("new_ip6_address");
        assertThat(vm.ipv6Addresses()).isEmpty();
    }

    @Test
    void dnsmasqThatDiesIsRestarted() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("");
        long killed = dnsmasqPid(NET);

        Command.of("kill", "-9", Long.toString(killed)).run();

        assertThat(
                        eventually(
                                WAIT,
                                () -> runningDnsmasq(NET).filter(pid -> pid != killed).isPresent()))
                .isTrue();
        assertThat(vm("vm1", port).requestLease(10)).isTrue();
    }

    @Test
    void restartedAgentAdoptsTheRunningDnsmasq() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        long pid = dnsmasqPid(NET);

        agent.close();
        startAgent("");
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:08", new FixedIp("s1", "10.0.0.8"));
        awaitAgent();

        assertThat(dnsmasqPid(NET)).isEqualTo(pid);
        assertThat(vm("vm1", port).requestLease(10)).isTrue();
    }

    @Test
    void restartedAgentWithOtherSettingsReplacesTheRunningDnsmasq() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("");
        long pid = dnsmasqPid(NET);

        agent.close();
        startAgent("dhcp_lease_duration = 600\n");

        assertThat(dnsmasqPid(NET)).isNotEqualTo(pid);
        assertThat(processAlive(pid)).isFalse();
        VirtualMachine vm = vm("vm1", port);
        assertThat(vm.requestLease(10)).isTrue();
        assertThat(Files.readString(RUN.resolve(PREFIX + "-vm1/lease.env"))).contains("lease=600");
    }

    @Test
    void deletedNetworkTakesItsNamespaceProcessAndFiles() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        long pid = dnsmasqPid(NET);

        server.deleteNetwork(NET);
        awaitAgent();

        assertThat(IpRoute2.in(Placement.here()).namespaces()).doesNotContain("qdhcp-" + NET);
        assertThat(processAlive(pid)).isFalse();
        assertThat(networkDirectory(NET)).doesNotExist();
        assertThat(agent.servedNetworks()).isEmpty();
    }

    @Test
    void turningDhcpOffStopsServingAndReleasesTheDhcpPort() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        long pid = dnsmasqPid(NET);

        server.updateSubnets(NET, SUBNET.withEnableDhcp(false));
        awaitAgent();

        assertThat(processAlive(pid)).isFalse();
        assertThat(IpRoute2.in(Placement.here()).namespaces()).doesNotContain("qdhcp-" + NET);
        assertThat(server.network(NET).orElseThrow().ports())
                .noneMatch(port -> port.deviceOwner().equals(DhcpPort.OWNER_DHCP));
    }

    @Test
    void networkGoneWhileTheAgentWasDownIsRemovedAtStart() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("");
        long pid = dnsmasqPid(NET);
        agent.close();
        agent = null;

        server.deleteNetwork(NET);
        startAgent("");

        assertThat(processAlive(pid)).isFalse();
        assertThat(IpRoute2.in(Placement.here()).namespaces()).doesNotContain("qdhcp-" + NET);
    }

    @Test
    void unreachableServerIsRetriedUntilTheNetworkIsServed() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        server.failNextCalls(3);

        startAgent("");

        assertThat(eventually(WAIT, () -> runningDnsmasq(NET).isPresent())).isTrue();
        assertThat(vm("vm1", port).requestLease(10)).isTrue();
    }

    @Test
    void isolatedNetworkServesMetadataFromItsDhcpNamespace() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        DhcpPort port = server.createPort(NET, "fa:16:3e:10:00:05", new FixedIp("s1", "10.0.0.5"));
        startAgent("enable_isolated_metadata = True\n");
        VirtualMachine vm = vm("vm1", port);

        assertThat(vm.requestLease(10)).isTrue();

        String dhcpAddress = dhcpAddress("s1");
        assertThat(vm.routes()).contains("169.254.169.254 via " + dhcpAddress + " dev eth0");
        assertThat(dhcpDeviceAddresses()).contains("169.254.169.254/32", dhcpAddress + "/24");
        assertThat(metadata.networks()).containsExactly(NET);
    }

    @Test
    void routedNetworkLeavesMetadataToItsRouter() throws Exception {
        server.createNetwork(NET, 1500, SUBNET);
        startAgent("enable_isolated_metadata = True\n");
        assertThat(metadata.networks()).containsExactly(NET);

        server.savePort(
                new DhcpPort(
                        "router-port-1",
                        NET,
                        "fa:16:3e:10:00:01",
                        "network:router_interface",
                        "router-1",
                        List.of(new FixedIp("s1", "10.0.0.1"))));
        awaitAgent();

        assertThat(metadata.networks()).isEmpty();
        assertThat(Files.readString(networkDirectory(NET).resolve("opts")))
                .contains("169.254.169.254/32,10.0.0.1");
    }

    private void startAgent(String extraSettings) throws InterruptedException {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\nstate_path = "
                                + RUN.resolve("state")
                                + "\nhost = wdhcp-test-host\nresync_interval = 1\n"
                                + extraSettings);
        agent = DhcpAgent.create(config, Placement.here(), wire, server, metadata);
        agent.start();
        awaitAgent();
    }

    private void awaitAgent() throws InterruptedException {
        assertThat(agent.awaitIdle(WAIT)).isTrue();
    }

    private VirtualMachine vm(String name, DhcpPort port) {
        VirtualMachine vm =
                VirtualMachine.create(PREFIX + "-" + name, port.macAddress(), wire, RUN);
        vms.add(vm);
        return vm;
    }

    private String dhcpAddress(String subnetId) {
        return agent.desiredNetwork(NET).orElseThrow().ports().stream()
                .filter(port -> port.deviceOwner().equals(DhcpPort.OWNER_DHCP))
                .flatMap(port -> port.fixedIps().stream())
                .filter(ip -> ip.subnetId().equals(subnetId))
                .map(FixedIp::ipAddress)
                .findFirst()
                .orElseThrow();
    }

    private List<String> dhcpDeviceAddresses() {
        DhcpPort dhcpPort =
                agent.desiredNetwork(NET).orElseThrow().ports().stream()
                        .filter(port -> port.deviceOwner().equals(DhcpPort.OWNER_DHCP))
                        .findFirst()
                        .orElseThrow();
        return IpRoute2.in(Placement.netns("qdhcp-" + NET))
                .addresses("tap" + dhcpPort.id().substring(0, 11));
    }

    private static Path networkDirectory(String networkId) {
        return RUN.resolve("state/dhcp").resolve(networkId);
    }

    private static String leases(String networkId) {
        try {
            return Files.readString(networkDirectory(networkId).resolve("leases"));
        } catch (IOException e) {
            return "";
        }
    }

    private static long dnsmasqPid(String networkId) {
        assertThat(eventually(WAIT, () -> runningDnsmasq(networkId).isPresent())).isTrue();
        return runningDnsmasq(networkId).orElseThrow();
    }

    /** The pid in the network's pid file, if that process runs. */
    private static Optional<Long> runningDnsmasq(String networkId) {
        try {
            long pid =
                    Long.parseLong(
                            Files.readString(networkDirectory(networkId).resolve("pid")).strip());
            return processAlive(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean processAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
