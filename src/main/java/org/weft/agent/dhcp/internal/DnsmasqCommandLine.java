package org.weft.agent.dhcp.internal;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpSubnet;

/**
 * The dnsmasq command line of a network: static leases only, one {@code --dhcp-range} per served
 * subnet (tagged {@code subnet-<id>}, the tag its options match), the files of {@link DnsmasqFiles}
 * and the settings that only a restart changes (subnets, MTU, lease time). dnsmasq stays in the
 * foreground, so that it is Weft's child process, and logs to its standard error.
 */
public final class DnsmasqCommandLine {
    private final DnsmasqSettings settings;

    public DnsmasqCommandLine(DnsmasqSettings settings) {
        this.settings = settings;
    }

    public List<String> argv(DhcpNetwork network, String device, NetworkFilesLayout files) {
        List<String> argv = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground"));
        argv.add("--no-hosts");
        if (!settings.dnsServers().isEmpty() || !settings.localResolv()) {
            argv.add("--no-resolv");
        }
        argv.add("--pid-file=" + files.pid());
        argv.add("--dhcp-hostsfile=" + files.hosts());
        argv.add("--addn-hosts=" + files.addnHosts());
        argv.add("--dhcp-optsfile=" + files.opts());
        argv.add("--dhcp-leasefile=" + files.leases());
        argv.add("--bind-dynamic");
        argv.add("--interface=" + device);
        argv.add("--except-interface=lo");
        BigInteger possibleLeases = addRanges(network, argv);

        if (network.mtu() > 0) {
            argv.add("--dhcp-option-force=option:mtu," + network.mtu());
        }
        argv.add("--dhcp-lease-max=" + possibleLeases.min(BigInteger.valueOf(settings.leaseMax())));
        if (settings.renewalTime() > 0) {
            argv.add("--dhcp-option-force=option:T1," + settings.renewalTime() + "s");
        }
        if (settings.rebindingTime() > 0) {
            argv.add("--dhcp-option-force=option:T2," + settings.rebindingTime() + "s");
        }
        argv.add(
                "--conf-file="
                        + (settings.configFile().isEmpty() ? "/dev/null" : settings.configFile()));
        for (String server : settings.dnsServers()) {
            argv.add("--server=" + server);
        }
        if (!settings.dnsDomain().isEmpty()) {
            argv.add("--domain=" + settings.dnsDomain());
        }
        if (settings.broadcastReply()) {
            argv.add("--dhcp-broadcast");
        }
        addLogging(network, argv);
        return argv;
    }

    /**
     * Adds one range per served subnet, in static mode: dnsmasq answers only hosts it has a lease
     * for. IPv6 subnets with a prefix shorter than 64 cannot be served by DHCPv6 and are left out.
     */
    private BigInteger addRanges(DhcpNetwork network, List<String> argv) {
        BigInteger possibleLeases = BigInteger.ZERO;
        String lease = settings.leaseDuration() == -1 ? "infinite" : settings.leaseDuration() + "s";
        for (DhcpSubnet subnet : network.subnets()) {
            if (!subnet.servedByDhcp()) {
                continue;
            }
            Cidr cidr = Cidr.parse(subnet.cidr());
            String tag = "set:" + DnsmasqFiles.tag(subnet);
            if (subnet.ipVersion() == 4) {
                argv.add(
                        String.join(
                                ",",
                                "--dhcp-range=" + tag,
                                cidr.networkAddress(),
                                "static",
                                cidr.netmask(),
                                lease));
            } else if (cidr.prefixLength() >= 64) {
                argv.add(
                        String.join(
                                ",",
                                "--dhcp-range=" + tag,
                                cidr.networkAddress(),
                                "static",
                                Integer.toString(cidr.prefixLength()),
                                lease));
            } else {
                continue;
            }
            possibleLeases = possibleLeases.add(cidr.size());
        }
        return possibleLeases;
    }

    private void addLogging(DhcpNetwork network, List<String> argv) {
        if (settings.baseLogDir().isEmpty()) {
            argv.add("--log-facility=-");
            return;
        }
        Path log = Path.of(settings.baseLogDir(), network.id(), "dhcp_dns_log");
        argv.add("--log-queries");
        argv.add("--log-dhcp");
        argv.add("--log-facility=" + log.toAbsolutePath());
    }
}
