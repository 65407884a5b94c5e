package org.weft.server.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.BusOptions;
import org.weft.bus.Handlers;
import org.weft.bus.Subscription;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.AgentMessages.ReportStateReply;
import org.weft.config.Config;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.agent.internal.AgentTable;
import org.weft.server.policy.Caller;
import org.weft.store.Store;

/**
 * The agents the server has heard from: it records every {@code report_state} heartbeat (a new
 * agent type on a host is registered by its first one), tells the agent whether it was counted down
 * meanwhile, and lets administrators see, disable, describe and forget agents. Only administrators
 * see agents at all, as Neutron's default policy has it.
 */
public final class AgentRegistry {
    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    private final Store store;
    private final Duration downTime;
    private final boolean enableNewAgents;
    private final Clock clock;
    private final List<java.util.function.Consumer<Agent>> deletionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Agent>> arrivalListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public AgentRegistry(Store store, Duration downTime, boolean enableNewAgents, Clock clock) {
        this.store = store;
        this.downTime = downTime;
        this.enableNewAgents = enableNewAgents;
        this.clock = clock;
    }

    /**
     * The registry {@code config} describes ({@code agent_down_time}, {@code enable_new_agents}).
     */
    public static AgentRegistry of(Store store, Config config) {
        return new AgentRegistry(
                store,
                Duration.ofSeconds(config.get(BusOptions.AGENT_DOWN_TIME)),
                config.get(AgentOptions.ENABLE_NEW_AGENTS),
                Clock.systemUTC());
    }

    /** Answers {@code report_state} calls on {@code bus}. */
    public Subscription serve(Bus bus) {
        return bus.subscribe(
                Handlers.forTopic(Topics.REPORTS).on(Topics.REPORT_STATE, this::report).build());
    }

    /** Records one heartbeat. */
    public ReportStateReply report(AgentState state) {
        Objects.requireNonNull(state.agentType(), "agent_type");
        Objects.requireNonNull(state.host(), "host");
        Instant now = clock.instant();
        AgentStatus status = store.inTransaction(tx -> record(tx, state, now));
        switch (status) {
            case NEW ->
                    log.info(
                            "agent registered agent_type={} host={}",
                            state.agentType(),
                            state.host());
            case REVIVED ->
                    log.info(
                            "agent alive again agent_type={} host={}",
                            state.agentType(),
                            state.host());
            case ALIVE ->
                    log.debug("heartbeat agent_type={} host={}", state.agentType(), state.host());
        }
        if (status != AgentStatus.ALIVE) {
            arrived(state);
        }
        return new ReportStateReply(status);
    }

    private void arrived(AgentState state) {
        Optional<Agent> agent =
                store.inTransaction(tx -> AgentTable.find(tx, state.agentType(), state.host()));
        for (java.util.function.Consumer<Agent> listener : arrivalListeners) {
            try {
                agent.ifPresent(listener);
            } catch (RuntimeException e) {
                log.warn("agent arrival listener failed host={}", state.host(), e);
            }
        }
    }

    private AgentStatus record(org.weft.store.Transaction tx, AgentState state, Instant now) {
        Optional<Agent> known = AgentTable.find(tx, state.agentType(), state.host());
        if (known.isEmpty()) {
            if (AgentTable.insert(tx, newAgent(state, now))) {
                return AgentStatus.NEW;
            }
            // Another server registered it between our look and our insert.
            known = AgentTable.find(tx, state.agentType(), state.host());
        }
        Agent agent = known.orElseThrow();
        AgentTable.recordHeartbeat(tx, agent.id(), state, now);
        return agent.isAlive(now, downTime) ? AgentStatus.ALIVE : AgentStatus.REVIVED;
    }

    private Agent newAgent(AgentState state, Instant now) {
        return new Agent(
                AgentId.random(),
                state.agentType(),
                String.valueOf(state.binary()),
                String.valueOf(state.topic()),
                state.host(),
                enableNewAgents,
                now,
                now,
                now,
                Optional.empty(),
                state.configurations(),
                Optional.ofNullable(state.availabilityZone()),
                Optional.empty());
    }

