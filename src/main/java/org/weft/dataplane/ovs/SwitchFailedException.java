package org.weft.dataplane.ovs;

/** A private switch that did not start or stop as it should; the message names its log. */
public final class SwitchFailedException extends RuntimeException {
    public SwitchFailedException(String message) {
        super(message);
    }
}
