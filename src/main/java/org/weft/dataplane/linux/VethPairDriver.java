package org.weft.dataplane.linux;

/**
 * An interface driver without a switch: the bridge side of each device's veth pair goes into a peer
 * namespace instead of onto a bridge. Used where a namespace stands in for the wire (tests of DHCP
 * or routing on their own), and as the base of the drivers that do attach to a switch.
 */
public final class VethPairDriver implements InterfaceDriver {
    private final Placement host;
    private final String peerNamespace;

    /**
     * @param host where the namespaces are seen from (here, or a lab host)
     * @param peerNamespace the namespace that receives each pair's bridge side
     */
    public VethPairDriver(Placement host, String peerNamespace) {
        this.host = host;
        this.peerNamespace = peerNamespace;
    }

    @Override
    public void plug(PluggedDevice device) {
        IpRoute2 outside = IpRoute2.in(host);
        IpRoute2 inside = IpRoute2.in(device.namespace());
        IpRoute2 peer = IpRoute2.in(host.namespace(peerNamespace));
        if (!inside.linkExists(device.name())) {
            outside.ensureVeth(device.name(), device.bridgeSideName());
            outside.moveToNamespace(device.bridgeSideName(), peerNamespace);
            outside.moveToNamespace(device.name(), namespaceName(device));
        }
        inside.setMac(device.name(), device.mac());
        inside.setMtu(device.name(), device.mtu());
        inside.disableTransmitOffload(device.name());
        inside.setUp(device.name());
        peer.setMtu(device.bridgeSideName(), device.mtu());
        peer.setUp(device.bridgeSideName());
    }

    @Override
    public void unplug(PluggedDevice device) {
        IpRoute2.in(device.namespace()).deleteLink(device.name());
        IpRoute2.in(host.namespace(peerNamespace)).deleteLink(device.bridgeSideName());
    }

    private static String namespaceName(PluggedDevice device) {
        if (device.namespace() instanceof Placement.Nested nested) {
            return nested.name();
        }
        if (device.namespace() instanceof Placement.NetworkNamespace netns) {
            return netns.name();
        }
        throw new IllegalArgumentException(
                "device " + device.name() + " must live in a named namespace");
    }
}
