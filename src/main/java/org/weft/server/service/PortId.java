package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a port: a UUID in its lower-case text form. */
public record PortId(String value) {
    public PortId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("port id must not be empty");
        }
    }

    public static PortId random() {
        return new PortId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static PortId of(String value) {
        return new PortId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
