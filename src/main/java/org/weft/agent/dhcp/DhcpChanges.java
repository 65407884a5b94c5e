package org.weft.agent.dhcp;

/**
 * Changes of what the DHCP agent serves, as the server announces them. Each method only records the
 * change and returns; the agent applies it soon after, together with whatever else changed on the
 * same network meanwhile. Applying a change twice is harmless.
 */
public interface DhcpChanges {

    /** A network was created or changed, or one of its subnets: here it is in full. */
    void networkChanged(DhcpNetwork network);

    /**
     * A network or one of its subnets changed and the event did not carry the network in full: the
     * agent fetches it from its {@link DhcpStateSource}.
     */
    void networkOutdated(String networkId);

    /** A network was deleted, or is no longer served by this agent. */
    void networkDeleted(String networkId);

    /** A port was created or changed. */
    void portChanged(DhcpPort port);

    /** A port was deleted; the agent finds its network itself. */
    void portDeleted(String portId);

    /** Everything may have changed (the agent was cut off from the server): sync in full. */
    void resyncAll();
}
