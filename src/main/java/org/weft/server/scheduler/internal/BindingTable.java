package org.weft.server.scheduler.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.weft.server.agent.AgentId;
import org.weft.store.Transaction;

/**
 * One table of bindings between resources (networks, routers) and the agents that host them; the
 * primary key on both columns makes binding twice a no-op, also between servers.
 */
public final class BindingTable {
    /** Networks to DHCP agents. */
    public static final BindingTable DHCP =
            new BindingTable("network_dhcp_agent_bindings", "network_id", "dhcp_agent_id");

    /** Routers to L3 agents. */
    public static final BindingTable L3 =
            new BindingTable("router_l3_agent_bindings", "router_id", "l3_agent_id");

    private final String table;
    private final String resourceColumn;
    private final String agentColumn;

    private BindingTable(String table, String resourceColumn, String agentColumn) {
        this.table = table;
        this.resourceColumn = resourceColumn;
        this.agentColumn = agentColumn;
    }

    /** One binding: a resource's id and its agent's. */
    public record Binding(String resourceId, AgentId agentId) {}

    /** Binds; false when the binding was there already. */
    public boolean bind(Transaction tx, String resourceId, AgentId agent) {
        return tx.insertUnlessDuplicate(
                "INSERT INTO "
                        + table
                        + " ("
                        + resourceColumn
                        + ", "
                        + agentColumn
                        + ")"
                        + " VALUES (?, ?)",
                resourceId,
                agent.value());
    }

    /** Unbinds; false when there was no such binding. */
    public boolean unbind(Transaction tx, String resourceId, AgentId agent) {
        return tx.update(
                        "DELETE FROM "
                                + table
                                + " WHERE "
                                + resourceColumn
                                + " = ? AND "
                                + agentColumn
                                + " = ?",
                        resourceId,
                        agent.value())
                > 0;
    }

    public List<String> resourcesOf(Transaction tx, AgentId agent) {
        return tx.query(
                "SELECT "
                        + resourceColumn
                        + " FROM "
                        + table
                        + " WHERE "
                        + agentColumn
                        + " = ? ORDER BY "
                        + resourceColumn,
                row -> row.getString(1),
                agent.value());
    }

    public List<AgentId> agentsOf(Transaction tx, String resourceId) {
        return tx.query(
                "SELECT "
                        + agentColumn
                        + " FROM "
                        + table
                        + " WHERE "
                        + resourceColumn
                        + " = ? ORDER BY "
                        + agentColumn,
                row -> new AgentId(row.getString(1)),
                resourceId);
    }

    public List<Binding> all(Transaction tx) {
        return tx.query(
                "SELECT " + resourceColumn + ", " + agentColumn + " FROM " + table,
                row -> new Binding(row.getString(1), new AgentId(row.getString(2))));
    }

    /** How many resources each agent that hosts any hosts. */
    public Map<AgentId, Integer> loads(Transaction tx) {
        Map<AgentId, Integer> loads = new HashMap<>();
        tx.forEach(
                "SELECT " + agentColumn + ", COUNT(*) FROM " + table + " GROUP BY " + agentColumn,
                row -> loads.put(new AgentId(row.getString(1)), row.getInt(2)));
        return loads;
    }
}
