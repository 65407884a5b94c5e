package org.weft.dataplane.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Network namespaces, links, addresses, routes and sysctls in one {@link Placement}, driven through
 * iproute2. Many changes at once go through {@link #batch(List)}, one {@code ip -batch} process for
 * all of them.
 */
public final class IpRoute2 {
    private final Placement placement;

    private IpRoute2(Placement placement) {
        this.placement = Objects.requireNonNull(placement);
    }

    public static IpRoute2 in(Placement placement) {
        return new IpRoute2(placement);
    }

    public Placement placement() {
        return placement;
    }

    /** The named network namespaces this place sees under {@code /run/netns}. */
    public List<String> namespaces() {
        return run("ip", "netns", "list")
                .lines()
                .map(line -> line.split("\\s+", 2)[0])
                .filter(name -> !name.isEmpty())
                .toList();
    }

    /** Ensures the named network namespace exists, with its loopback up. */
    public void ensureNamespace(String name) {
        if (!namespaces().contains(name)) {
            run("ip", "netns", "add", name);
        }
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    }

    /** Removes the named network namespace if it exists, with every interface in it. */
    public void deleteNamespace(String name) {
        if (namespaces().contains(name)) {
            run("ip", "netns", "delete", name);
        }
    }

    /** This placement's view of the namespace {@code name}, to configure what is inside it. */
    public IpRoute2 inside(String name) {
        return new IpRoute2(placement.namespace(name));
    }

    public boolean linkExists(String device) {
        return Command.of(placement.wrap(List.of("ip", "link", "show", "dev", device)))
                .execute()
                .succeeded();
    }

    /**
     * The kernel's index of {@code device}, if it exists: a device deleted and made again under the
     * same name has another.
     */
    public OptionalInt ifindex(String device) {
        Command.Result shown =
                Command.of(placement.wrap(List.of("ip", "-o", "link", "show", "dev", device)))
                        .execute();
        if (!shown.succeeded()) {
            return OptionalInt.empty();
        }
        String text = shown.stdout().strip();
        int colon = text.indexOf(':');
        try {
            return colon > 0
                    ? OptionalInt.of(Integer.parseInt(text.substring(0, colon)))
                    : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Creates a veth pair, or leaves it as it is when {@code device} already exists. */
    public void ensureVeth(String device, String peer) {
        if (!linkExists(device)) {
            run("ip", "link", "add", device, "type", "veth", "peer", "name", peer);
        }
    }

    public void deleteLink(String device) {
        if (linkExists(device)) {
            run("ip", "link", "delete", device);
        }
    }

    public void moveToNamespace(String device, String namespace) {
        run("ip", "link", "set", device, "netns", namespace);
    }

    public void setUp(String device) {
        run("ip", "link", "set", device, "up");
    }

    public void setMac(String device, String mac) {
        run("ip", "link", "set", device, "address", mac);
    }

    public void setMtu(String device, int mtu) {
        run("ip", "link", "set", device, "mtu", Integer.toString(mtu));
    }

    /** Adds {@code cidr} (such as 10.0.0.3/24) to {@code device} unless it is there already. */
    public void ensureAddress(String device, String cidr) {
        if (!addresses(device).contains(cidr)) {
            run("ip", "addr", "add", cidr, "dev", device);
        }
    }

    public void removeAddress(String device, String cidr) {
        if (addresses(device).contains(cidr)) {
            run("ip", "addr", "del", cidr, "dev", device);
        }
    }

    /** The addresses of {@code device} with their prefix length, IPv4 and global IPv6. */
    public List<String> addresses(String device) {
        List<String> found = new ArrayList<>();
        for (String line : run("ip", "-o", "addr", "show", "dev", device).lines().toList()) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            int at = words.indexOf("inet") >= 0 ? words.indexOf("inet") : words.indexOf("inet6");
            if (at >= 0 && at + 1 < words.size() && !line.contains(" scope link")) {
                found.add(words.get(at + 1));
            }
        }
        return found;
    }

    /** Sets the route to {@code destination} (a CIDR or {@code default}), replacing any other. */
    public void replaceRoute(String destination, String via, String device) {
        List<String> argv = new ArrayList<>(List.of("ip", "route", "replace", destination));
        if (via != null) {
            argv.addAll(List.of("via", via));
        }
        if (device != null) {
            argv.addAll(List.of("dev", device));
        }
        run(argv.toArray(String[]::new));
    }

    public void sysctl(String key, String value) {
        run("sysctl", "-q", "-w", key + "=" + value);
    }

    /**
     * Turns transmit checksum offload off: a veth whose peer sits on a userspace switch must
     * compute its own checksums, or TCP fails while ping works.
     */
    public void disableTransmitOffload(String device) {
        run("ethtool", "-K", device, "tx", "off");
    }

    /** Runs many {@code ip} commands (without the leading {@code ip}) in one process. */
    public void batch(List<String> commands) {
        if (commands.isEmpty()) {
            return;
        }
        Command.of(placement.wrap(List.of("ip", "-batch", "-")))
                .withInput(String.join("\n", commands) + "\n")
                .run();
    }

    private String run(String... argv) {
        return Command.of(placement.wrap(List.of(argv))).run();
    }
}
