package org.weft.lab.internal;

import java.util.ArrayList;
import java.util.List;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.HostInterface;
import org.weft.lab.LabHost;
import org.weft.lab.LabNetwork;

/**
 * The lab's wires: one Linux bridge per network in the lab's fabric namespace, and one veth pair
 * per host interface, made with its host end already in the host's namespace. Nothing of it ever
 * appears in the machine's own network namespace, and the fabric has no address and no route: a
 * host can reach other hosts of the lab and nothing else.
 */
public final class Fabric {
    private final String namespace;

    public Fabric(String namespace) {
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** Creates the fabric namespace's bridges. */
    public void createBridges() {
        List<String> commands = new ArrayList<>();
        for (LabNetwork network : LabNetwork.values()) {
            String bridge = network.fabricBridge();
            commands.add("link add name " + bridge + " type bridge forward_delay 0 stp_state 0");
            commands.add("link set " + bridge + " up");
        }
        IpRoute2.in(Placement.netns(namespace)).batch(commands);
        // The bridges forward frames and nothing else: no address of their own, no IPv6 either.
        Command.of("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1")
                .in(Placement.netns(namespace))
                .run();
    }

    /**
     * Wires {@code host}'s interfaces: each is a veth pair whose host end is created in the host's
     * namespace and whose fabric end joins its network's bridge.
     */
    public void wire(LabHost host) {
        List<String> commands = new ArrayList<>();
        for (HostInterface wire : host.interfaces()) {
            String fabricEnd = fabricEnd(host, wire);
            commands.add(
                    "link add "
                            + fabricEnd
                            + " type veth peer name "
                            + wire.device()
                            + " netns "
                            + host.networkNamespace());
            commands.add("link set " + fabricEnd + " master " + wire.network().fabricBridge());
            commands.add("link set " + fabricEnd + " up");
        }
        IpRoute2.in(Placement.netns(namespace)).batch(commands);
    }

    /**
     * The fabric end of a host's interface: a short host name and the device ({@code c12-eth1}).
     */
    public static String fabricEnd(LabHost host, HostInterface wire) {
        return shortName(host.name()) + "-" + wire.device();
    }

    private static String shortName(String host) {
        return switch (host) {
            case "controller" -> "ctl";
            case "network" -> "net";
            case "upstream" -> "up";
            default -> host.replace("compute", "c");
        };
    }
}
