package org.weft.bus.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.weft.bus.BusException;
import org.weft.bus.MessageVersion;
import org.weft.bus.RemoteCallException;
import org.weft.bus.RpcMethod;

/**
 * Weft's wire format for bus messages, JSON in UTF-8. A request (call, cast or fanout):
 *
 * <pre>
 * {"version": "1.0", "topic": "q-plugin", "method": "get_device_details", "body": {...}}
 * </pre>
 *
 * and the reply to a call, either
 *
 * <pre>
 * {"version": "1.0", "result": {...}}
 * {"version": "1.0", "failure": {"type": "NotFoundException", "message": "port 42 not found"}}
 * </pre>
 *
 * Bodies are the method's records with snake_case field names. Unknown fields are ignored and
 * missing ones arrive as nulls (or zeros and falses), so a field can be added in a minor version
 * without breaking older peers.
 */
public final class MessageCodec {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .defaultPropertyInclusion(
                            JsonInclude.Value.construct(
                                    JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
                    .build();

    private MessageCodec() {}

    /** The mapper messages are written and read with, for code that stores them as JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A request as received: its envelope read, its body still JSON. */
    public record Request(MessageVersion version, String topic, String method, JsonNode body) {
        /** {@code topic.method}, as logs name it. */
        public String name() {
            return topic + "." + method;
        }
    }

    public static byte[] encodeRequest(
            String topic, String method, MessageVersion version, Object body) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", version.toString());
        envelope.put("topic", topic);
        envelope.put("method", method);
        envelope.set("body", MAPPER.valueToTree(body));
        return write(envelope);
    }

    public static Request decodeRequest(byte[] bytes) throws MalformedMessageException {
        JsonNode envelope = readTree(bytes);
        String version = text(envelope, "version");
        String topic = text(envelope, "topic");
        String method = text(envelope, "method");
        JsonNode body = envelope.get("body");
        if (body == null || !body.isObject()) {
            throw new MalformedMessageException("message has no object 'body'");
        }
        try {
            return new Request(MessageVersion.parse(version), topic, method, body);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /** Reads a request's body as {@code type}. */
    public static <T> T decodeBody(JsonNode body, Class<T> type) throws MalformedMessageException {
        try {
            return MAPPER.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(
                    "body is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(
                    "body is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encodeResult(MessageVersion version, Object result) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", version.toString());
        envelope.set("result", MAPPER.valueToTree(result));
        return write(envelope);
    }

    public static byte[] encodeFailure(String type, String message) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", "1.0");
        ObjectNode failure = envelope.putObject("failure");
        failure.put("type", type);
        failure.put("message", message);
        return write(envelope);
    }

    /**
     * Reads the reply to {@code method}.
     *
     * @throws RemoteCallException when the reply reports a failure
     * @throws BusException when the reply cannot be read
     */
    public static <R> R decodeReply(RpcMethod<?, R> method, byte[] bytes) {
        try {
            JsonNode envelope = readTree(bytes);
            JsonNode failure = envelope.get("failure");
            if (failure != null) {
                throw new RemoteCallException(
                        method.toString(),
                        failure.path("type").asText("unknown"),
                        failure.path("message").asText(""));
            }
            JsonNode result = envelope.get("result");
            if (result == null) {
                throw new MalformedMessageException("reply has neither 'result' nor 'failure'");
            }
            return decodeBody(result, method.replyType());
        } catch (MalformedMessageException e) {
            throw new BusException("unreadable reply to " + method + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(byte[] bytes) throws MalformedMessageException {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new MalformedMessageException("message is not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new MalformedMessageException("message is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode envelope, String field) throws MalformedMessageException {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedMessageException("message has no text '" + field + "'");
        }
        return value.asText();
    }

    private static byte[] write(JsonNode envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e, e);
        }
    }
}
