package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a floating IP: a UUID in its lower-case text form. */
public record FloatingIpId(String value) {
    public FloatingIpId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("floating IP id must not be empty");
        }
    }

    public static FloatingIpId random() {
        return new FloatingIpId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static FloatingIpId of(String value) {
        return new FloatingIpId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
