package org.weft.server.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.server.agent.AgentRegistry;
import org.weft.server.scheduler.internal.BindingTable;
import org.weft.store.Store;
import org.weft.store.Transaction;

/**
 * What the DHCP and L3 schedulers share: resources (networks, routers) bound to agents of one type
 * in a binding table, new bindings placed on the least loaded eligible agent (or one chosen at
 * random), and a periodic sweep that moves resources away from agents that stopped heartbeating and
 * hosts whatever has fewer agents than it wants.
 *
 * <p>An agent is eligible when it is administratively up, heartbeating within {@code
 * agent_down_time}, and its configuration accepts the resource. It counts as dead, and loses what
 * it hosts when failover is on, after twice {@code agent_down_time} without a heartbeat, as in
 * Neutron: a busy agent that misses a beat or two keeps its resources.
 *
 * <p>With auto-scheduling on, a resource an administrator removed from its last agent is placed
 * again by the next sweep (every {@code agent_down_time} / 2) if no one adds it elsewhere first;
 * moving a router by hand is a removal and an add in quick succession, as with Neutron, whose
 * agents' resyncs place unhosted resources the same way. Neutron's grace for an agent that has just
 * started and is still catching up ("starting up") is not kept: such an agent counts as dead after
 * twice {@code agent_down_time} like any other.
 *
 * <p>Scheduling triggered by changes, arrivals of agents and the sweep runs on one thread of the
 * scheduler's own, which also sends the agents their notifications, so that a commit never waits
 * for the bus. Bindings made by several servers at once stay consistent through the table's primary
 * key; two servers placing one network at the same moment can give it one agent more than wanted,
 * which the sweep does not take back.
 */
