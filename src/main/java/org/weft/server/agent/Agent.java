package org.weft.server.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One agent the server has heard from: its kind and host (together unique), what it said about
 * itself in its last heartbeat, and what an administrator set on it.
 *
 * @param id the agent's id, given by the server on its first heartbeat
 * @param agentType {@code Open vSwitch agent}, {@code DHCP agent}, {@code L3 agent}, …
 * @param binary the program the agent runs as
 * @param topic the bus topic the agent listens on
 * @param host the host it runs on, as it names itself
 * @param adminStateUp whether an administrator lets the server use it
 * @param createdAt its first heartbeat
 * @param startedAt the last heartbeat that carried the start flag
 * @param heartbeatTimestamp its last heartbeat
 * @param description what an administrator wrote about it, if anything
 * @param configurations what the agent reports of its configuration and load
 * @param availabilityZone its zone, if it reports one
 * @param resourcesSynced whether its resources reached Placement; Weft has no Placement, so unknown
 */
public record Agent(
        AgentId id,
        String agentType,
        String binary,
        String topic,
        String host,
        boolean adminStateUp,
        Instant createdAt,
        Instant startedAt,
        Instant heartbeatTimestamp,
        Optional<String> description,
        Map<String, Object> configurations,
        Optional<String> availabilityZone,
        Optional<Boolean> resourcesSynced) {

    /** Whether a heartbeat came within {@code downTime} before {@code now}. */
    public boolean isAlive(Instant now, Duration downTime) {
        return !heartbeatTimestamp.isBefore(now.minus(downTime));
    }
}
