package org.weft.agent.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.Ipv6Mode;
import org.weft.config.Config;

class DnsmasqCommandLineTest {
    private static final NetworkFilesLayout FILES = new NetworkFilesLayout(Path.of("/s/dhcp/n1"));
    private static final DhcpSubnet V4 = DhcpSubnet.ipv4("a", "n1", "10.0.0.0/24", "10.0.0.1");

    private static List<String> argv(String ini, DhcpNetwork network) {
        DnsmasqSettings settings = DnsmasqSettings.from(Config.fromText("dhcp_agent.ini", ini));
        return new DnsmasqCommandLine(settings).argv(network, "tap12345678-9a", FILES);
    }

    private static DhcpNetwork network(int mtu, DhcpSubnet... subnets) {
        return new DhcpNetwork("n1", "p", mtu, List.of(subnets), List.of());
    }

    @Test
    void servesStaticLeasesFromTheNetworksFilesOnItsDevice() {
        List<String> argv = argv("", network(1450, V4));

        assertThat(argv)
                .startsWith("dnsmasq", "--keep-in-foreground", "--no-hosts", "--no-resolv")
                .contains(
                        "--pid-file=/s/dhcp/n1/pid",
                        "--dhcp-hostsfile=/s/dhcp/n1/host",
                        "--addn-hosts=/s/dhcp/n1/addn_hosts",
                        "--dhcp-optsfile=/s/dhcp/n1/opts",
                        "--dhcp-leasefile=/s/dhcp/n1/leases",
                        "--interface=tap12345678-9a",
                        "--dhcp-range=set:subnet-a,10.0.0.0,static,255.255.255.0,86400s",
                        "--dhcp-option-force=option:mtu,1450",
                        "--dhcp-lease-max=256",
                        "--conf-file=/dev/null",
                        "--domain=openstacklocal");
    }

    @Test
    void unknownMtuIsNotHandedOut() {
        assertThat(argv("", network(0, V4))).noneMatch(arg -> arg.contains("option:mtu"));
    }

    @Test
    void leaseDurationAndUpstreamServersComeFromTheIni() {
        List<String> argv =
                argv(
                        "dhcp_lease_duration = -1\n"
                                + "dnsmasq_dns_servers = 192.0.2.53, 192.0.2.54\n"
                                + "dnsmasq_config_file = /etc/weft/dnsmasq.conf\n",
                        network(1500, V4));

        assertThat(argv)
                .contains(
                        "--dhcp-range=set:subnet-a,10.0.0.0,static,255.255.255.0,infinite",
                        "--server=192.0.2.53",
                        "--server=192.0.2.54",
                        "--conf-file=/etc/weft/dnsmasq.conf");
    }

    @Test
    void ipv6SubnetsAreServedInStaticModeWithTheirPrefixLength() {
        DhcpSubnet stateful =
                DhcpSubnet.ipv6("b", "n1", "fd00:1::/64", null, Ipv6Mode.DHCPV6_STATEFUL);
        DhcpSubnet stateless =
                DhcpSubnet.ipv6("c", "n1", "fd00:2::/64", null, Ipv6Mode.DHCPV6_STATELESS);
        DhcpSubnet slaac = DhcpSubnet.ipv6("d", "n1", "fd00:3::/64", null, Ipv6Mode.SLAAC);

        List<String> argv = argv("", network(1500, stateful, stateless, slaac));

        assertThat(argv)
                .contains(
                        "--dhcp-range=set:subnet-b,fd00:1::,static,64,86400s",
                        "--dhcp-range=set:subnet-c,fd00:2::,static,64,86400s")
                .noneMatch(arg -> arg.contains("subnet-d"));
    }

    @Test
    void leaseMaxIsCappedByTheIni() {
        DhcpSubnet big = DhcpSubnet.ipv6("b", "n1", "fd00:1::/64", null, Ipv6Mode.DHCPV6_STATEFUL);

        assertThat(argv("dnsmasq_lease_max = 1000\n", network(1500, V4, big)))
                .contains("--dhcp-lease-max=1000");
    }

    @Test
    void renewalTimesAreForcedWhenSet() {
        assertThat(argv("dhcp_renewal_time = 30\ndhcp_rebinding_time = 50\n", network(1500, V4)))
                .contains("--dhcp-option-force=option:T1,30s", "--dhcp-option-force=option:T2,50s");
    }
}
