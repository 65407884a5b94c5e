package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON values the way Python's {@code str()} writes the decoded value, because Neutron's
 * error messages quote values that way ({@code 'None' cannot be converted to boolean}) and clients
 * compare error texts.
 */
public final class PythonText {
    private PythonText() {}

    /** {@code str(value)}: strings bare, {@code None}, {@code True}, lists and dicts as repr. */
    public static String str(JsonNode value) {
        return value.isTextual() ? value.asText() : repr(value);
    }

    /** {@code repr(value)}: strings quoted. */
    public static String repr(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        if (value.isTextual()) {
            return "'" + value.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(repr(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isObject()) {
            List<String> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                entries.add("'" + entry.getKey() + "': " + repr(entry.getValue()));
            }
            return "{" + String.join(", ", entries) + "}";
        }
        return value.asText();
    }
}
