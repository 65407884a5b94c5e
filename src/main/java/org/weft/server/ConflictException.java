package org.weft.server;

/**
 * A request that clashes with the current state: an address in use, a pool exhausted, a network
 * still in use, a quota reached.
 */
public final class ConflictException extends ApiException {
    public ConflictException(String type, String message) {
        super(409, type, message);
    }
}
