package org.weft.dataplane.ovsdb.internal.wire;

/** A byte stream that is not a sequence of JSON texts; the connection cannot go on. */
public final class FramingException extends RuntimeException {
    public FramingException(String message) {
        super(message);
    }
}
