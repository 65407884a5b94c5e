package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a router: a UUID in its lower-case text form. */
public record RouterId(String value) {
    public RouterId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("router id must not be empty");
        }
    }

    public static RouterId random() {
        return new RouterId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static RouterId of(String value) {
        return new RouterId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
