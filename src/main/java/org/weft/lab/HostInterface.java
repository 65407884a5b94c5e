package org.weft.lab;

/**
 * One of a host's "physical" interfaces: a veth whose other end is on its network's bridge in the
 * fabric namespace.
 *
 * @param device the name inside the host, as in the guide ({@code eth0} … {@code eth3})
 * @param network the network it is wired to
 * @param use what the host does with it
 */
public record HostInterface(String device, LabNetwork network, Use use) {

    /** What a host does with an interface. */
    public enum Use {
        /** The host's address on the network sits on the interface itself. */
        ADDRESSED,
        /**
         * The interface is a port of the host's data bridge, which holds the address: Open
         * vSwitch's layout for tunnels on the userspace datapath.
         */
        DATA_BRIDGE,
        /** The interface is a port of {@code br-ex}, up, promiscuous and unaddressed. */
        EXTERNAL_BRIDGE
    }
}
