package org.weft.dataplane.openflow;

/**
 * No channel to the bridge, or it was lost before the answer came; what was sent may or may not
 * have been applied, so the caller reads the flows again (resyncs).
 */
public final class OpenFlowConnectionException extends OpenFlowException {
    public OpenFlowConnectionException(String message) {
        super(message);
    }
}
