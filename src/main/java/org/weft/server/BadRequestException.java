package org.weft.server;

/**
 * A request whose content is wrong: a value of the wrong type or out of range, an attribute that
 * does not exist, a combination that makes no sense.
 */
public final class BadRequestException extends ApiException {
    public BadRequestException(String type, String message) {
        super(400, type, message);
    }
}
