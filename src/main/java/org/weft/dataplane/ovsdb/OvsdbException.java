package org.weft.dataplane.ovsdb;

/** Something went wrong talking to an OVSDB server; subclasses say what. */
public class OvsdbException extends RuntimeException {
    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
