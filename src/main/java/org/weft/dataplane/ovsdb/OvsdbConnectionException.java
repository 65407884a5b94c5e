package org.weft.dataplane.ovsdb;

/**
 * No connection to the server, or it was lost before the reply came; a transaction sent may or may
 * not have been committed, so the caller reads the database again (resyncs) before retrying.
 */
public final class OvsdbConnectionException extends OvsdbException {
    public OvsdbConnectionException(String message) {
        super(message);
    }

    public OvsdbConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
