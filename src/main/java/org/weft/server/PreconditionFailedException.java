package org.weft.server;

/** An {@code If-Match} revision that no longer matches the resource. */
public final class PreconditionFailedException extends ApiException {
    public PreconditionFailedException(String type, String message) {
        super(412, type, message);
    }
}
