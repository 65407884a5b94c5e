package org.weft.server.agent;

import java.util.UUID;

/** An agent's id: a UUID the server gives it on its first heartbeat. */
public record AgentId(String value) {
    public AgentId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("agent id must not be empty");
        }
    }

    public static AgentId random() {
        return new AgentId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
