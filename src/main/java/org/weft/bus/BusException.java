package org.weft.bus;

/** A failure of the bus to deliver a message or its reply. */
public class BusException extends RuntimeException {
    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
