package org.weft.dataplane.ovsdb;

/**
 * Where a client's session with its server stands. The session moves {@code CONNECTING →
 * SYNCHRONIZING → ACTIVE}; a lost connection goes to {@code BACKING_OFF} and from there to {@code
 * CONNECTING} again; {@code CLOSED} is the end.
 */
public enum SessionState {
    /** Opening the connection. */
    CONNECTING,
    /** Connected; the monitors are being set up and the replica rebuilt. */
    SYNCHRONIZING,
    /** Connected with an up-to-date replica: transactions go through. */
    ACTIVE,
    /** The connection failed or was lost; waiting before the next attempt. */
    BACKING_OFF,
    /** Closed by its owner. */
    CLOSED
}
