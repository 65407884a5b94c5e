package org.weft.server.policy;

import org.weft.server.ApiException;

/** Keystone could not be asked about a token: 503, the client may try again. */
public final class IdentityUnavailableException extends ApiException {
    public IdentityUnavailableException(String message) {
        super(503, "HTTPServiceUnavailable", message);
    }
}
