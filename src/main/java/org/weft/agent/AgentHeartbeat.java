package org.weft.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.BusException;
import org.weft.bus.BusOptions;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.config.CommonOptions;
import org.weft.config.Config;

/**
 * An agent's {@code report_state} heartbeat: every {@code report_interval} it tells the server its
 * type, host and configuration, so that the server counts it alive ({@code openstack network agent
 * list}). When the server answers that the agent had been counted down ({@code revived}), the agent
 * missed notifications meanwhile and {@code onRevived} runs (a full resynchronisation).
 */
public final class AgentHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentHeartbeat.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final Bus bus;
    private final AgentMessages.AgentState first;
    private final Supplier<Map<String, Object>> configurations;
    private final Runnable onRevived;
    private final ScheduledExecutorService timer;
    private boolean started = true;
    private Instant lastWarning = Instant.EPOCH;

    private AgentHeartbeat(
            Bus bus,
            AgentMessages.AgentState first,
            Supplier<Map<String, Object>> configurations,
            Runnable onRevived) {
        this.bus = bus;
        this.first = first;
        this.configurations = configurations;
        this.onRevived = onRevived;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("heartbeat").daemon().factory());
    }

    /**
     * Starts reporting at once, then every {@code report_interval}.
     *
     * @param agentType as Neutron's clients know it ({@link AgentMessages#L3_AGENT}, …)
     * @param binary the agent's program name ({@code weft-l3-agent})
     * @param topic the topic the agent listens on
     * @param configurations what the agent reports of its configuration, asked at every beat
     */
    public static AgentHeartbeat start(
            Bus bus,
            Config config,
            String agentType,
            String binary,
            String topic,
            Supplier<Map<String, Object>> configurations,
            Runnable onRevived) {
        AgentMessages.AgentState state =
                new AgentMessages.AgentState(
                        agentType, binary, host(config), topic, Map.of(), true, "nova");
        AgentHeartbeat heartbeat = new AgentHeartbeat(bus, state, configurations, onRevived);
        long interval = config.get(BusOptions.REPORT_INTERVAL);
        heartbeat.timer.scheduleWithFixedDelay(heartbeat::beat, 0, interval, TimeUnit.SECONDS);
        return heartbeat;
    }

    /** The name this host reports: {@code [DEFAULT] host}, or the machine's host name. */
    public static String host(Config config) {
        return config.find(CommonOptions.HOST)
                .orElseGet(
                        () -> {
                            try {
                                return InetAddress.getLocalHost().getHostName();
                            } catch (UnknownHostException e) {
                                return "localhost";
                            }
                        });
    }

    private void beat() {
        AgentMessages.AgentState state =
                new AgentMessages.AgentState(
                        first.agentType(),
                        first.binary(),
                        first.host(),
                        first.topic(),
                        configurations.get(),
                        started,
                        first.availabilityZone());
        try {
            AgentMessages.ReportStateReply reply = bus.call(Topics.REPORT_STATE, state);
            started = false;
            if (reply.status() == AgentMessages.AgentStatus.REVIVED) {
                log.info(
                        "server counted agent={} host={} down; resynchronising",
                        state.agentType(),
                        state.host());
                onRevived.run();
            }
        } catch (BusException e) {
            if (Instant.now().isAfter(lastWarning.plus(WARN_EVERY))) {
                lastWarning = Instant.now();
                log.warn(
                        "report_state of agent={} host={} failed: {}",
                        state.agentType(),
                        state.host(),
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("report_state of agent={} failed", state.agentType(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
