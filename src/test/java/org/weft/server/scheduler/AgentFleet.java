package org.weft.server.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentRegistry;

/**
 * Agents as the server sees them, without their dataplanes: each beats {@code report_state} into
 * the registry until it is stopped, and records what the server casts to its host on its topic
 * ({@code network_create_end} and {@code network_delete_end} for DHCP agents, {@code
 * routers_updated} and {@code router_deleted} for L3 agents) as {@code "method id"}.
 */
final class AgentFleet implements AutoCloseable {
    private final AgentRegistry registry;
    private final Bus bus;
    private final Map<String, AgentMessages.AgentState> beating = new ConcurrentHashMap<>();
    private final Map<String, List<String>> told = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();

    AgentFleet(AgentRegistry registry, Bus bus) {
        this.registry = registry;
        this.bus = bus;
        heart.scheduleWithFixedDelay(this::beat, 0, 300, TimeUnit.MILLISECONDS);
    }

    /** Starts a DHCP agent on {@code host}; returns it once registered. */
    Agent dhcp(String host) {
        bus.subscribe(
                Handlers.forTopic(Topics.DHCP_AGENT)
                        .on(Topics.NETWORK_CREATE_END, e -> record(host, "create", e.networkId()))
                        .on(Topics.NETWORK_DELETE_END, e -> record(host, "delete", e.networkId()))
                        .build(),
                host);
        return start(host, AgentMessages.DHCP_AGENT, "dhcp_agent", Map.of());
    }

    /** Starts an L3 agent on {@code host} that reports {@code configurations}. */
    Agent l3(String host, Map<String, Object> configurations) {
        bus.subscribe(
                Handlers.forTopic(Topics.L3_AGENT)
                        .on(
                                Topics.ROUTERS_UPDATED,
                                m -> m.routerIds().forEach(id -> record(host, "updated", id)))
                        .on(Topics.ROUTER_DELETED, m -> record(host, "deleted", m.routerId()))
                        .build(),
                host);
        return start(host, AgentMessages.L3_AGENT, "l3_agent", configurations);
    }

    private Agent start(
            String host, String type, String topic, Map<String, Object> configurations) {
        AgentMessages.AgentState state =
                new AgentMessages.AgentState(
                        type, "weft-test-agent", host, topic, configurations, true, "nova");
        registry.report(state);
        beating.put(host + "/" + type, state);
        return registry.list(org.weft.server.policy.Caller.noauthAdmin()).stream()
                .filter(agent -> agent.host().equals(host) && agent.agentType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    /** Stops the heartbeats of every agent on {@code host}. */
    void stop(String host) {
        beating.keySet().removeIf(key -> key.startsWith(host + "/"));
    }

    /** How often {@code host} was told {@code method} of {@code id}. */
    long told(String host, String method, String id) {
        return told.getOrDefault(host, List.of()).stream()
                .filter(message -> message.equals(method + " " + id))
                .count();
    }

    Set<String> hosts() {
        return Set.copyOf(told.keySet());
    }

    private void record(String host, String method, String id) {
        told.computeIfAbsent(host, key -> new CopyOnWriteArrayList<>()).add(method + " " + id);
    }

    private void beat() {
        beating.values().forEach(registry::report);
    }

    static boolean eventually(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        heart.shutdownNow();
    }
}
