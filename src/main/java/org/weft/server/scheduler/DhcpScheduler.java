package org.weft.server.scheduler;

import java.util.List;
import org.weft.bus.Bus;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.DhcpMessages;
import org.weft.config.Config;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.server.agent.AgentRegistry;
import org.weft.server.policy.Caller;
import org.weft.server.scheduler.internal.BindingTable;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.Network;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Services;
import org.weft.server.service.Subnet;
import org.weft.store.Transaction;

/**
 * Networks placed on DHCP agents: each network with a DHCP-enabled subnet is hosted by {@code
 * dhcp_agents_per_network} agents, placed when such a subnet appears, when an agent arrives and by
 * the periodic sweep, and moved away from agents that stopped heartbeating ({@code
 * allow_automatic_dhcp_failover}). An agent is told with {@code network_create_end} (cast to its
 * host) when it gains a network and {@code network_delete_end} when it loses one. Administrators
 * list, add and remove networks of an agent through the {@code dhcp_agent_scheduler} extension.
 *
 * <p>A network taken from a dead agent leaves that agent's DHCP port (and its address) behind: the
 * agent releases it when it comes back and resyncs, and a port of an agent that never comes back
 * stays until an administrator deletes it. Neutron instead marks such a port reserved and gives it
 * to the next agent; here the next agent makes a port of its own.
 */
public final class DhcpScheduler extends AgentScheduler implements ChangeListener {
    private final Services services;
    private final int agentsPerNetwork;

    public DhcpScheduler(
            Services services,
            AgentRegistry registry,
            int agentsPerNetwork,
            String placement,
            boolean autoSchedule,
            boolean failover) {
        super(
                "network",
                services.store(),
                registry,
                BindingTable.DHCP,
                AgentMessages.DHCP_AGENT,
                placement,
                autoSchedule,
                failover);
        this.services = services;
        this.agentsPerNetwork = agentsPerNetwork;
    }

    /** The scheduler {@code config}'s {@code [DEFAULT]} settings describe. */
    public static DhcpScheduler of(Services services, AgentRegistry registry, Config config) {
        return new DhcpScheduler(
                services,
                registry,
                config.get(SchedulerOptions.DHCP_AGENTS_PER_NETWORK),
                config.get(SchedulerOptions.NETWORK_SCHEDULER_DRIVER),
                config.get(SchedulerOptions.NETWORK_AUTO_SCHEDULE),
                config.get(SchedulerOptions.ALLOW_AUTOMATIC_DHCP_FAILOVER));
    }

    @Override
    protected boolean countsOnlyLiveAgents() {
        return true;
    }

    @Override
    protected int agentsWanted() {
        return agentsPerNetwork;
    }

    @Override
    protected List<String> resourcesWantingAgents(Transaction tx) {
        return services.subnets().kind().table().where(tx, "enable_dhcp = ?", true).stream()
                .map(subnet -> subnet.networkId().value())
                .distinct()
                .toList();
    }

    @Override
    protected boolean wantsAgents(Transaction tx, String networkId) {
        return services.subnets().onNetwork(tx, NetworkId.of(networkId)).stream()
                .anyMatch(Subnet::enableDhcp);
    }

    @Override
    protected boolean accepts(Transaction tx, Agent agent, String networkId) {
        return true;
    }

    @Override
    protected void tellAdded(Bus bus, String host, String networkId) {
        bus.cast(Topics.NETWORK_CREATE_END, host, new DhcpMessages.NetworkEvent(networkId));
    }

    @Override
    protected void tellRemoved(Bus bus, String host, String networkId) {
        bus.cast(Topics.NETWORK_DELETE_END, host, new DhcpMessages.NetworkEvent(networkId));
    }

    @Override
    public void subnetChanged(Change<Subnet> change) {
        if (change.kind() != Change.Kind.DELETED && change.latest().enableDhcp()) {
            String networkId = change.latest().networkId().value();
            later(() -> schedule(networkId));
        }
    }

    /** The networks {@code agentId} hosts ({@code GET /v2.0/agents/{id}/dhcp-networks}). */
    public List<Network> networksOf(Caller caller, AgentId agentId) {
        requireAdmin(caller, "rule:get_dhcp-networks");
        return store.inTransaction(
                tx -> {
                    requireAgent(tx, agentId);
                    return hostedBy(tx, agentId).stream()
                            .map(id -> services.networks().kind().table().find(tx, id))
                            .flatMap(java.util.Optional::stream)
                            .toList();
                });
    }

    /** The DHCP agents hosting a network ({@code GET /v2.0/networks/{id}/dhcp-agents}). */
    public List<Agent> agentsOf(Caller caller, NetworkId networkId) {
        requireAdmin(caller, "rule:get_dhcp-agents");
        return hostingAgents(networkId.value());
    }

    /** Adds a network to a DHCP agent ({@code POST /v2.0/agents/{id}/dhcp-networks}). */
    public void add(Caller caller, AgentId agentId, NetworkId networkId) {
        requireAdmin(caller, "rule:create_dhcp-network");
        store.inTransaction(
                tx -> {
                    services.networks().require(tx, Caller.service(), networkId);
                    Agent agent = requireAgent(tx, agentId);
                    if (!agent.agentType().equals(AgentMessages.DHCP_AGENT)
                            || !agent.adminStateUp()) {
                        throw new NotFoundException(
                                "InvalidDHCPAgent",
                                "Agent "
                                        + agentId
                                        + " is not a valid DHCP Agent or has been disabled.");
                    }
                    if (hostedBy(tx, agentId).contains(networkId.value())) {
                        throw new ConflictException(
                                "NetworkHostedByDHCPAgent",
                                "The network "
                                        + networkId
                                        + " has been already hosted by the DHCP Agent "
                                        + agentId
                                        + ".");
                    }
                    bind(tx, agent, networkId.value());
                    return null;
                });
    }

    /** Removes a network from a DHCP agent ({@code DELETE .../dhcp-networks/{network_id}}). */
    public void remove(Caller caller, AgentId agentId, NetworkId networkId) {
        requireAdmin(caller, "rule:delete_dhcp-network");
        store.inTransaction(
                tx -> {
                    Agent agent = requireAgent(tx, agentId);
                    if (!unbind(tx, agent, networkId.value())) {
                        throw new ConflictException(
                                "NetworkNotHostedByDhcpAgent",
                                "The network "
                                        + networkId
                                        + " is not hosted by the DHCP Agent "
                                        + agentId
                                        + ".");
                    }
                    return null;
                });
    }

    static void requireAdmin(Caller caller, String rule) {
        if (!caller.admin()) {
            throw Errors.policy(rule);
        }
    }

    Agent requireAgent(Transaction tx, AgentId agentId) {
        return registry.find(tx, agentId).orElseThrow(() -> AgentRegistry.notFound(agentId));
    }
}
