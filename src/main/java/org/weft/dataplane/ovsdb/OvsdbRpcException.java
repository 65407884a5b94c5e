package org.weft.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server refused a whole request (RFC 7047 §4.1: the response's {@code error} is set), such as
 * a transaction on an unknown database or a malformed operation.
 */
public final class OvsdbRpcException extends OvsdbException {
    private final String error;
    private final String details;

    public OvsdbRpcException(String method, JsonNode error) {
        super(method + " failed: " + describe(error));
        this.error = error.isObject() ? error.path("error").asText() : error.asText();
        this.details = error.path("details").asText("");
    }

    private static String describe(JsonNode error) {
        if (!error.isObject()) {
            return error.asText();
        }
        String details = error.path("details").asText("");
        return error.path("error").asText() + (details.isEmpty() ? "" : ": " + details);
    }

    public String error() {
        return error;
    }

    public String details() {
        return details;
    }
}
