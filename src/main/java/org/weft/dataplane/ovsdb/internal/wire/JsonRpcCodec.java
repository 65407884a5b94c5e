package org.weft.dataplane.ovsdb.internal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns JSON-RPC messages into bytes and back, with Jackson. A message is an object with {@code
 * method}, {@code params} and {@code id} (request; id null for a notification) or with {@code
 * result}, {@code error} and {@code id} (response).
 */
public final class JsonRpcCodec {
    private final ObjectMapper json;

    public JsonRpcCodec(ObjectMapper json) {
        this.json = json;
    }

    public ObjectMapper json() {
        return json;
    }

    public byte[] encode(JsonRpcMessage message) {
        ObjectNode node = json.createObjectNode();
        switch (message) {
            case JsonRpcMessage.Request request -> {
                node.put("method", request.method());
                node.set("params", request.params());
                node.set("id", request.id());
            }
            case JsonRpcMessage.Notification notification -> {
                node.put("method", notification.method());
                node.set("params", notification.params());
                node.set("id", NullNode.getInstance());
            }
            case JsonRpcMessage.Response response -> {
                node.set("result", orNull(response.result()));
                node.set("error", orNull(response.error()));
                node.set("id", response.id());
            }
        }
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonRpcMessage decode(JsonStreamFramer.Frame frame) {
        JsonNode node;
        try {
            node = json.readTree(frame.bytes(), frame.offset(), frame.length());
        } catch (IOException e) {
            throw new FramingException("message is not JSON: " + e.getMessage());
        }
        return decode(node);
    }

    public JsonRpcMessage decode(JsonNode node) {
        if (!node.isObject()) {
            throw new FramingException("message is not a JSON object: " + abbreviate(node));
        }
        JsonNode id = node.path("id");
        if (node.has("method")) {
            String method = node.get("method").asText();
            JsonNode params = node.path("params");
            if (id.isMissingNode() || id.isNull()) {
                return new JsonRpcMessage.Notification(method, params);
            }
            return new JsonRpcMessage.Request(id, method, params);
        }
        if (node.has("result") || node.has("error")) {
            return new JsonRpcMessage.Response(id, node.path("result"), node.path("error"));
        }
        throw new FramingException("message is neither request nor response: " + abbreviate(node));
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
