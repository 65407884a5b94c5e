package org.weft.dataplane.openflow;

/**
 * Told how an {@link OpenFlowChannel} fares; called on the channel's session thread, so it must not
 * block or call the channel (hand the work to a thread of its own).
 */
public interface OpenFlowListener {

    /** The handshake finished, at first or after a reconnect: the owner of flows resyncs them. */
    default void connected(long datapathId) {}

    default void stateChanged(ChannelState state) {}
}
