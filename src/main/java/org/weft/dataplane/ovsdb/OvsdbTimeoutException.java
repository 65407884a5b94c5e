package org.weft.dataplane.ovsdb;

/** No reply came within the request timeout; the request may still be carried out. */
public final class OvsdbTimeoutException extends OvsdbException {
    public OvsdbTimeoutException(String message) {
        super(message);
    }
}
