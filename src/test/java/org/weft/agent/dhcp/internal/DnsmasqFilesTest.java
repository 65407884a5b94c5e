package org.weft.agent.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;
import org.weft.agent.dhcp.HostRoute;
import org.weft.agent.dhcp.Ipv6Mode;
import org.weft.config.Config;

class DnsmasqFilesTest {
    private static final String NET = "net-1";
    private static final DhcpSubnet V4 = DhcpSubnet.ipv4("sub4", NET, "10.0.0.0/24", "10.0.0.1");
    private static final DhcpPort DHCP =
            port("dhcp-port", "fa:16:3e:00:00:02", DhcpPort.OWNER_DHCP, "sub4", "10.0.0.2");
    private static final DhcpPort VM =
            port("vm-port", "fa:16:3e:00:00:05", "compute:nova", "sub4", "10.0.0.5");

    private final DnsmasqFiles files = new DnsmasqFiles(DnsmasqSettings.defaults());

    private static DhcpPort port(String id, String mac, String owner, String subnet, String ip) {
        return new DhcpPort(id, NET, mac, owner, "device", List.of(new FixedIp(subnet, ip)));
    }

    private static DhcpNetwork network(List<DhcpSubnet> subnets, DhcpPort... ports) {
        return new DhcpNetwork(NET, "project", 1450, subnets, List.of(ports));
    }

    @Test
    void hostsFileMapsEachMacToItsAddressAndNeutronStyleName() {
        String hosts = files.render(network(List.of(V4), DHCP, VM), DHCP).hosts();

        assertThat(hosts)
                .isEqualTo(
                        "fa:16:3e:00:00:02,host-10-0-0-2.openstacklocal,10.0.0.2\n"
                                + "fa:16:3e:00:00:05,host-10-0-0-5.openstacklocal,10.0.0.5\n");
    }

    @Test
    void addnHostsGiveTheFullNameFirst() {
        String names = files.render(network(List.of(V4), VM), DHCP).addnHosts();

        assertThat(names).isEqualTo("10.0.0.5\thost-10-0-0-5.openstacklocal host-10-0-0-5\n");
    }

    @Test
    void dhcpDomainComesFromTheGuidesName() {
        DnsmasqFiles grizzly =
                new DnsmasqFiles(
                        DnsmasqSettings.from(
                                Config.fromText("dhcp_agent.ini", "dhcp_domain = example.org\n")));

        assertThat(grizzly.render(network(List.of(V4), VM), DHCP).hosts())
                .isEqualTo("fa:16:3e:00:00:05,host-10-0-0-5.example.org,10.0.0.5\n");
    }

    @Test
    void subnetWithoutHostRoutesGetsOnlyItsRouter() {
        String opts = files.render(network(List.of(V4), DHCP, VM), DHCP).opts();

        assertThat(opts).isEqualTo("tag:subnet-sub4,option:router,10.0.0.1\n");
    }

    @Test
    void subnetWithoutGatewayAnnouncesNoRouter() {
        DhcpSubnet noGateway = DhcpSubnet.ipv4("sub4", NET, "10.0.0.0/24", null);

        String opts = files.render(network(List.of(noGateway), VM), DHCP).opts();

        assertThat(opts).isEqualTo("tag:subnet-sub4,option:router\n");
    }

    @Test
    void hostRoutesGoOutAs121And249WithTheDefaultRoute() {
        DhcpSubnet routed =
                V4.withHostRoutes(List.of(new HostRoute("192.168.50.0/24", "10.0.0.9")));

        String opts = files.render(network(List.of(routed), VM), DHCP).opts();

        assertThat(opts.lines())
                .containsExactly(
                        "tag:subnet-sub4,option:classless-static-route,"
                                + "192.168.50.0/24,10.0.0.9,0.0.0.0/0,10.0.0.1",
                        "tag:subnet-sub4,249,192.168.50.0/24,10.0.0.9,0.0.0.0/0,10.0.0.1",
                        "tag:subnet-sub4,option:router,10.0.0.1");
    }

    @Test
    void defaultHostRouteStandsInForAMissingGateway() {
        DhcpSubnet subnet =
                DhcpSubnet.ipv4("sub4", NET, "10.0.0.0/24", null)
                        .withHostRoutes(
                                List.of(
                                        new HostRoute("0.0.0.0/0", "10.0.0.254"),
                                        new HostRoute("172.16.0.0/16", "10.0.0.7")));

        String opts = files.render(network(List.of(subnet), VM), DHCP).opts();

        assertThat(opts)
                .contains(
                        "option:classless-static-route,172.16.0.0/16,10.0.0.7,0.0.0.0/0,10.0.0.254")
                .contains("tag:subnet-sub4,option:router,10.0.0.254");
    }

    @Test
    void subnetsDnsServersAreHandedOutAndOtherwiseDnsmasqsOwnAddress() {
        DhcpSubnet withDns = V4.withDnsNameservers(List.of("192.0.2.53", "192.0.2.54"));

        assertThat(files.render(network(List.of(withDns), VM), DHCP).opts())
                .contains("tag:subnet-sub4,option:dns-server,192.0.2.53,192.0.2.54");
        assertThat(files.render(network(List.of(V4), VM), DHCP).opts())
                .doesNotContain("dns-server");
    }

    @Test
    void anyAddressAsDnsServerAnnouncesNone() {
        DhcpSubnet none = V4.withDnsNameservers(List.of("0.0.0.0"));

        assertThat(files.render(network(List.of(none), VM), DHCP).opts().lines())
                .contains("tag:subnet-sub4,option:dns-server");
    }

