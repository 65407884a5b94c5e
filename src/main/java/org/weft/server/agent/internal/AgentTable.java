package org.weft.server.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.store.Documents;
import org.weft.store.StoreException;
import org.weft.store.Transaction;

/** The {@code agents} table: one row per agent type and host. */
public final class AgentTable {
    private static final String COLUMNS =
            "id, agent_type, agent_binary, topic, host, admin_state_up, created_at, started_at,"
                    + " heartbeat_timestamp, description, configurations, availability_zone,"
                    + " resources_synced";
    private static final TypeReference<Map<String, Object>> CONFIGURATIONS =
            new TypeReference<>() {};

    private AgentTable() {}

    /** Timestamps are kept in whole seconds, so that their text sorts as they do. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    public static Optional<Agent> find(Transaction tx, AgentId id) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM agents WHERE id = ?", AgentTable::agent, id.value());
    }

    public static Optional<Agent> find(Transaction tx, String agentType, String host) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM agents WHERE agent_type = ? AND host = ?",
                AgentTable::agent,
                agentType,
                host);
    }

    public static List<Agent> all(Transaction tx) {
        return tx.query("SELECT " + COLUMNS + " FROM agents ORDER BY id", AgentTable::agent);
    }

    /** Inserts {@code agent}; false when another server inserted its type and host first. */
    public static boolean insert(Transaction tx, Agent agent) {
        return tx.insertUnlessDuplicate(
                "INSERT INTO agents ("
                        + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                agent.id().value(),
                agent.agentType(),
                agent.binary(),
                agent.topic(),
                agent.host(),
                agent.adminStateUp(),
                text(agent.createdAt()),
                text(agent.startedAt()),
                text(agent.heartbeatTimestamp()),
                agent.description().orElse(null),
                json(agent.configurations()),
                agent.availabilityZone().orElse(null),
                agent.resourcesSynced().orElse(null));
    }

    /** Records a heartbeat: what the agent says now, and when; its start too if it says so. */
    public static void recordHeartbeat(Transaction tx, AgentId id, AgentState state, Instant now) {
        String at = text(now);
        tx.update(
                "UPDATE agents SET agent_binary = ?, topic = ?, heartbeat_timestamp = ?,"
                        + " configurations = ?, availability_zone = ?,"
                        + " started_at = CASE WHEN ? THEN ? ELSE started_at END"
                        + " WHERE id = ?",
                state.binary(),
                state.topic(),
                at,
                json(state.configurations()),
                state.availabilityZone(),
                state.startFlag(),
                at,
                id.value());
    }

    public static void update(Transaction tx, Agent agent) {
        tx.update(
                "UPDATE agents SET admin_state_up = ?, description = ? WHERE id = ?",
                agent.adminStateUp(),
                agent.description().orElse(null),
                agent.id().value());
    }

    public static boolean delete(Transaction tx, AgentId id) {
        return tx.update("DELETE FROM agents WHERE id = ?", id.value()) > 0;
    }

    private static Agent agent(ResultSet row) throws SQLException {
        Object synced = row.getObject("resources_synced");
        return new Agent(
                new AgentId(row.getString("id")),
                row.getString("agent_type"),
                row.getString("agent_binary"),
                row.getString("topic"),
                row.getString("host"),
                row.getBoolean("admin_state_up"),
                Instant.parse(row.getString("created_at")),
                Instant.parse(row.getString("started_at")),
                Instant.parse(row.getString("heartbeat_timestamp")),
                Optional.ofNullable(row.getString("description")),
                configurations(row.getString("configurations")),
                Optional.ofNullable(row.getString("availability_zone")),
                synced == null
                        ? Optional.empty()
                        : Optional.of(row.getBoolean("resources_synced")));
    }

    private static String text(Instant instant) {
        return stored(instant).toString();
    }

    private static String json(Map<String, Object> configurations) {
        return Documents.write(configurations);
    }

    private static Map<String, Object> configurations(String text) {
        try {
            return Documents.MAPPER.readValue(text, CONFIGURATIONS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored configurations are not a JSON object", e);
        }
    }
}
