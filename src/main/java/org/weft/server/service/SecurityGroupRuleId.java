package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The id of a security group rule: a UUID in its lower-case text form. */
public record SecurityGroupRuleId(String value) {
    public SecurityGroupRuleId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("security group rule id must not be empty");
        }
    }

    public static SecurityGroupRuleId random() {
        return new SecurityGroupRuleId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static SecurityGroupRuleId of(String value) {
        return new SecurityGroupRuleId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