public abstract class AgentScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentScheduler.class);

    protected final Store store;
    protected final AgentRegistry registry;
    private final String resourceName;
    private final BindingTable bindings;
    private final String agentType;
    private final String placement;
    private final boolean autoSchedule;
    private final boolean failover;
    private final ScheduledExecutorService worker;
    private volatile Bus bus;

    protected AgentScheduler(
            String resourceName,
            Store store,
            AgentRegistry registry,
            BindingTable bindings,
            String agentType,
            String placement,
            boolean autoSchedule,
            boolean failover) {
        this.resourceName = resourceName;
        this.store = store;
        this.registry = registry;
        this.bindings = bindings;
        this.agentType = agentType;
        this.placement = placement;
        this.autoSchedule = autoSchedule;
        this.failover = failover;
        this.worker =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name(resourceName + "-scheduler").factory());
    }

    /** {@code network} or {@code router}, for logs. */
    protected String resourceName() {
        return resourceName;
    }

    /** How many agents each resource wants. */
    protected abstract int agentsWanted();

    /** Every resource that wants agents now. */
    protected abstract List<String> resourcesWantingAgents(Transaction tx);

    /** Whether the resource exists and wants agents now. */
    protected abstract boolean wantsAgents(Transaction tx, String resourceId);

    /**
     * Whether only live agents count towards {@link #agentsWanted()}: true for networks, whose
     * extra DHCP agents cost nothing, false for routers, which must never run on two agents at
     * once; a router leaves a dead agent only by failover.
     */
    protected abstract boolean countsOnlyLiveAgents();

    /** Whether {@code agent}'s configuration lets it host the resource. */
    protected abstract boolean accepts(Transaction tx, Agent agent, String resourceId);

    /** Tells the agent on {@code host} that it hosts the resource now. */
    protected abstract void tellAdded(Bus bus, String host, String resourceId);

    /** Tells the agent on {@code host} that it no longer hosts the resource. */
    protected abstract void tellRemoved(Bus bus, String host, String resourceId);

    /**
     * Sends notifications on {@code bus} from now on, schedules what arriving agents can host, and
     * sweeps every {@code agent_down_time} / 2, the first time once {@code agent_down_time} has
     * passed, so that agents that beat while this server was down are not counted dead.
     */
    public void connect(Bus bus) {
        this.bus = bus;
        registry.onArrival(
                agent -> {
                    if (agent.agentType().equals(agentType)) {
                        later(this::sweep);
                    }
                });
        long period = Math.max(registry.downTime().toMillis() / 2, 1000);
        worker.scheduleWithFixedDelay(
                this::sweepSafely, registry.downTime().toMillis(), period, TimeUnit.MILLISECONDS);
    }

    /** The agents that host the resource, whatever their state. */
    public List<Agent> hostingAgents(String resourceId) {
        return store.inTransaction(tx -> hostingAgents(tx, resourceId));
    }

    protected List<Agent> hostingAgents(Transaction tx, String resourceId) {
        return bindings.agentsOf(tx, resourceId).stream()
                .map(id -> registry.find(tx, id))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The resources {@code agent} hosts. */
    public List<String> hostedBy(Transaction tx, AgentId agent) {
        return bindings.resourcesOf(tx, agent);
    }

    /**
     * The resources the agent of this type on {@code host} hosts; none when there is no such agent
     * or it is administratively down.
     */
    public List<String> hostedOn(String host) {
        return store.inTransaction(
                tx ->
                        registry.find(tx, agentType, host)
                                .filter(Agent::adminStateUp)
                                .map(agent -> bindings.resourcesOf(tx, agent.id()))
                                .orElse(List.of()));
    }

    /** Whether the agent of this type on {@code host} hosts the resource. */
    public boolean hosts(String host, String resourceId) {
        return hostedOn(host).contains(resourceId);
    }

    /**
     * Binds the resource to as many more eligible agents as it wants and tells them; nothing when
     * auto-scheduling is off or it has its agents.
     */
    public List<Agent> schedule(String resourceId) {
        if (!autoSchedule) {
            return List.of();
        }
        return store.inTransaction(tx -> schedule(tx, resourceId));
    }

    private List<Agent> schedule(Transaction tx, String resourceId) {
        if (!wantsAgents(tx, resourceId)) {
            return List.of();
        }
        List<Agent> hosting = hostingAgents(tx, resourceId);
        Instant now = registry.clock().instant();
        long live = hosting.stream().filter(agent -> counts(agent, now)).count();
        int missing = (int) (agentsWanted() - live);
        if (missing <= 0) {
            return List.of();
        }
        List<Agent> chosen =
                candidates(tx, resourceId, hosting, now).stream().limit(missing).toList();
        List<Agent> bound = new ArrayList<>();
        for (Agent agent : chosen) {
            if (bindings.bind(tx, resourceId, agent.id())) {
                bound.add(agent);
            }
        }
        tx.afterCommit(() -> bound.forEach(agent -> added(agent, resourceId, "scheduled")));
        if (bound.isEmpty() && live == 0) {
            log.debug("no eligible agent for {}={}", resourceName(), resourceId);
        }
        return bound;
    }

    /** The eligible agents not hosting the resource yet, in the order the placement prefers. */
    private List<Agent> candidates(
            Transaction tx, String resourceId, List<Agent> hosting, Instant now) {
        List<AgentId> taken = hosting.stream().map(Agent::id).toList();
        List<Agent> eligible = new ArrayList<>();
        for (Agent agent : registry.ofType(tx, agentType)) {
            if (!taken.contains(agent.id())
                    && agent.adminStateUp()
                    && isAlive(agent, now)
                    && accepts(tx, agent, resourceId)) {
                eligible.add(agent);
            }
        }
        if (placement.equals(SchedulerOptions.CHANCE)) {
            Collections.shuffle(eligible);
            return eligible;
        }
        Map<AgentId, Integer> loads = bindings.loads(tx);
        eligible.sort(
                Comparator.<Agent>comparingInt(agent -> loads.getOrDefault(agent.id(), 0))
                        .thenComparing(Agent::host));
        return eligible;
    }

    /**
     * Binds to the agent on {@code host} every resource that wants more agents and that it may
     * host, as Neutron does when an agent asks for its resources; nothing when auto-scheduling is
     * off. The agent learns of them from the answer it is waiting for.
     */
    public void scheduleTo(String host) {
        if (!autoSchedule) {
            return;
        }
        store.inTransaction(
                tx -> {
                    Optional<Agent> agent = registry.find(tx, agentType, host);
                    Instant now = registry.clock().instant();
                    if (agent.isEmpty()
                            || !agent.get().adminStateUp()
                            || !isAlive(agent.get(), now)) {
                        return null;
                    }
                    for (String resourceId : underHosted(tx)) {
                        scheduleTo(tx, agent.get(), resourceId, now);
                    }
                    return null;
                });
    }

    private void scheduleTo(Transaction tx, Agent agent, String resourceId, Instant now) {
        List<Agent> hosting = hostingAgents(tx, resourceId);
        long live = hosting.stream().filter(other -> counts(other, now)).count();
        boolean hostsIt = hosting.stream().anyMatch(other -> other.id().equals(agent.id()));
        if (live < agentsWanted()
                && !hostsIt
                && accepts(tx, agent, resourceId)
                && bindings.bind(tx, resourceId, agent.id())) {
            log.info(
                    "{}={} scheduled to agent={} host={}",
                    resourceName(),
                    resourceId,
                    agent.id(),
                    agent.host());
        }
    }

    /** Binds the resource to {@code agent} as an administrator asked, and tells the agent. */
    protected void bind(Transaction tx, Agent agent, String resourceId) {
        if (bindings.bind(tx, resourceId, agent.id())) {
            tx.afterCommit(() -> added(agent, resourceId, "added by an administrator"));
        }
    }

    /** Unbinds as an administrator asked and tells the agent; false when it was not bound. */
    protected boolean unbind(Transaction tx, Agent agent, String resourceId) {
        if (!bindings.unbind(tx, resourceId, agent.id())) {
            return false;
        }
        tx.afterCommit(() -> removed(agent, resourceId, "removed by an administrator"));
        return true;
    }

    /**
     * Moves resources away from dead agents (when failover is on) and hosts every resource that
     * wants more agents (when auto-scheduling is on).
     */
    public void sweep() {
        if (failover) {
            store.inTransaction(
                    tx -> {
                        removeFromDeadAgents(tx);
                        return null;
                    });
        }
        if (autoSchedule) {
            for (String resourceId : store.inTransaction(this::underHosted)) {
                schedule(resourceId);
            }
        }
    }

    /** The resources that want agents and have fewer live ones than they want. */
    private List<String> underHosted(Transaction tx) {
        Instant now = registry.clock().instant();
        Map<AgentId, Agent> agents = new HashMap<>();
        registry.ofType(tx, agentType).forEach(agent -> agents.put(agent.id(), agent));
        Map<String, Integer> live = new HashMap<>();
        for (BindingTable.Binding binding : bindings.all(tx)) {
            Agent agent = agents.get(binding.agentId());
            if (agent != null && counts(agent, now)) {
                live.merge(binding.resourceId(), 1, Integer::sum);
            }
        }
        return resourcesWantingAgents(tx).stream()
                .filter(id -> live.getOrDefault(id, 0) < agentsWanted())
                .toList();
    }

    private void removeFromDeadAgents(Transaction tx) {
        Instant now = registry.clock().instant();
        Map<AgentId, Agent> agents = new HashMap<>();
        registry.ofType(tx, agentType).forEach(agent -> agents.put(agent.id(), agent));
        boolean anyAlive =
                agents.values().stream()
                        .anyMatch(agent -> agent.adminStateUp() && isAlive(agent, now));
        if (!anyAlive) {
            return;
        }
        Duration deadAfter = registry.downTime().multipliedBy(2);
        for (BindingTable.Binding binding : bindings.all(tx)) {
            Agent agent = agents.get(binding.agentId());
            if (agent != null && agent.heartbeatTimestamp().isBefore(now.minus(deadAfter))) {
                bindings.unbind(tx, binding.resourceId(), agent.id());
                log.warn(
                        "{}={} removed from agent={} host={}: no heartbeat for {} s",
                        resourceName(),
                        binding.resourceId(),
                        agent.id(),
                        agent.host(),
                        deadAfter.toSeconds());
                tx.afterCommit(() -> tellSafely(agent, binding.resourceId(), false));
            }
        }
    }

    private boolean counts(Agent hosting, Instant now) {
        return !countsOnlyLiveAgents() || isAlive(hosting, now);
    }

    private boolean isAlive(Agent agent, Instant now) {
        return agent.isAlive(now, registry.downTime());
    }

    private void added(Agent agent, String resourceId, String why) {
        log.info(
                "{}={} {} to agent={} host={}",
                resourceName(),
                resourceId,
                why,
                agent.id(),
                agent.host());
        later(() -> tellSafely(agent, resourceId, true));
    }

    private void removed(Agent agent, String resourceId, String why) {
        log.info(
                "{}={} {} from agent={} host={}",
                resourceName(),
                resourceId,
                why,
                agent.id(),
                agent.host());
        later(() -> tellSafely(agent, resourceId, false));
    }

    private void tellSafely(Agent agent, String resourceId, boolean added) {
        Bus current = bus;
        if (current == null) {
            return;
        }
        try {
            if (added) {
                tellAdded(current, agent.host(), resourceId);
            } else {
                tellRemoved(current, agent.host(), resourceId);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "cannot tell agent={} host={} about {}={}: {}; it catches up at its next full"
                            + " sync",
                    agent.id(),
                    agent.host(),
                    resourceName(),
                    resourceId,
                    e.toString());
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("{} scheduling sweep failed, trying again at the next", resourceName(), e);
        }
    }

    /** Runs {@code work} on the scheduler's thread. */
    protected void later(Runnable work) {
        try {
            worker.execute(
                    () -> {
                        try {
                            work.run();
                        } catch (RuntimeException e) {
                            log.warn("{} scheduling failed", resourceName(), e);
                        }
                    });
        } catch (RejectedExecutionException e) {
            log.debug("{} scheduler closed, work dropped", resourceName());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
