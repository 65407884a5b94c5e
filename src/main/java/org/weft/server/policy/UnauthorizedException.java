package org.weft.server.policy;

import org.weft.server.ApiException;

/**
 * A request without a valid token: 401, with the {@code WWW-Authenticate} challenge that tells the
 * client where to get one, as Keystone's middleware words it.
 */
public final class UnauthorizedException extends ApiException {
    private final String challenge;

    public UnauthorizedException(String message, String challenge) {
        super(401, "HTTPUnauthorized", message);
        this.challenge = challenge;
    }

    /** The value of {@code WWW-Authenticate}. */
    public String challenge() {
        return challenge;
    }
}
