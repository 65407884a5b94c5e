package org.weft.server.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A project (tenant) that owns resources; Keystone's project id, or any text under noauth. */
public record ProjectId(String value) {
    public ProjectId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("project id must not be empty");
        }
    }

    @JsonCreator
    public static ProjectId of(String value) {
        return new ProjectId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
