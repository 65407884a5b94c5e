package org.weft.server.scheduler;

import java.util.List;
import java.util.Optional;
import org.weft.bus.Bus;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.L3Messages;
import org.weft.config.Config;
import org.weft.server.ConflictException;
import org.weft.server.NotFoundException;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.server.agent.AgentRegistry;
import org.weft.server.policy.Caller;
import org.weft.server.scheduler.internal.BindingTable;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.Router;
import org.weft.server.service.RouterId;
import org.weft.server.service.Services;
import org.weft.server.service.StandardResource;
import org.weft.store.Transaction;

/**
 * Routers placed on L3 agents, one agent per router (Weft's routers are neither HA nor
 * distributed): placed when a router is made or changed while unhosted, when an agent arrives and
 * by the periodic sweep ({@code router_auto_schedule}), on the agent hosting the fewest routers (or
 * one at random, {@code router_scheduler_driver}) among those whose {@code l3_agent.ini} accepts
 * the router ({@code router_id}, {@code gateway_external_network_id}, {@code
 * handle_internal_only_routers}, as each agent reports them). A dead agent's routers move only when
 * {@code allow_automatic_l3agent_failover} is set, as in Neutron. An agent is told with {@code
 * routers_updated} (cast to its host) when it gains a router and {@code router_deleted} when it
 * loses one.
 */
public final class L3Scheduler extends AgentScheduler implements ChangeListener {
    private final Services services;

    public L3Scheduler(
            Services services,
            AgentRegistry registry,
            String placement,
            boolean autoSchedule,
            boolean failover) {
        super(
                "router",
                services.store(),
                registry,
                BindingTable.L3,
                AgentMessages.L3_AGENT,
                placement,
                autoSchedule,
                failover);
        this.services = services;
    }

    /** The scheduler {@code config}'s {@code [DEFAULT]} settings describe. */
    public static L3Scheduler of(Services services, AgentRegistry registry, Config config) {
        return new L3Scheduler(
                services,
                registry,
                config.get(SchedulerOptions.ROUTER_SCHEDULER_DRIVER),
                config.get(SchedulerOptions.ROUTER_AUTO_SCHEDULE),
                config.get(SchedulerOptions.ALLOW_AUTOMATIC_L3AGENT_FAILOVER));
    }

    @Override
    protected boolean countsOnlyLiveAgents() {
        return false;
    }

    @Override
    protected int agentsWanted() {
        return 1;
    }

    @Override
    protected List<String> resourcesWantingAgents(Transaction tx) {
        return services.routers().kind().table().where(tx, "1 = 1").stream()
                .map(router -> router.id().value())
                .toList();
    }

    @Override
    protected boolean wantsAgents(Transaction tx, String routerId) {
        return router(tx, routerId).isPresent();
    }

    /** Whether the agent's reported {@code l3_agent.ini} settings let it take the router. */
    @Override
    protected boolean accepts(Transaction tx, Agent agent, String routerId) {
        Optional<Router> router = router(tx, routerId);
        if (router.isEmpty()) {
            return false;
        }
        String onlyRouter = setting(agent, "router_id");
        if (!onlyRouter.isEmpty() && !onlyRouter.equals(routerId)) {
            return false;
        }
        String mode = setting(agent, "agent_mode");
        if (!mode.isEmpty() && !mode.equals("legacy") && !mode.equals("dvr_snat")) {
            return false;
        }
        if (router.get().gateway().isEmpty()) {
            return !setting(agent, "handle_internal_only_routers").equalsIgnoreCase("false");
        }
        String onlyExternal = setting(agent, "gateway_external_network_id");
        return onlyExternal.isEmpty()
                || onlyExternal.equals(router.get().gateway().get().networkId().value());
    }

    private static String setting(Agent agent, String key) {
        Object value = agent.configurations().get(key);
        return value == null ? "" : value.toString().strip();
    }

    private Optional<Router> router(Transaction tx, String routerId) {
        return services.routers().kind().table().find(tx, routerId);
    }

    @Override
    protected void tellAdded(Bus bus, String host, String routerId) {
        bus.cast(Topics.ROUTERS_UPDATED, host, new L3Messages.RoutersUpdated(List.of(routerId)));
    }

    @Override
    protected void tellRemoved(Bus bus, String host, String routerId) {
        bus.cast(Topics.ROUTER_DELETED, host, new L3Messages.RouterDeleted(routerId));
    }

    @Override
    public void resourceChanged(String resource, Change<? extends StandardResource> change) {
        if (resource.equals("router") && change.kind() != Change.Kind.DELETED) {
            String routerId = ((Router) change.latest()).id().value();
            later(() -> schedule(routerId));
        }
    }

    /** The routers {@code agentId} hosts ({@code GET /v2.0/agents/{id}/l3-routers}). */
    public List<Router> routersOf(Caller caller, AgentId agentId) {
        DhcpScheduler.requireAdmin(caller, "rule:get_l3-routers");
        return store.inTransaction(
                tx -> {
                    requireAgent(tx, agentId);
                    return hostedBy(tx, agentId).stream()
                            .map(id -> router(tx, id))
                            .flatMap(Optional::stream)
                            .toList();
                });
    }

    /** The L3 agents hosting a router ({@code GET /v2.0/routers/{id}/l3-agents}). */
    public List<Agent> agentsOf(Caller caller, RouterId routerId) {
        DhcpScheduler.requireAdmin(caller, "rule:get_l3-agents");
        return hostingAgents(routerId.value());
    }

    /** Adds a router to an L3 agent ({@code POST /v2.0/agents/{id}/l3-routers}). */
    public void add(Caller caller, AgentId agentId, RouterId routerId) {
        DhcpScheduler.requireAdmin(caller, "rule:create_l3-router");
        store.inTransaction(
                tx -> {
                    requireRouter(tx, routerId);
                    Agent agent = requireAgent(tx, agentId);
                    if (!agent.agentType().equals(AgentMessages.L3_AGENT)
                            || !agent.adminStateUp()
                            || !accepts(tx, agent, routerId.value())) {
                        throw new NotFoundException(
                                "InvalidL3Agent",
                                "Agent " + agentId + " is not a L3 Agent or has been disabled");
                    }
                    List<Agent> hosting = hostingAgents(tx, routerId.value());
                    if (hosting.stream().anyMatch(other -> other.id().equals(agentId))) {
                        return null;
                    }
                    if (!hosting.isEmpty()) {
                        throw new ConflictException(
                                "RouterHostedByL3Agent",
                                "The router "
                                        + routerId
                                        + " has been already hosted by the L3 Agent "
                                        + hosting.get(0).id()
                                        + ".");
                    }
                    bind(tx, agent, routerId.value());
                    return null;
                });
    }

    /**
     * Removes a router from an L3 agent ({@code DELETE .../l3-routers/{router_id}}); the router
     * stays unhosted until it changes, an agent arrives or the sweep places it, as in Neutron.
     */
    public void remove(Caller caller, AgentId agentId, RouterId routerId) {
        DhcpScheduler.requireAdmin(caller, "rule:delete_l3-router");
        store.inTransaction(
                tx -> {
                    requireRouter(tx, routerId);
                    unbind(tx, requireAgent(tx, agentId), routerId.value());
                    return null;
                });
    }

    private void requireRouter(Transaction tx, RouterId routerId) {
        services.routers().kind().require(tx, Caller.service(), routerId.value());
    }

    private Agent requireAgent(Transaction tx, AgentId agentId) {
        return registry.find(tx, agentId).orElseThrow(() -> AgentRegistry.notFound(agentId));
    }
}
