package org.weft.bus.internal;

/** A received message that is not a valid envelope or whose body does not fit its method. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
