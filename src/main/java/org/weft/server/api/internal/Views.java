package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.ResourceSpec;
import org.weft.server.policy.Access;
import org.weft.server.policy.Caller;
import org.weft.store.Documents;

/**
 * How a stored document is shown to a caller: administrators see it as stored; others without the
 * attributes only administrators may see; {@code fields=} keeps only the fields asked for.
 */
public final class Views {
    private final ResourceSpec spec;
    private final List<String> hidden;

    public Views(ResourceSpec spec) {
        this.spec = spec;
        List<String> adminOnly = new java.util.ArrayList<>();
        for (AttributeSpec attribute : spec.attributes()) {
            if (attribute.read() == Access.ADMIN) {
                adminOnly.add(attribute.name());
            }
        }
        this.hidden = List.copyOf(adminOnly);
    }

    /** Whether the stored text can be sent as it is. */
    public boolean isVerbatim(Caller caller, Set<String> fields) {
        return fields.isEmpty() && (caller.admin() || hidden.isEmpty());
    }

    /** The document as {@code caller} may see it, with only {@code fields} when any are given. */
    public ObjectNode shown(Caller caller, ObjectNode document, Set<String> fields) {
        if (!caller.admin()) {
            document.remove(hidden);
        }
        if (!fields.isEmpty()) {
            document.retain(fields);
        }
        return document;
    }

    /**
     * Writes a list body: {@code {"networks": [...], "networks_links": [...]}}. Documents an
     * administrator may see whole are copied as stored, with no JSON work at all: turning the
     * stored text into UTF-8 is nearly a plain copy for ASCII text, which is what most of a
     * 10,000-port list costs otherwise.
     */
    public byte[] list(
            Caller caller, List<String> documents, Set<String> fields, List<ObjectNode> links) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + documents.size() * 800);
        boolean verbatim = isVerbatim(caller, fields);
        out.writeBytes(("{\"" + spec.listKey() + "\": [").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String document = documents.get(i);
            if (verbatim) {
                out.writeBytes(document.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(json(shown(caller, Documents.tree(document), fields)));
            }
        }
        out.write(']');
        if (!links.isEmpty()) {
            out.writeBytes(
                    (", \"" + spec.listKey() + "_links\": ").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(json(Documents.MAPPER.valueToTree(links)));
        }
        out.write('}');
        return out.toByteArray();
    }

    private static byte[] json(JsonNode node) {
        try {
            return Documents.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A single resource's body: {@code {"network": {...}}}. */
    public ObjectNode member(Caller caller, ObjectNode document, Set<String> fields) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set(spec.name(), shown(caller, document, fields));
        return body;
    }

    /** A create's body, in the reference's key order for creates where it has one. */
    public ObjectNode created(Caller caller, ObjectNode document) {
        boolean createOrder = spec.createOrderApplies(document);
        ObjectNode shown = shown(caller, document, Set.of());
        if (!createOrder) {
            return member(caller, shown, Set.of());
        }
        ObjectNode ordered = Documents.MAPPER.createObjectNode();
        for (String key : spec.createOrder()) {
            JsonNode value = shown.has(key) ? shown.get(key) : spec.createExtras().get(key);
            if (value != null) {
                ordered.set(key, value);
            }
        }
        for (Map.Entry<String, JsonNode> entry : shown.properties()) {
            if (!ordered.has(entry.getKey())) {
                ordered.set(entry.getKey(), entry.getValue());
            }
        }
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set(spec.name(), ordered);
        return body;
    }
}
