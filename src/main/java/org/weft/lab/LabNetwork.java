package org.weft.lab;

/**
 * The three networks of the install guide, each a Linux bridge in the lab's fabric namespace.
 * Addresses are the guide's: a host numbered {@code n} has {@code prefix.n} on each network it is
 * on.
 */
public enum LabNetwork {
    /** OpenStack's management network: the API, the broker, the database. */
    MANAGEMENT("10.10.10", "mgmt"),
    /** The VM configuration (data) network, which carries the tunnels. */
    DATA("10.20.20", "data"),
    /** The external network, "VM internet access": floating IPs and the upstream gateway. */
    EXTERNAL("192.168.100", "ext");

    private final String prefix;
    private final String fabricBridge;

    LabNetwork(String prefix, String fabricBridge) {
        this.prefix = prefix;
        this.fabricBridge = fabricBridge;
    }

    /** The address of host number {@code host} on this network. */
    public String address(int host) {
        return prefix + "." + host;
    }

    /** The network itself, as a CIDR. */
    public String cidr() {
        return prefix + ".0/24";
    }

    public int prefixLength() {
        return 24;
    }

    /** The Linux bridge in the fabric namespace that is this network. */
    public String fabricBridge() {
        return fabricBridge;
    }
}
