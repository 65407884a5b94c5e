package org.weft.dataplane.openflow;

/**
 * Where an OpenFlow channel stands: {@code CONNECTING → AWAITING_HELLO → AWAITING_FEATURES →
 * ACTIVE}; a failure on the way or a lost connection goes to {@code BACKING_OFF}, then to {@code
 * CONNECTING} again; {@code CLOSED} is the end.
 */
public enum ChannelState {
    CONNECTING,
    /** Our hello is sent; waiting for the switch's, to agree on OpenFlow 1.4. */
    AWAITING_HELLO,
    /** Waiting for the features reply that names the bridge's datapath. */
    AWAITING_FEATURES,
    ACTIVE,
    BACKING_OFF,
    CLOSED
}
