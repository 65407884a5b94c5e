package org.weft.dataplane.openflow;

/** Something went wrong talking OpenFlow to a bridge; subclasses say what. */
public class OpenFlowException extends RuntimeException {
    public OpenFlowException(String message) {
        super(message);
    }
}
