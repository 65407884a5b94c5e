package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.weft.server.Errors;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.ResourceSpec;
import org.weft.server.service.Attributes;

/**
 * Reads the body of a create or update in Neutron's order of checks: the resource's key, unknown
 * attributes, attributes the operation may not set, required ones missing, then each value's
 * conversion and validation in attribute-map order.
 */
public final class Bodies {
    private Bodies() {}

    /** The attributes of a create's body. */
    public static Attributes forCreate(ResourceSpec spec, JsonNode body) {
        ObjectNode values = member(spec, body);
        rejectUnknown(spec, values);
        for (AttributeSpec attribute : spec.attributes()) {
            if (!attribute.allowPost() && values.has(attribute.name())) {
                throw Errors.badRequest("Attribute '" + attribute.name() + "' not allowed in POST");
            }
            if (attribute.isRequired() && !values.has(attribute.name())) {
                throw Errors.badRequest(
                        "Failed to parse request. Required attribute '"
                                + attribute.name()
                                + "' not specified");
            }
        }
        return Attributes.of(convert(spec, values));
    }

    /** The attributes of an update's body. */
    public static Attributes forUpdate(ResourceSpec spec, JsonNode body) {
        ObjectNode values = member(spec, body);
        rejectUnknown(spec, values);
        for (AttributeSpec attribute : spec.attributes()) {
            if (!attribute.allowPut() && values.has(attribute.name())) {
                throw Errors.badRequest("Cannot update read-only attribute " + attribute.name());
            }
        }
        return Attributes.of(convert(spec, values));
    }

    /** The object under the resource's key: {@code {"network": {...}}}. */
    public static ObjectNode member(ResourceSpec spec, JsonNode body) {
        if (!body.isObject()) {
            throw Errors.badRequest("Body contains invalid data");
        }
        if (body.has(spec.listKey())) {
            throw Errors.badRequest("Bulk operation not supported");
        }
        JsonNode member = body.get(spec.name());
        if (member == null || member.isNull()) {
            throw Errors.badRequest("Unable to find '" + spec.name() + "' in request body");
        }
        if (!member.isObject()) {
            throw Errors.badRequest("Object '" + spec.name() + "' contains invalid data");
        }
        return (ObjectNode) member;
    }

    private static void rejectUnknown(ResourceSpec spec, ObjectNode values) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = values.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (spec.attribute(name).isEmpty()) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw Errors.badRequest(
                    "Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
    }

    private static ObjectNode convert(ResourceSpec spec, ObjectNode values) {
        ObjectNode converted = values.objectNode();
        for (AttributeSpec attribute : spec.attributes()) {
            JsonNode value = values.get(attribute.name());
            if (value != null) {
                converted.set(
                        attribute.name(), attribute.validator().apply(attribute.name(), value));
            }
        }
        return converted;
    }
}
