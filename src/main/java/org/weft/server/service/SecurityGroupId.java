package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a security group: a UUID in its lower-case text form. */
public record SecurityGroupId(String value) {
    public SecurityGroupId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("security group id must not be empty");
        }
    }

    public static SecurityGroupId random() {
        return new SecurityGroupId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static SecurityGroupId of(String value) {
        return new SecurityGroupId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
