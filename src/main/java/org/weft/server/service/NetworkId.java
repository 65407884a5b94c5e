package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a network: a UUID in its lower-case text form. */
public record NetworkId(String value) {
    public NetworkId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("network id must not be empty");
        }
    }

    public static NetworkId random() {
        return new NetworkId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static NetworkId of(String value) {
        return new NetworkId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
