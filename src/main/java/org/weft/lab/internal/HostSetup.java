package org.weft.lab.internal;

import java.util.ArrayList;
import java.util.List;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.lab.HostInterface;
import org.weft.lab.HostRole;
import org.weft.lab.LabHost;
import org.weft.lab.LabNetwork;

/**
 * A host's network set-up once it is wired: its addresses as the guide gives them, and on the
 * network and compute nodes its own userspace Open vSwitch with the bridges the guide creates.
 */
public final class HostSetup {
    /** The integration bridge, on every host with a switch. */
    public static final String INTEGRATION_BRIDGE = "br-int";

    /** The external bridge, on the network node. */
    public static final String EXTERNAL_BRIDGE = "br-ex";

    /**
     * The bridge of the lab's VLAN physical network {@code physnet1}, on every host with a switch;
     * it has no interface of the host, and a test puts its tagged peers on it as OVS ports.
     */
    public static final String PROVIDER_BRIDGE = "br-vlan";

    private HostSetup() {}

    /**
     * Brings the host's interfaces up with their addresses (the data address waits for the data
     * bridge), and turns transmit checksum offload off on each: their frames may reach a userspace
     * switch, which forwards them as they are, checksums left to hardware included.
     */
    public static void configureInterfaces(LabHost host) {
        List<String> commands = new ArrayList<>();
        for (HostInterface wire : host.interfaces()) {
            switch (wire.use()) {
                case ADDRESSED ->
                        commands.add(
                                "addr add "
                                        + wire.network().address(host.number())
                                        + "/"
                                        + wire.network().prefixLength()
                                        + " dev "
                                        + wire.device());
                case EXTERNAL_BRIDGE -> commands.add("link set " + wire.device() + " promisc on");
                case DATA_BRIDGE -> {}
            }
            commands.add("link set " + wire.device() + " up");
        }
        Placement netns = Placement.netns(host.networkNamespace());
        IpRoute2.in(netns).batch(commands);
        for (HostInterface wire : host.interfaces()) {
            Command.of("ethtool", "-K", wire.device(), "tx", "off").in(netns).run();
        }
        if (host.role() == HostRole.NETWORK) {
            // The guide turns forwarding on on the network node.
            Command.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").in(netns).run();
        }
    }

    /** Starts the host's own switch, on the userspace datapath, in the host. */
    public static PrivateSwitch startSwitch(LabHost host) {
        return PrivateSwitch.builder(host.switchDirectory()).placement(host.placement()).start();
    }

    /**
     * A handle on the host's switch for {@code ovs-vsctl} and {@code ovs-ofctl}, whether or not
     * this process started it.
     */
    public static PrivateSwitch switchOf(LabHost host) {
        return PrivateSwitch.builder(host.switchDirectory()).placement(host.placement()).build();
    }

    /**
     * Creates the host's bridges: the data bridge holding the data interface and the tunnels' local
     * address (Open vSwitch's layout for tunnels on the userspace datapath), {@code br-int}, and on
     * the network node {@code br-ex} with its interface, as the guide does ({@code ovs-vsctl add-br
     * br-int; add-br br-ex; add-port br-ex eth2}).
     */
    public static void createBridges(LabHost host, PrivateSwitch ovs) {
        List<String> vsctl = new ArrayList<>();
        for (HostInterface wire : host.interfaces()) {
            switch (wire.use()) {
                case DATA_BRIDGE -> addBridge(vsctl, LabHost.DATA_BRIDGE, wire.device());
                case EXTERNAL_BRIDGE -> addBridge(vsctl, EXTERNAL_BRIDGE, wire.device());
                case ADDRESSED -> {}
            }
        }
        addBridge(vsctl, INTEGRATION_BRIDGE, null);
        addBridge(vsctl, PROVIDER_BRIDGE, null);
        ovs.vsctl(vsctl.toArray(String[]::new));

        host.localIp()
                .ifPresent(
                        ip ->
                                IpRoute2.in(Placement.netns(host.networkNamespace()))
                                        .batch(
                                                List.of(
                                                        "addr add "
                                                                + ip
                                                                + "/"
                                                                + LabNetwork.DATA.prefixLength()
                                                                + " dev "
                                                                + LabHost.DATA_BRIDGE,
                                                        "link set "
                                                                + LabHost.DATA_BRIDGE
                                                                + " up")));
    }

    private static void addBridge(List<String> vsctl, String bridge, String device) {
        vsctl.addAll(
                List.of(
                        "--",
                        "--may-exist",
                        "add-br",
                        bridge,
                        "--",
                        "set",
                        "Bridge",
                        bridge,
                        "datapath_type=netdev",
                        "protocols=" + PrivateSwitch.PROTOCOLS));
        if (device != null) {
            vsctl.addAll(List.of("--", "--may-exist", "add-port", bridge, device));
        }
    }
}
