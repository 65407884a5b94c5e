package org.weft.server;

/** A request the policy does not allow this caller, on a resource the caller may see. */
public final class ForbiddenException extends ApiException {
    public ForbiddenException(String type, String message) {
        super(403, type, message);
    }
}
