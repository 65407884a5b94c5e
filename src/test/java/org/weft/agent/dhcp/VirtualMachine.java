package org.weft.agent.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

/**
 * A VM as the DHCP tests need one: a namespace whose {@code eth0}, with the port's MAC and no
 * address, sits on the {@link Wire}; a real DHCP client (busybox udhcpc for IPv4, dhclient for
 * IPv6) whose script applies what it got (address, routes, MTU) and writes the DNS settings to a
 * resolv.conf of the VM's own.
 */
final class VirtualMachine implements AutoCloseable {
    static final String INTERFACE = "eth0";

    private final String namespace;
    private final Path directory;
    private final List<ChildProcess> clients = new ArrayList<>();

    private VirtualMachine(String namespace, Path directory) {
        this.namespace = namespace;
        this.directory = directory;
    }

    /** A VM named {@code name} with one interface of {@code mac} plugged into {@code wire}. */
    static VirtualMachine create(String name, String mac, Wire wire, Path runDirectory) {
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.deleteNamespace(name);
        root.ensureNamespace(name);
        String wireSide = name.length() > 13 ? name.substring(name.length() - 13) : name;
        IpRoute2 onWire = root.inside(wire.namespace());
        onWire.deleteLink(wireSide);
        wire.run(
                "ip", "link", "add", wireSide, "type", "veth", "peer", "name", INTERFACE, "netns",
                name);
        wire.run("ip", "link", "set", wireSide, "master", Wire.BRIDGE, "up");
        IpRoute2 inside = root.inside(name);
        inside.setMac(INTERFACE, mac);
        inside.sysctl("net.ipv6.conf." + INTERFACE + ".accept_dad", "0");
        inside.sysctl("net.ipv6.conf." + INTERFACE + ".accept_ra", "0");
        inside.setUp(INTERFACE);
        VirtualMachine vm = new VirtualMachine(name, runDirectory.resolve(name));
        vm.writeScripts();
        return vm;
    }

    String namespace() {
        return namespace;
    }

    /**
     * Asks for a lease once, as a booting VM does (up to {@code attempts} discovers a second
     * apart); whether it got one.
     */
    boolean requestLease(int attempts) {
        return run(udhcpc("-q", "-n", "-t", Integer.toString(attempts), "-T", "1", "-A", "1"))
                .succeeded();
    }

    /** Starts a DHCP client that keeps its lease and renews it when {@link #renew} is called. */
    void startClient() {
        clients.add(
                start("udhcpc", udhcpc("-t", "5", "-T", "1", "-A", "1", "-p", pidFile("udhcpc"))));
    }

    /** Makes the running client renew now, as it does at the lease's renewal time (SIGUSR1). */
    void renew() {
        Command.of("kill", "-USR1", readPid("udhcpc")).run();
    }

    /** Starts dhclient for DHCPv6 (stateful: it asks for an address). */
    void startDhcpv6Client() {
        clients.add(start("dhclient -6", dhclient6()));
    }

    /**
     * Starts dhclient for stateless DHCPv6: an information request, for options only (the address
     * comes from router advertisements).
     */
    void startDhcpv6InformationClient() {
        List<String> argv = new ArrayList<>(dhclient6());
        argv.add(2, "-S");
        clients.add(start("dhclient -6 -S", argv));
    }

    private List<String> dhclient6() {
        return List.of(
                "dhclient",
                "-6",
                "-d",
                "-v",
                "-cf",
                directory.resolve("dhclient.conf").toString(),
                "-lf",
                directory.resolve("dhclient6.leases").toString(),
                "-pf",
                pidFile("dhclient6"),
                "-sf",
                directory.resolve("dhclient-script").toString(),
                INTERFACE);
    }

