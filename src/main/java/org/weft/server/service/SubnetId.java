package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a subnet: a UUID in its lower-case text form. */
public record SubnetId(String value) {
    public SubnetId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("subnet id must not be empty");
        }
    }

    public static SubnetId random() {
        return new SubnetId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static SubnetId of(String value) {
        return new SubnetId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
