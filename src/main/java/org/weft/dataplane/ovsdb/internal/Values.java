package org.weft.dataplane.ovsdb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.weft.dataplane.ovsdb.NamedUuid;

/**
 * OVSDB values (RFC 7047 §5.1) as Java values and back: strings, {@code Long}, {@code Double} and
 * {@code Boolean} atoms, {@link UUID} for {@code ["uuid", …]}, {@link NamedUuid} for {@code
 * ["named-uuid", …]}, a {@link Set} for {@code ["set", […]]} and a {@link Map} for {@code ["map",
 * [[k, v], …]]}. An empty {@link Optional} is the empty set, the way an optional column is cleared.
 */
public final class Values {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {}

    public static JsonNode encode(Object value) {
        return switch (value) {
            case String text -> NODES.textNode(text);
            case Long number -> NODES.numberNode(number);
            case Integer number -> NODES.numberNode(number.longValue());
            case Double number -> NODES.numberNode(number);
            case Boolean flag -> NODES.booleanNode(flag);
            case UUID uuid -> pair("uuid", NODES.textNode(uuid.toString()));
            case NamedUuid named -> pair("named-uuid", NODES.textNode(named.name()));
            case Optional<?> optional -> optional.map(Values::encode).orElseGet(Values::emptySet);
            case Collection<?> atoms -> encodeSet(atoms);
            case Map<?, ?> map -> encodeMap(map);
            default ->
                    throw new IllegalArgumentException(
                            "not an OVSDB value: " + value + " (" + value.getClass() + ")");
        };
    }

    private static JsonNode encodeSet(Collection<?> atoms) {
        ArrayNode elements = NODES.arrayNode();
        atoms.forEach(atom -> elements.add(encode(atom)));
        return pair("set", elements);
    }

    private static JsonNode encodeMap(Map<?, ?> map) {
        ArrayNode pairs = NODES.arrayNode();
        map.forEach(
                (key, value) -> pairs.add(NODES.arrayNode().add(encode(key)).add(encode(value))));
        return pair("map", pairs);
    }

    private static JsonNode emptySet() {
        return pair("set", NODES.arrayNode());
    }

    private static ArrayNode pair(String tag, JsonNode value) {
        return NODES.arrayNode().add(tag).add(value);
    }

    public static Object decode(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isArray() && node.size() == 2 && node.get(0).isTextual()) {
            return decodeTagged(node.get(0).asText(), node.get(1));
        }
        throw new IllegalArgumentException("not an OVSDB value: " + node);
    }

    private static Object decodeTagged(String tag, JsonNode value) {
        return switch (tag) {
            case "uuid" -> UUID.fromString(value.asText());
            case "named-uuid" -> new NamedUuid(value.asText());
            case "set" -> {
                Set<Object> atoms = new LinkedHashSet<>();
                value.forEach(atom -> atoms.add(decode(atom)));
                yield Set.copyOf(atoms);
            }
            case "map" -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                value.forEach(pair -> map.put(decode(pair.get(0)), decode(pair.get(1))));
                yield Map.copyOf(map);
            }
            default -> throw new IllegalArgumentException("unknown OVSDB value tag " + tag);
        };
    }
}
