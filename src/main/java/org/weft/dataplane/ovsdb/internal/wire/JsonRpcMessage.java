package org.weft.dataplane.ovsdb.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A JSON-RPC 1.0 message as RFC 7047 §4 uses them: a request (with an id), its response, or a
 * notification (a request whose id is null, such as {@code update}).
 */
public sealed interface JsonRpcMessage {

    /** A call that expects a response with the same id. */
    record Request(JsonNode id, String method, JsonNode params) implements JsonRpcMessage {}

    /** The answer to a request: {@code error} is JSON null on success. */
    record Response(JsonNode id, JsonNode result, JsonNode error) implements JsonRpcMessage {
        public boolean failed() {
            return error != null && !error.isNull();
        }

        public static Response success(JsonNode id, JsonNode result) {
            return new Response(id, result, NullNode.getInstance());
        }
    }

    /** A request that expects no response. */
    record Notification(String method, JsonNode params) implements JsonRpcMessage {}
}