    private List<String> udhcpc(String... options) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "busybox",
                                "udhcpc",
                                "-f",
                                "-i",
                                INTERFACE,
                                "-s",
                                directory.resolve("udhcpc-script").toString(),
                                "-O",
                                "staticroutes",
                                "-O",
                                "msstaticroutes",
                                "-O",
                                "mtu"));
        argv.addAll(List.of(options));
        return argv;
    }

    /** The IPv4 addresses of eth0 with their prefix length. */
    List<String> ipv4Addresses() {
        return IpRoute2.in(placement()).addresses(INTERFACE).stream()
                .filter(address -> address.indexOf(':') < 0)
                .toList();
    }

    List<String> ipv6Addresses() {
        return IpRoute2.in(placement()).addresses(INTERFACE).stream()
                .filter(address -> address.indexOf(':') >= 0)
                .toList();
    }

    /** The VM's IPv4 routes, one per line as {@code ip route} prints them. */
    List<String> routes() {
        return Command.of("ip", "-4", "route", "show")
                .in(placement())
                .run()
                .lines()
                .map(String::strip)
                .toList();
    }

    int mtu() {
        String link = Command.of("ip", "-o", "link", "show", INTERFACE).in(placement()).run();
        String[] words = link.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("mtu")) {
                return Integer.parseInt(words[i + 1]);
            }
        }
        throw new IllegalStateException("no mtu in " + link);
    }

    /** The resolv.conf the client script wrote from the lease's DNS options. */
    String resolvConf() {
        return read(directory.resolve("resolv.conf"));
    }

    /** What the DHCPv6 client got, as dhclient hands it to its script. */
    String dhcpv6Lease() {
        return read(directory.resolve("lease6.env"));
    }

    /** Waits until {@code condition} holds; whether it did within {@code limit}. */
    static boolean eventually(Duration limit, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.get();
    }

    /** Stops the VM's clients and removes its namespace and files. */
    @Override
    public void close() {
        clients.forEach(client -> client.stop(Duration.ofSeconds(2)));
        clients.clear();
        IpRoute2.in(Placement.here()).deleteNamespace(namespace);
    }

    private Placement placement() {
        return Placement.netns(namespace);
    }

    private Command.Result run(List<String> argv) {
        return Command.of(argv).in(placement()).withTimeout(Duration.ofSeconds(60)).execute();
    }

    private ChildProcess start(String name, List<String> argv) {
        return ChildProcess.start(
                name + " vm=" + namespace,
                placement().wrap(argv),
                directory.resolve(argv.get(0) + ".log"),
                Map.of());
    }

    private String pidFile(String client) {
        return directory.resolve(client + ".pid").toString();
    }

    private String readPid(String client) {
        return read(Path.of(pidFile(client))).strip();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeScripts() {
        try {
            Files.createDirectories(directory);
            executable("udhcpc-script", UDHCPC_SCRIPT.replace("@DIR@", directory.toString()));
            executable("dhclient-script", DHCLIENT_SCRIPT.replace("@DIR@", directory.toString()));
            Files.writeString(directory.resolve("dhclient.conf"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void executable(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * udhcpc's script: on a lease, the address, the MTU and the routes (option 121 when given,
     * which replaces option 3 as RFC 3442 §4 says, else the router), and a resolv.conf; on losing
     * it, no address.
     */
    private static final String UDHCPC_SCRIPT =
            """
            #!/bin/sh
            dir=@DIR@
            echo "$1 ${ip:-}" >> "$dir/events"
            case "$1" in
              deconfig)
                ip -4 addr flush dev "$interface"
                ip link set "$interface" up
                ;;
              bound|renew)
                ip -4 addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
                if [ -n "$staticroutes" ]; then
                  set -- $staticroutes
                  while [ $# -ge 2 ]; do
                    if [ "$1" = 0.0.0.0/0 ]; then
                      ip route replace default via "$2" dev "$interface"
                    elif [ "$2" = 0.0.0.0 ]; then
                      ip route replace "$1" dev "$interface"
                    else
                      ip route replace "$1" via "$2" dev "$interface"
                    fi
                    shift 2
                  done
                elif [ -n "$router" ]; then
                  ip route replace default via "${router%% *}" dev "$interface"
                fi
                {
                  [ -n "$domain" ] && echo "search $domain"
                  for server in $dns; do echo "nameserver $server"; done
                } > "$dir/resolv.conf"
                env | sort > "$dir/lease.env"
                ;;
            esac
            exit 0
            """;

    /** dhclient's script for DHCPv6: the address it got, and what else came with it. */
    private static final String DHCLIENT_SCRIPT =
            """
            #!/bin/sh
            dir=@DIR@
            echo "$reason ${new_ip6_address:-}" >> "$dir/events6"
            case "$reason" in
              BOUND6|RENEW6|REBIND6|REBOOT6)
                # The lease is written whole before the address shows it, which tests wait for.
                env | grep '^new_' | sort > "$dir/lease6.env.new"
                mv "$dir/lease6.env.new" "$dir/lease6.env"
                ip -6 addr replace "$new_ip6_address/$new_ip6_prefixlen" dev "$interface"
                ;;
              INFORM6)
                env | grep '^new_' | sort > "$dir/lease6.env.new"
                mv "$dir/lease6.env.new" "$dir/lease6.env"
                ;;
            esac
            exit 0
            """;
}
