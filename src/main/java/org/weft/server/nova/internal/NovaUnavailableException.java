package org.weft.server.nova.internal;

/** Keystone or Nova could not take the events now; the notifier retries a few times. */
public final class NovaUnavailableException extends RuntimeException {
    public NovaUnavailableException(String message) {
        super(message);
    }
}