    /** Every agent {@code caller} may see: all for an administrator, none for anyone else. */
    public List<Agent> list(Caller caller) {
        if (!caller.admin()) {
            return List.of();
        }
        return store.inTransaction(AgentTable::all);
    }

    public Agent show(Caller caller, AgentId id) {
        return store.inTransaction(tx -> visible(caller, AgentTable.find(tx, id), id));
    }

    /** Sets what an administrator may set: {@code admin_state_up} and {@code description}. */
    public Agent update(
            Caller caller,
            AgentId id,
            Optional<Boolean> adminStateUp,
            Optional<String> description) {
        Agent updated =
                store.inTransaction(
                        tx -> {
                            Agent current = visible(caller, AgentTable.find(tx, id), id);
                            Agent changed =
                                    new Agent(
                                            current.id(),
                                            current.agentType(),
                                            current.binary(),
                                            current.topic(),
                                            current.host(),
                                            adminStateUp.orElse(current.adminStateUp()),
                                            current.createdAt(),
                                            current.startedAt(),
                                            current.heartbeatTimestamp(),
                                            description.isPresent()
                                                    ? description
                                                    : current.description(),
                                            current.configurations(),
                                            current.availabilityZone(),
                                            current.resourcesSynced());
                            AgentTable.update(tx, changed);
                            return changed;
                        });
        log.info("agent updated agent={} admin_state_up={}", updated.id(), updated.adminStateUp());
        return updated;
    }

    /** Forgets an agent; it registers again, with a new id, on its next heartbeat. */
    public void delete(Caller caller, AgentId id) {
        Agent deleted =
                store.inTransaction(
                        tx -> {
                            Agent agent = visible(caller, AgentTable.find(tx, id), id);
                            AgentTable.delete(tx, id);
                            return agent;
                        });
        log.info("agent deleted agent={}", id);
        for (java.util.function.Consumer<Agent> listener : deletionListeners) {
            try {
                listener.accept(deleted);
            } catch (RuntimeException e) {
                log.warn("agent deletion listener failed agent={}", id, e);
            }
        }
    }

    /** Told of every agent an administrator deletes, once it is deleted. */
    public void onDelete(java.util.function.Consumer<Agent> listener) {
        deletionListeners.add(listener);
    }

    /** The agent of {@code agentType} on {@code host}, within a running transaction. */
    public Optional<Agent> find(org.weft.store.Transaction tx, String agentType, String host) {
        return AgentTable.find(tx, agentType, host);
    }

    /** The agent with {@code id}, within a running transaction, whoever asks. */
    public Optional<Agent> find(org.weft.store.Transaction tx, AgentId id) {
        return AgentTable.find(tx, id);
    }

    /** Every agent of {@code agentType}, within a running transaction. */
    public List<Agent> ofType(org.weft.store.Transaction tx, String agentType) {
        return AgentTable.all(tx).stream()
                .filter(agent -> agent.agentType().equals(agentType))
                .toList();
    }

    /** The time after which an agent without a heartbeat counts as down. */
    public Duration downTime() {
        return downTime;
    }

    /** The registry's clock, for whoever compares heartbeats with now. */
    public Clock clock() {
        return clock;
    }

    /**
     * Told of every agent whose heartbeat registered it or brought it back from down, after the
     * heartbeat is recorded, on the thread that received it.
     */
    public void onArrival(java.util.function.Consumer<Agent> listener) {
        arrivalListeners.add(listener);
    }

    /** Whether {@code agent} sent a heartbeat within {@code agent_down_time}. */
    public boolean isAlive(Agent agent) {
        return agent.isAlive(clock.instant(), downTime);
    }

    private static Agent visible(Caller caller, Optional<Agent> agent, AgentId id) {
        if (!caller.admin() || agent.isEmpty()) {
            throw notFound(id);
        }
        return agent.get();
    }

    public static NotFoundException notFound(AgentId id) {
        return Errors.notFound("Agent", id.value());
    }
}
