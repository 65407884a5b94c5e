package org.weft.server;

/**
 * A resource that does not exist, or that the caller may not see (the two look the same to the
 * caller).
 */
public final class NotFoundException extends ApiException {
    public NotFoundException(String type, String message) {
        super(404, type, message);
    }
}
