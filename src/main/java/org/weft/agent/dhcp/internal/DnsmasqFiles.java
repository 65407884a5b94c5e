package org.weft.agent.dhcp.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.weft.agent.dhcp.DhcpNetwork;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.DhcpSubnet;
import org.weft.agent.dhcp.FixedIp;
import org.weft.agent.dhcp.HostRoute;

/**
 * The files dnsmasq reads for a network, rendered from the network's desired state.
 *
 * <pre>
 * host        one static lease per line:    fa:16:3e:00:00:05,host-10-0-0-5.openstacklocal,10.0.0.5
 *             (IPv6, DHCPv6 requests only): fa:16:3e:00:00:05,tag:dhcpv6,host-fd00--5.…,[fd00::5]
 * addn_hosts  names for DNS, hosts(5) form: 10.0.0.5\thost-10-0-0-5.openstacklocal host-10-0-0-5
 * opts        options per subnet tag:       tag:subnet-&lt;id&gt;,option:router,10.0.0.1
 * leases      dnsmasq's lease database, seeded at start: 0 fa:16:3e:00:00:05 10.0.0.5 * *
 * </pre>
 *
 * Each subnet's options are tagged {@code subnet-<subnet_id>}, the tag its {@code --dhcp-range}
 * sets. A port's {@code extra_dhcp_opts} are not written: hosts get their subnet's options only.
 * Classless static routes go out as option 121 and as 249 (Microsoft's older code for the same),
 * and with them the default route: a client that gets option 121 ignores option 3.
 */
public final class DnsmasqFiles {
    private static final String IPV4_ANY = "0.0.0.0/0";

    /** Owners whose ports never ask for a lease on a tenant network. */
    private static final Set<String> OWNERS_WITHOUT_LEASES =
            Set.of("network:router_gateway", "network:floatingip");

    private final DnsmasqSettings settings;

    public DnsmasqFiles(DnsmasqSettings settings) {
        this.settings = settings;
    }

    /** The text of the three files dnsmasq re-reads on SIGHUP. */
    public record Contents(String hosts, String addnHosts, String opts) {}

    public Contents render(DhcpNetwork network, DhcpPort dhcpPort) {
        return new Contents(hosts(network), addnHosts(network), opts(network, dhcpPort));
    }

    /** One address of a port, with the names dnsmasq gives it. */
    record Host(DhcpPort port, FixedIp ip, DhcpSubnet subnet, String hostname, String fqdn) {}