    @Test
    void twoSubnetsRouteToEachOtherOnLink() {
        DhcpSubnet second = DhcpSubnet.ipv4("sub4b", NET, "10.1.0.0/24", "10.1.0.1");

        String opts = files.render(network(List.of(V4, second), VM), DHCP).opts();

        assertThat(opts.lines())
                .contains(
                        "tag:subnet-sub4,option:classless-static-route,"
                                + "10.1.0.0/24,0.0.0.0,0.0.0.0/0,10.0.0.1",
                        "tag:subnet-sub4b,option:classless-static-route,"
                                + "10.0.0.0/24,0.0.0.0,0.0.0.0/0,10.1.0.1");
    }

    @Test
    void routedSubnetSendsMetadataThroughItsRouter() {
        DhcpPort router =
                port(
                        "router-port",
                        "fa:16:3e:00:00:01",
                        "network:router_interface",
                        "sub4",
                        "10.0.0.1");

        String opts = files.render(network(List.of(V4), DHCP, VM, router), DHCP).opts();

        assertThat(opts)
                .contains(
                        "tag:subnet-sub4,option:classless-static-route,"
                                + "169.254.169.254/32,10.0.0.1,0.0.0.0/0,10.0.0.1");
    }

    @Test
    void isolatedSubnetSendsMetadataToTheDhcpPortWhenEnabled() {
        DnsmasqFiles isolated =
                new DnsmasqFiles(
                        DnsmasqSettings.from(
                                Config.fromText(
                                        "dhcp_agent.ini", "enable_isolated_metadata = True\n")));

        String opts = isolated.render(network(List.of(V4), DHCP, VM), DHCP).opts();

        assertThat(opts)
                .contains(
                        "tag:subnet-sub4,option:classless-static-route,"
                                + "169.254.169.254/32,10.0.0.2,0.0.0.0/0,10.0.0.1");
    }

    @Test
    void ipv6StatefulHostsAreTaggedForDhcpv6AndBracketed() {
        DhcpSubnet v6 =
                DhcpSubnet.ipv6("sub6", NET, "fd00:1::/64", "fd00:1::1", Ipv6Mode.DHCPV6_STATEFUL)
                        .withDnsNameservers(List.of("fd00:53::1"));
        DhcpPort vm = port("vm6", "fa:16:3e:00:00:06", "compute:nova", "sub6", "fd00:1::6");

        DnsmasqFiles.Contents contents = files.render(network(List.of(v6), vm), DHCP);

        assertThat(contents.hosts())
                .isEqualTo(
                        "fa:16:3e:00:00:06,tag:dhcpv6,host-fd00-1--6.openstacklocal,[fd00:1::6]\n");
        assertThat(contents.opts().lines())
                .containsExactly(
                        "tag:subnet-sub6,option6:dns-server,[fd00:53::1]",
                        "tag:subnet-sub6,option6:domain-search,openstacklocal");
    }

    @Test
    void ipv6StatelessAndSlaacHostsGetNoLease() {
        DhcpSubnet stateless =
                DhcpSubnet.ipv6("sub6", NET, "fd00:1::/64", "fd00:1::1", Ipv6Mode.DHCPV6_STATELESS);
        DhcpPort vm = port("vm6", "fa:16:3e:00:00:06", "compute:nova", "sub6", "fd00:1::6");

        DnsmasqFiles.Contents contents = files.render(network(List.of(stateless), vm), DHCP);

        assertThat(contents.hosts()).isEmpty();
        assertThat(contents.addnHosts()).contains("fd00:1::6\thost-fd00-1--6.openstacklocal");
        assertThat(contents.opts()).contains("option6:domain-search");
    }

    @Test
    void subnetWithDhcpOffGetsNeitherLeasesNorOptions() {
        DhcpSubnet off = V4.withEnableDhcp(false);

        DnsmasqFiles.Contents contents = files.render(network(List.of(off), VM), DHCP);

        assertThat(contents.hosts()).isEmpty();
        assertThat(contents.opts()).isEmpty();
    }

    @Test
    void initialLeasesNeverEndAndKeepStillValidIpv6Leases() {
        DhcpSubnet v6 = DhcpSubnet.ipv6("sub6", NET, "fd00:1::/64", null, Ipv6Mode.DHCPV6_STATEFUL);
        DhcpPort vm6 = port("vm6", "fa:16:3e:00:00:06", "compute:nova", "sub6", "fd00:1::6");
        String previous =
                "duid 00:01:00:01:2c:00:00:00:fa:16:3e:00:00:02\n"
                        + "1700000000 1234 fd00:1::6 host-fd00-1--6 00:01:00:01\n"
                        + "1700000000 5678 fd00:1::7 host-fd00-1--7 00:01:00:02\n"
                        + "1700000000 fa:16:3e:00:00:09 10.0.0.9 * *\n";

        String leases = files.initialLeases(network(List.of(V4, v6), VM, vm6), previous);

        assertThat(leases.lines())
                .containsExactly(
                        "duid 00:01:00:01:2c:00:00:00:fa:16:3e:00:00:02",
                        "0 fa:16:3e:00:00:05 10.0.0.5 * *",
                        "1700000000 1234 fd00:1::6 host-fd00-1--6 00:01:00:01");
    }

    @Test
    void routerGatewayPortsGetNoLease() {
        DhcpPort gateway =
                port("gw", "fa:16:3e:00:00:0a", "network:router_gateway", "sub4", "10.0.0.10");

        assertThat(files.render(network(List.of(V4), gateway), DHCP).hosts()).isEmpty();
        assertThat(Optional.of(gateway.deviceOwner())).hasValue("network:router_gateway");
    }
}
