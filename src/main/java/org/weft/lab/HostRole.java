package org.weft.lab;

/** What a lab host is in the install guide's deployment. */
public enum HostRole {
    /** The API server, the broker and the database. */
    CONTROLLER,
    /** The DHCP, L3 and metadata agents, {@code br-ex} on its own interface. */
    NETWORK,
    /** The VMs and their OVS agent. */
    COMPUTE,
    /** The internet: the external network's gateway, outside the cloud. */
    UPSTREAM;

    /** Whether the host runs an Open vSwitch of its own. */
    public boolean hasSwitch() {
        return this == NETWORK || this == COMPUTE;
    }
}