    List<Host> hostsOf(DhcpNetwork network) {
        List<Host> hosts = new ArrayList<>();
        for (DhcpPort port : network.ports()) {
            if (OWNERS_WITHOUT_LEASES.contains(port.deviceOwner())) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                Optional<DhcpSubnet> subnet = network.subnet(ip.subnetId());
                if (subnet.isEmpty()) {
                    continue;
                }
                String hostname = "host-" + ip.ipAddress().replace('.', '-').replace(':', '-');
                String fqdn =
                        settings.dnsDomain().isEmpty()
                                ? hostname
                                : hostname + "." + settings.dnsDomain();
                hosts.add(new Host(port, ip, subnet.get(), hostname, fqdn));
            }
        }
        return hosts;
    }

    String hosts(DhcpNetwork network) {
        StringBuilder text = new StringBuilder();
        for (Host host : hostsOf(network)) {
            if (!host.subnet().assignsAddresses()) {
                continue;
            }
            text.append(host.port().macAddress()).append(',');
            if (host.subnet().ipVersion() == 6) {
                text.append("tag:dhcpv6,");
            }
            text.append(host.fqdn()).append(',').append(literal(host.ip().ipAddress()));
            text.append('\n');
        }
        return text.toString();
    }

    String addnHosts(DhcpNetwork network) {
        StringBuilder text = new StringBuilder();
        for (Host host : hostsOf(network)) {
            // The fully qualified name comes first so that reverse lookups answer with it.
            text.append(host.ip().ipAddress())
                    .append('\t')
                    .append(host.fqdn())
                    .append(' ')
                    .append(host.hostname())
                    .append('\n');
        }
        return text.toString();
    }

    String opts(DhcpNetwork network, DhcpPort dhcpPort) {
        List<String> lines = new ArrayList<>();
        Set<String> routed = Metadata.routedSubnets(network);
        for (DhcpSubnet subnet : network.subnets()) {
            if (subnet.servedByDhcp()) {
                lines.addAll(
                        subnetOptions(network, subnet, dhcpPort, !routed.contains(subnet.id())));
            }
        }
        lines.addAll(severalDhcpServers(network));
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private List<String> subnetOptions(
            DhcpNetwork network, DhcpSubnet subnet, DhcpPort dhcpPort, boolean isolated) {
        List<String> lines = new ArrayList<>();
        dnsServerOption(subnet).ifPresent(lines::add);
        if (subnet.ipVersion() == 6) {
            if (!settings.dnsDomain().isEmpty()) {
                lines.add(option(subnet, "domain-search", List.of(settings.dnsDomain())));
            }
            return lines;
        }

        // A default route among the host routes stands in for a missing gateway, as Neutron
        // does; the other host routes go out as classless static routes.
        Optional<String> gateway = subnet.gatewayIp();
        List<String> routes = new ArrayList<>();
        for (HostRoute route : subnet.hostRoutes()) {
            if (route.destination().equals(IPV4_ANY)) {
                if (gateway.isEmpty()) {
                    gateway = Optional.of(route.nexthop());
                }
            } else {
                routes.add(route.destination() + "," + route.nexthop());
            }
        }
        metadataRoute(subnet, dhcpPort, gateway, isolated).ifPresent(routes::add);
        for (DhcpSubnet other : network.subnets()) {
            if (other.ipVersion() == 4 && !other.cidr().equals(subnet.cidr())) {
                routes.add(0, other.cidr() + ",0.0.0.0");
            }
        }
        if (!routes.isEmpty()) {
            gateway.ifPresent(address -> routes.add(IPV4_ANY + "," + address));
            lines.add(option(subnet, "classless-static-route", routes));
            lines.add(option(subnet, "249", routes));
        }
        lines.add(option(subnet, "router", gateway.map(List::of).orElse(List.of())));
        return lines;
    }

    private Optional<String> dnsServerOption(DhcpSubnet subnet) {
        List<String> servers = subnet.dnsNameservers();
        if (servers.isEmpty()) {
            // dnsmasq then hands out its own address: it answers DNS for the network's names
            // and forwards the rest to dnsmasq_dns_servers.
            return Optional.empty();
        }
        boolean announceNone =
                servers.stream()
                        .allMatch(server -> server.equals("0.0.0.0") || server.equals("::"));
        List<String> values = announceNone ? List.of() : literals(subnet.ipVersion(), servers);
        return Optional.of(option(subnet, "dns-server", values));
    }

    private Optional<String> metadataRoute(
            DhcpSubnet subnet, DhcpPort dhcpPort, Optional<String> gateway, boolean isolated) {
        if (settings.forceMetadata() || (isolated && settings.enableIsolatedMetadata())) {
            return addressOn(dhcpPort, subnet)
                    .map(address -> Metadata.ADDRESS_CIDR + "," + address);
        }
        if (!isolated && gateway.isPresent()) {
            return Optional.of(Metadata.ADDRESS_CIDR + "," + gateway.get());
        }
        return Optional.empty();
    }

    /**
     * With several DHCP servers on a subnet that has no DNS servers of its own, hosts are given
     * every server's address rather than only the answering one's.
     */
    private List<String> severalDhcpServers(DhcpNetwork network) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (DhcpPort port : network.ports()) {
            if (!port.deviceOwner().equals(DhcpPort.OWNER_DHCP)) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                addresses
                        .computeIfAbsent(ip.subnetId(), id -> new ArrayList<>())
                        .add(ip.ipAddress());
            }
        }
        List<String> lines = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (DhcpSubnet subnet : network.subnets()) {
            List<String> servers = addresses.getOrDefault(subnet.id(), List.of());
            if (subnet.servedByDhcp()
                    && subnet.dnsNameservers().isEmpty()
                    && servers.size() > 1
                    && done.add(subnet.id())) {
                lines.add(option(subnet, "dns-server", literals(subnet.ipVersion(), servers)));
            }
        }
        return lines;
    }

    private static Optional<String> addressOn(DhcpPort port, DhcpSubnet subnet) {
        return port.fixedIps().stream()
                .filter(ip -> ip.subnetId().equals(subnet.id()))
                .map(FixedIp::ipAddress)
                .findFirst();
    }

    /**
     * One line of the options file: the subnet's tag, the option by name ({@code option:router},
     * {@code option6:dns-server}) or, for IPv4, by number, then its values.
     */
    static String option(DhcpSubnet subnet, String name, List<String> values) {
        String key;
        if (subnet.ipVersion() == 6) {
            key = "option6:" + name;
        } else {
            key = name.chars().allMatch(Character::isDigit) ? name : "option:" + name;
        }
        StringBuilder line = new StringBuilder("tag:").append(tag(subnet)).append(',').append(key);
        for (String value : values) {
            line.append(',').append(value);
        }
        return line.toString();
    }

    /** The tag a subnet's {@code --dhcp-range} sets and its options match. */
    static String tag(DhcpSubnet subnet) {
        return "subnet-" + subnet.id();
    }

    /** An address as dnsmasq wants it beside MAC addresses: IPv6 in brackets. */
    static String literal(String address) {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    }

    private static List<String> literals(int ipVersion, List<String> addresses) {
        return ipVersion == 4 ? addresses : addresses.stream().map(DnsmasqFiles::literal).toList();
    }

    /**
     * The lease database dnsmasq starts with: every IPv4 static lease of the network as never
     * ending, so that a restarted dnsmasq renews leases it handed out before rather than refusing
     * them; dnsmasq gives them the configured duration at the next renewal. IPv6 leases cannot be
     * made up (their IAID is the client's), so those of {@code previous} whose address still
     * belongs to a port are kept, with the server's DUID line.
     */
    public String initialLeases(DhcpNetwork network, String previous) {
        StringBuilder text = new StringBuilder();
        Set<String> ipv6Addresses = new HashSet<>();
        for (Host host : hostsOf(network)) {
            if (!host.subnet().assignsAddresses()) {
                continue;
            }
            if (host.subnet().ipVersion() == 4) {
                text.append("0 ")
                        .append(host.port().macAddress())
                        .append(' ')
                        .append(host.ip().ipAddress())
                        .append(" * *\n");
            } else {
                ipv6Addresses.add(Cidr.text(Cidr.address(host.ip().ipAddress())));
            }
        }
        for (String line : previous.lines().toList()) {
            String[] fields = line.strip().split(" ");
            if (line.startsWith("duid ")) {
                text.insert(0, line + "\n");
            } else if (fields.length == 5
                    && fields[2].indexOf(':') >= 0
                    && ipv6Addresses.contains(canonical(fields[2]))) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    private static String canonical(String address) {
        try {
            return Cidr.text(Cidr.address(address.replace("[", "").replace("]", "")));
        } catch (IllegalArgumentException e) {
            return address;
        }
    }
}
