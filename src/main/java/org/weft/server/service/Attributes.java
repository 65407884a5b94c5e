package org.weft.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes of a create or update request, already checked and converted by the API's
 * attribute rules (or built by Weft's own code): names as Neutron's, values in their canonical JSON
 * form. An attribute that is absent is left as it is (update) or takes its default (create).
 */
public final class Attributes {
    private final ObjectNode values;

    private Attributes(ObjectNode values) {
        this.values = values;
    }

    public static Attributes of(ObjectNode values) {
        return new Attributes(values.deepCopy());
    }

    public static Attributes empty() {
        return new Attributes(JsonNodeFactory.instance.objectNode());
    }

    /** A copy with {@code name} set to {@code value}. */
    public Attributes with(String name, Object value) {
        ObjectNode copy = values.deepCopy();
        copy.set(name, org.weft.store.Documents.MAPPER.valueToTree(value));
        return new Attributes(copy);
    }

    public boolean has(String name) {
        return values.has(name);
    }

    public Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        values.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The value of {@code name}; JSON null when given as null; empty when absent. */
    public Optional<JsonNode> node(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Optional<String> string(String name) {
        JsonNode node = values.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    public String string(String name, String otherwise) {
        return string(name).orElse(otherwise);
    }

    public boolean bool(String name, boolean otherwise) {
        JsonNode node = values.get(name);
        return node == null || node.isNull() ? otherwise : node.asBoolean();
    }

    public Optional<Integer> integer(String name) {
        JsonNode node = values.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asInt());
    }

    /** Whether {@code name} is given explicitly as JSON null. */
    public boolean isNull(String name) {
        JsonNode node = values.get(name);
        return node != null && node.isNull();
    }

    public List<String> strings(String name) {
        List<String> items = new ArrayList<>();
        JsonNode node = values.get(name);
        if (node != null && node.isArray()) {
            node.forEach(item -> items.add(item.asText()));
        }
        return items;
    }

    public ObjectNode asJson() {
        return values.deepCopy();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
